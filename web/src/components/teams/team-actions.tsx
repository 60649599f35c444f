import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "../../lib/trpc";
import type { Team } from "../../lib/types";
import { useRefreshWorkspace } from "../../lib/use-refresh-workspace";
import { RenameDeleteMenu } from "../ui/rename-delete-menu";
import { RenameTeamDialog } from "./team-name-dialog";

export function TeamActions({ workspaceId, team }: { workspaceId: string; team: Team }) {
  const trpc = useTRPC();
  const refresh = useRefreshWorkspace();
  const [deleting, setDeleting] = useState(false);
  const remove = useMutation(
    trpc.teams.delete.mutationOptions({
      onSuccess: async () => {
        setDeleting(false);
        await refresh();
        toast.success(`Deleted the team “${team.name}”`);
      },
    }),
  );

  return (
    <RenameDeleteMenu
      name={team.name}
      deleteLabel="Delete team"
      renameDialog={(dialog) => (
        <RenameTeamDialog workspaceId={workspaceId} team={team} {...dialog} />
      )}
      confirmDelete={{
        open: deleting,
        onOpenChange: setDeleting,
        description:
          "Its members stay in the workspace; only the team goes away. Apps shared with this team are no longer shared through it.",
        pending: remove.isPending,
        onConfirm: () => remove.mutate({ workspaceId, teamId: team.id }),
      }}
    />
  );
}
