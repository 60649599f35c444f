import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { toast } from "sonner";
import { errorMessage, fieldErrors } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import type { App } from "../../lib/types";
import { Dialog, DialogContent, DialogForm } from "../ui/dialog";
import { describedBy, Field } from "../ui/field";
import { Textarea } from "../ui/input";
import { NameDialog, savesName } from "../ui/name-dialog";
import { NameField, useNameInput } from "../ui/name-field";

const MAX_DESCRIPTION = 300;

interface DialogProps {
  workspaceId: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}

function useRefreshApps() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries(trpc.apps.pathFilter()),
      queryClient.invalidateQueries(trpc.audit.pathFilter()),
    ]);
}

/** An app made by hand starts as a name and a description; it opens on its builder chat. */
export function CreateAppDialog({ workspaceId, open, onOpenChange }: DialogProps) {
  const trpc = useTRPC();
  const refresh = useRefreshApps();
  const navigate = useNavigate();
  const create = useMutation(
    trpc.apps.create.mutationOptions({
      meta: { inlineErrors: true },
      onSuccess: async (app) => {
        onOpenChange(false);
        await refresh();
        toast.success(`Created the app “${app.name}”`);
        await navigate({
          to: "/w/$workspaceId/apps/$appId",
          params: { workspaceId, appId: app.id },
        });
      },
    }),
  );
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        create.reset();
        onOpenChange(o);
      }}
    >
      <DialogContent
        title="New app"
        description="Name it and say what it is for. It opens with its own data store and the builder chat: describe what to build there, approve the plan, and the app appears in the preview."
      >
        {/* Mounted per opening, so each starts from an empty form. */}
        <CreateAppForm
          pending={create.isPending}
          error={create.error}
          onSubmit={(name, description) => create.mutate({ workspaceId, name, description })}
        />
      </DialogContent>
    </Dialog>
  );
}

function CreateAppForm(props: {
  pending: boolean;
  error: unknown;
  onSubmit: (name: string, description: string) => void;
}) {
  const issues = fieldErrors(props.error);
  // A request-level error (a name already taken) belongs beside the name.
  const requestError = props.error && !issues.description ? errorMessage(props.error) : undefined;
  const name = useNameInput({ what: "App name", serverError: issues.name ?? requestError });
  const [description, setDescription] = useState("");
  const descriptionError = name.edited ? undefined : issues.description;
  return (
    <DialogForm
      className="grid gap-4"
      submitLabel="Create app"
      pending={props.pending}
      onSubmit={() => {
        const value = name.submit();
        if (value !== undefined) props.onSubmit(value, description);
      }}
    >
      <NameField id="app-name" label="Name" placeholder="Support triage" input={name} />
      <Field
        id="app-description"
        label="Description"
        hint={`Optional · ${description.length}/${MAX_DESCRIPTION}`}
        error={descriptionError}
      >
        <Textarea
          {...describedBy("app-description", descriptionError, true)}
          value={description}
          onChange={(e) => {
            setDescription(e.target.value);
            name.markEdited();
          }}
          placeholder="Tracks incoming requests, who owns them and how they were resolved."
          maxLength={MAX_DESCRIPTION}
          rows={3}
        />
      </Field>
    </DialogForm>
  );
}

export function RenameAppDialog({
  workspaceId,
  app,
  open,
  onOpenChange,
}: DialogProps & { app: App }) {
  const trpc = useTRPC();
  const refresh = useRefreshApps();
  const rename = useMutation(
    trpc.apps.rename.mutationOptions(
      savesName(onOpenChange, refresh, ({ name }) => `Renamed to “${name}”`),
    ),
  );
  return (
    <NameDialog
      open={open}
      onOpenChange={onOpenChange}
      title={`Rename ${app.name}`}
      description="The new name shows everywhere at once."
      field={{ id: "app-rename", label: "App name", what: "App name" }}
      initial={app.name}
      submitLabel="Rename"
      mutation={rename}
      onSubmit={(name) => rename.mutate({ workspaceId, appId: app.id, name })}
    />
  );
}
