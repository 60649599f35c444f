import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "../../lib/trpc";
import type { Team } from "../../lib/types";
import { useRefreshWorkspace } from "../../lib/use-refresh-workspace";
import { NameDialog, savesName } from "../ui/name-dialog";

interface DialogProps {
  workspaceId: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}

const TEAM_NAME = {
  id: "team-name",
  label: "Team name",
  what: "Team name",
  placeholder: "Research",
};

export function CreateTeamDialog({ workspaceId, open, onOpenChange }: DialogProps) {
  const trpc = useTRPC();
  const refresh = useRefreshWorkspace();
  const create = useMutation(
    trpc.teams.create.mutationOptions(
      savesName(onOpenChange, refresh, (team) => `Created the team “${team.name}”`),
    ),
  );
  return (
    <NameDialog
      open={open}
      onOpenChange={onOpenChange}
      title="Create team"
      description="You can add people to it right after."
      field={TEAM_NAME}
      submitLabel="Create team"
      mutation={create}
      onSubmit={(name) => create.mutate({ workspaceId, name })}
    />
  );
}

export function RenameTeamDialog({
  workspaceId,
  team,
  open,
  onOpenChange,
}: DialogProps & { team: Team }) {
  const trpc = useTRPC();
  const refresh = useRefreshWorkspace();
  const rename = useMutation(
    trpc.teams.rename.mutationOptions(
      savesName(onOpenChange, refresh, ({ name }) => `Renamed to “${name}”`),
    ),
  );
  return (
    <NameDialog
      open={open}
      onOpenChange={onOpenChange}
      title={`Rename ${team.name}`}
      description="The new name shows everywhere at once."
      field={TEAM_NAME}
      initial={team.name}
      submitLabel="Rename"
      mutation={rename}
      onSubmit={(name) => rename.mutate({ workspaceId, teamId: team.id, name })}
    />
  );
}
