import { useMutation } from "@tanstack/react-query";
import { UserPlus } from "lucide-react";
import { toast } from "sonner";
import { useTRPC } from "../../lib/trpc";
import type { Member, Team } from "../../lib/types";
import { useRefreshWorkspace } from "../../lib/use-refresh-workspace";
import { Avatar } from "../ui/avatar";
import { Button } from "../ui/button";
import { Menu, MenuContent, MenuItem, MenuLabel, MenuTrigger } from "../ui/dropdown-menu";

/** A picker of workspace members who are not yet in the team. */
export function AddTeamMember({
  workspaceId,
  team,
  members,
}: {
  workspaceId: string;
  team: Team;
  members: Member[];
}) {
  const trpc = useTRPC();
  const refresh = useRefreshWorkspace();
  const add = useMutation(
    trpc.teams.addMember.mutationOptions({
      onSuccess: async (_r, { userId }) => {
        await refresh();
        const name = members.find((m) => m.userId === userId)?.displayName ?? "Member";
        toast.success(`Added ${name} to ${team.name}`);
      },
    }),
  );
  const inTeam = new Set(team.members.map((m) => m.userId));
  const candidates = members.filter((m) => !inTeam.has(m.userId));

  return (
    <Menu>
      <MenuTrigger asChild>
        <Button variant="secondary" size="sm" loading={add.isPending}>
          {add.isPending ? null : <UserPlus />}
          Add member
        </Button>
      </MenuTrigger>
      <MenuContent align="end" className="max-h-80 w-64 overflow-y-auto">
        <MenuLabel>Add to {team.name}</MenuLabel>
        {candidates.length === 0 ? (
          <MenuItem disabled>Everyone is already in this team</MenuItem>
        ) : (
          candidates.map((m) => (
            <MenuItem
              key={m.userId}
              onSelect={() => add.mutate({ workspaceId, teamId: team.id, userId: m.userId })}
            >
              <Avatar name={m.displayName} seed={m.userId} className="size-6 text-[10px]" />
              {m.displayName}
            </MenuItem>
          ))
        )}
      </MenuContent>
    </Menu>
  );
}
