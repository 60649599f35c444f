import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Ellipsis, Pencil, Trash2 } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "../../lib/trpc";
import type { App } from "../../lib/types";
import { Button } from "../ui/button";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { Menu, MenuContent, MenuItem, MenuTrigger } from "../ui/dropdown-menu";
import { RenameAppDialog } from "./app-dialogs";

/** Rename and delete, behind a menu. `onDeleted` runs before the lists refresh. */
export function AppActions({
  workspaceId,
  app,
  onDeleted,
}: {
  workspaceId: string;
  app: App;
  onDeleted?: () => void | Promise<void>;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [renaming, setRenaming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const remove = useMutation(
    trpc.apps.delete.mutationOptions({
      onSuccess: async () => {
        setDeleting(false);
        await onDeleted?.();
        queryClient.removeQueries(trpc.apps.get.queryFilter({ workspaceId, appId: app.id }));
        await Promise.all([
          queryClient.invalidateQueries(trpc.apps.list.queryFilter()),
          queryClient.invalidateQueries(trpc.audit.pathFilter()),
        ]);
        toast.success(`Deleted the app “${app.name}”`);
      },
    }),
  );

  return (
    <>
      <Menu>
        <MenuTrigger asChild>
          <Button variant="ghost" size="icon" aria-label={`More actions for ${app.name}`}>
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
            Delete app
          </MenuItem>
        </MenuContent>
      </Menu>
      <RenameAppDialog
        workspaceId={workspaceId}
        app={app}
        open={renaming}
        onOpenChange={setRenaming}
      />
      <ConfirmDialog
        open={deleting}
        onOpenChange={setDeleting}
        title={`Delete ${app.name}?`}
        description="The app and all of its data, draft and published, are deleted for everyone. This can't be undone."
        confirmLabel="Delete app"
        pending={remove.isPending}
        onConfirm={() => remove.mutate({ workspaceId, appId: app.id })}
      />
    </>
  );
}
