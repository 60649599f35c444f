import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { errorFor } from "../lib/errors";
import { useTRPC } from "../lib/trpc";
import { checkName } from "../lib/validation";
import { Button } from "./ui/button";
import { describedBy, Field } from "./ui/field";
import { Input } from "./ui/input";

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
  const [name, setName] = useState("");
  const [localError, setLocalError] = useState<string>();
  const create = useMutation(
    trpc.workspaces.create.mutationOptions({
      meta: { inlineErrors: true },
      onSuccess: async (ws) => {
        await queryClient.invalidateQueries({ queryKey: trpc.workspaces.list.queryKey() });
        onDone(ws.id);
      },
    }),
  );
  const error = localError ?? errorFor(create.error, "name");
  const hint = "Usually your company or team name. You can rename it later.";

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const problem = checkName(name, "Workspace name");
        setLocalError(problem);
        if (!problem) create.mutate({ name: name.trim() });
      }}
    >
      <Field id="workspace-name" label="Workspace name" hint={hint} error={error}>
        <Input
          {...describedBy("workspace-name", error, hint)}
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            setLocalError(undefined);
          }}
          placeholder="Acme Inc."
          autoComplete="organization"
          maxLength={80}
          autoFocus={autoFocus}
        />
      </Field>
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
