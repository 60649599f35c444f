import { useMutation, useQueryClient } from "@tanstack/react-query";
import { errorFor } from "../lib/errors";
import { useTRPC } from "../lib/trpc";
import { Button } from "./ui/button";
import { NameField, useNameInput } from "./ui/name-field";

/** The workspace name form, shared by onboarding and the "Create workspace" dialog. */
export function WorkspaceForm({
  onDone,
  submitLabel = "Create workspace",
  autoFocus = true,
  actions,
}: {
  onDone: (workspaceId: string) => void;
  submitLabel?: string;
  autoFocus?: boolean;
  actions?: React.ReactNode;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(
    trpc.workspaces.create.mutationOptions({
      meta: { inlineErrors: true },
      onSuccess: async (ws) => {
        await queryClient.invalidateQueries({ queryKey: trpc.workspaces.list.queryKey() });
        onDone(ws.id);
      },
    }),
  );
  const name = useNameInput({
    what: "Workspace name",
    serverError: errorFor(create.error, "name"),
    keepServerError: true,
  });
  const hint = "Usually your company or team name. You can rename it later in Settings → General.";

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const value = name.submit();
        if (value !== undefined) create.mutate({ name: value });
      }}
    >
      <NameField
        id="workspace-name"
        label="Workspace name"
        hint={hint}
        placeholder="Acme Inc."
        autoComplete="organization"
        autoFocus={autoFocus}
        input={name}
      />
      <div className="mt-6 flex justify-end gap-2">
        {actions}
        <Button
          type="submit"
          size={actions ? "md" : "lg"}
          className={actions ? undefined : "w-full"}
          loading={create.isPending}
        >
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}
