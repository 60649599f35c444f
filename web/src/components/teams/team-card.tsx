import { useMutation } from "@tanstack/react-query";
import { Lock, X } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { isAdmin } from "../../lib/roles";
import { useTRPC } from "../../lib/trpc";
import type { Member, Team, Workspace } from "../../lib/types";
import { useRefreshWorkspace } from "../../lib/use-refresh-workspace";
import { Avatar } from "../ui/avatar";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Tooltip } from "../ui/tooltip";
import { AddTeamMember } from "./add-team-member";
import { TeamActions } from "./team-actions";

/** Big teams (General holds everyone) start folded. */
const COLLAPSED = 24;

export function TeamCard({
  team,
  members,
  workspace,
}: {
  team: Team;
  members: Member[];
  workspace: Workspace;
}) {
  const trpc = useTRPC();
  const refresh = useRefreshWorkspace();
  const manage = isAdmin(workspace.role) && !team.isDefault;
  const remove = useMutation(
    trpc.teams.removeMember.mutationOptions({
      onSuccess: async (_r, { userId }) => {
        await refresh();
        const name = team.members.find((m) => m.userId === userId)?.displayName ?? "Member";
        toast.success(`Removed ${name} from ${team.name}`);
      },
    }),
  );
  const [showAll, setShowAll] = useState(false);
  const hidden = showAll ? 0 : Math.max(0, team.members.length - COLLAPSED);
  const shown = hidden ? team.members.slice(0, COLLAPSED) : team.members;
  const count = `${team.members.length} ${team.members.length === 1 ? "member" : "members"}`;

  return (
    <section aria-label={`Team ${team.name}`} className="rounded-xl border bg-(--card) shadow-xs">
      <header className="flex flex-wrap items-center gap-3 border-b px-5 py-3.5">
        <div className="flex min-w-0 flex-1 items-center gap-2">
          <h2 className="truncate text-[15px] font-semibold">{team.name}</h2>
          {team.isDefault ? (
            <Tooltip
              content="Everyone in the workspace is in General. It can't be renamed or deleted."
              wrap
            >
              <Badge>
                <Lock aria-hidden />
                Fixed
              </Badge>
            </Tooltip>
          ) : null}
          <span className="text-[13px] text-(--muted-foreground)">{count}</span>
        </div>
        {manage ? (
          <div className="flex items-center gap-1.5">
            <AddTeamMember workspaceId={workspace.id} team={team} members={members} />
            <TeamActions workspaceId={workspace.id} team={team} />
          </div>
        ) : null}
      </header>
      <div className="px-5 py-4">
        {team.members.length === 0 ? (
          <p className="text-sm text-(--muted-foreground)">
            No one in this team yet.{manage ? " Use Add member to bring people in." : ""}
          </p>
        ) : (
          <ul aria-label={`Members of ${team.name}`} className="flex flex-wrap gap-2">
            {shown.map((m) => (
              <li
                key={m.userId}
                className="flex h-8 items-center gap-2 rounded-full border bg-(--background) py-1 pr-1 pl-1 text-[13px]"
              >
                <Avatar name={m.displayName} seed={m.userId} className="size-6 text-[10px]" />
                <span className={manage ? "" : "pr-2.5"}>{m.displayName}</span>
                {manage ? (
                  <button
                    type="button"
                    aria-label={`Remove ${m.displayName} from ${team.name}`}
                    disabled={remove.isPending}
                    onClick={() =>
                      remove.mutate({
                        workspaceId: workspace.id,
                        teamId: team.id,
                        userId: m.userId,
                      })
                    }
                    className="inline-flex size-6 cursor-pointer items-center justify-center rounded-full text-(--muted-foreground) hover:bg-(--muted) hover:text-(--destructive)"
                  >
                    <X className="size-3.5" aria-hidden />
                  </button>
                ) : null}
              </li>
            ))}
            {hidden ? (
              <li>
                <Button
                  variant="ghost"
                  size="sm"
                  className="rounded-full"
                  onClick={() => setShowAll(true)}
                >
                  Show {hidden} more
                </Button>
              </li>
            ) : null}
          </ul>
        )}
      </div>
    </section>
  );
}
