import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "../../lib/trpc";
import type { App } from "../../lib/types";
import { RenameDeleteMenu } from "../ui/rename-delete-menu";
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
    <RenameDeleteMenu
      name={app.name}
      deleteLabel="Delete app"
      renameDialog={(dialog) => <RenameAppDialog workspaceId={workspaceId} app={app} {...dialog} />}
      confirmDelete={{
        open: deleting,
        onOpenChange: setDeleting,
        description:
          "The app and all of its data, draft and published, are deleted for everyone. This can't be undone.",
        pending: remove.isPending,
        onConfirm: () => remove.mutate({ workspaceId, appId: app.id }),
      }}
    />
  );
}
