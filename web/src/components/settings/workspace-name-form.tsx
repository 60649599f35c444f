import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { errorFor } from "../../lib/errors";
import { isAdmin } from "../../lib/roles";
import { useTRPC } from "../../lib/trpc";
import type { Workspace } from "../../lib/types";
import { Button } from "../ui/button";
import { NameField, useNameInput } from "../ui/name-field";

/** The workspace's name: owners and admins change it here; everyone else sees who can. */
export function WorkspaceNameForm({ workspace }: { workspace: Workspace }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const manage = isAdmin(workspace.role);
  const rename = useMutation(
    trpc.workspaces.rename.mutationOptions({
      meta: { inlineErrors: true },
      onSuccess: async ({ name }) => {
        await Promise.all([
          queryClient.invalidateQueries(trpc.workspaces.pathFilter()),
          queryClient.invalidateQueries(trpc.audit.pathFilter()),
        ]);
        toast.success(`Renamed the workspace to “${name}”`);
      },
    }),
  );
  const name = useNameInput({
    initial: workspace.name,
    what: "Workspace name",
    serverError: errorFor(rename.error, "name"),
  });
  const unchanged = name.value.trim() === workspace.name;

  return (
    <form
      noValidate
      aria-label="Workspace"
      className="max-w-2xl rounded-xl border bg-(--card) p-5 shadow-xs"
      onSubmit={(e) => {
        e.preventDefault();
        const value = name.submit();
        if (value !== undefined && value !== workspace.name)
          rename.mutate({ workspaceId: workspace.id, name: value });
      }}
    >
      <fieldset disabled={!manage} className="grid gap-4">
        <NameField
          id="workspace-name"
          label="Workspace name"
          hint={
            manage
              ? "Shown in the sidebar, the workspace switcher and the audit log."
              : "Owners and admins can rename the workspace."
          }
          autoComplete="organization"
          autoFocus={false}
          input={name}
        />
        {manage ? (
          <div className="flex justify-end">
            <Button type="submit" loading={rename.isPending} disabled={unchanged}>
              Save
            </Button>
          </div>
        ) : null}
      </fieldset>
    </form>
  );
}
