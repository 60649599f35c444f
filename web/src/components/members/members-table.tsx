import { SearchX } from "lucide-react";
import { formatDate, formatFull } from "../../lib/format";
import { isAdmin } from "../../lib/roles";
import type { Member, Workspace } from "../../lib/types";
import { Avatar } from "../ui/avatar";
import { Badge } from "../ui/badge";
import { EmptyState } from "../ui/empty-state";
import { Table, Td, Th, Tr } from "../ui/table";
import { RemoveMemberButton } from "./remove-member-button";
import { RoleControl } from "./role-control";

const MAX_TEAMS = 3;

export function MembersTable({
  workspace,
  members,
  filtered,
}: {
  workspace: Workspace;
  members: Member[];
  filtered: boolean;
}) {
  if (members.length === 0) {
    return (
      <EmptyState icon={SearchX} title={filtered ? "No one matches" : "No members"}>
        {filtered ? "Try a different name." : "Add people to this workspace to see them here."}
      </EmptyState>
    );
  }
  const manage = isAdmin(workspace.role);
  return (
    <Table aria-label="Members">
      <thead>
        <tr>
          <Th>Name</Th>
          <Th className="w-44">Role</Th>
          <Th>Teams</Th>
          <Th className="w-32">Joined</Th>
          {manage ? (
            <Th className="w-14">
              <span className="sr-only">Actions</span>
            </Th>
          ) : null}
        </tr>
      </thead>
      <tbody>
        {members.map((m) => (
          <Tr key={m.userId}>
            <Td>
              <div className="flex items-center gap-3">
                <Avatar name={m.displayName} seed={m.userId} className="size-8" />
                <span className="font-medium">{m.displayName}</span>
                {m.isYou ? <Badge tone="accent">You</Badge> : null}
              </div>
            </Td>
            <Td>
              <RoleControl workspace={workspace} member={m} />
            </Td>
            <Td>
              <div className="flex flex-wrap gap-1">
                {m.teams.slice(0, MAX_TEAMS).map((t) => (
                  <Badge key={t.id}>{t.name}</Badge>
                ))}
                {m.teams.length > MAX_TEAMS ? (
                  <Badge title={m.teams.map((t) => t.name).join(", ")}>
                    +{m.teams.length - MAX_TEAMS}
                  </Badge>
                ) : null}
                {m.teams.length === 0 ? <span className="text-(--muted-foreground)">—</span> : null}
              </div>
            </Td>
            <Td className="whitespace-nowrap text-(--muted-foreground)">
              <time dateTime={new Date(m.joinedAt).toISOString()} title={formatFull(m.joinedAt)}>
                {formatDate(m.joinedAt)}
              </time>
            </Td>
            {manage ? (
              <Td className="text-right">
                <RemoveMemberButton workspace={workspace} member={m} />
              </Td>
            ) : null}
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
