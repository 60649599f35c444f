import { useMutation } from "@tanstack/react-query";
import { Ellipsis, Pencil, Trash2 } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "../../lib/trpc";
import type { Team } from "../../lib/types";
import { useRefreshWorkspace } from "../../lib/use-refresh-workspace";
import { Button } from "../ui/button";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { Menu, MenuContent, MenuItem, MenuTrigger } from "../ui/dropdown-menu";
import { RenameTeamDialog } from "./team-name-dialog";

export function TeamActions({ workspaceId, team }: { workspaceId: string; team: Team }) {
  const trpc = useTRPC();
  const refresh = useRefreshWorkspace();
  const [renaming, setRenaming] = useState(false);
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
    <>
      <Menu>
        <MenuTrigger asChild>
          <Button variant="ghost" size="icon" aria-label={`More actions for ${team.name}`}>
            <Ellipsis />
          </Button>
        </MenuTrigger>
        <MenuContent align="end" className="min-w-40">
          <MenuItem onSelect={() => setRenaming(true)}>
            <Pencil />
            Rename
          </MenuItem>
          <MenuItem
            onSelect={() => setDeleting(true)}
            className="text-(--destructive) data-highlighted:bg-(--destructive)/10 [&_svg]:text-(--destructive)"
          >
            <Trash2 />
            Delete team
          </MenuItem>
        </MenuContent>
      </Menu>
      <RenameTeamDialog
        workspaceId={workspaceId}
        team={team}
        open={renaming}
        onOpenChange={setRenaming}
      />
      <ConfirmDialog
        open={deleting}
        onOpenChange={setDeleting}
        title={`Delete ${team.name}?`}
        description="Its members stay in the workspace; only the team goes away. Apps shared with this team are no longer shared through it."
        confirmLabel="Delete team"
        pending={remove.isPending}
        onConfirm={() => remove.mutate({ workspaceId, teamId: team.id })}
      />
    </>
  );
}
