import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { toast } from "sonner";
import { errorFor, errorMessage, fieldErrors } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import type { App } from "../../lib/types";
import { checkName } from "../../lib/validation";
import { Button } from "../ui/button";
import { Dialog, DialogActions, DialogClose, DialogContent } from "../ui/dialog";
import { describedBy, Field } from "../ui/field";
import { Input, Textarea } from "../ui/input";

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

/** Until the builder lands, an app starts as a name and a description; it opens right away. */
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
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [localError, setLocalError] = useState<string>();
  const [edited, setEdited] = useState(false);
  const issues = fieldErrors(create.error);
  const descriptionError = edited ? undefined : issues.description;
  // A request-level error (a name already taken) belongs beside the name.
  const requestError = create.error && !descriptionError ? errorMessage(create.error) : undefined;
  const nameError = localError ?? (edited ? undefined : (issues.name ?? requestError));

  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        create.reset();
        setLocalError(undefined);
        if (!o) {
          setName("");
          setDescription("");
        }
        onOpenChange(o);
      }}
    >
      <DialogContent
        title="New app"
        description="Name it and say what it is for. The builder agent takes it from there once it arrives; for now the app gets a live data store and a demo preview."
      >
        <form
          noValidate
          className="grid gap-4"
          onSubmit={(e) => {
            e.preventDefault();
            const problem = checkName(name, "App name");
            setLocalError(problem);
            setEdited(false);
            if (!problem) create.mutate({ workspaceId, name: name.trim(), description });
          }}
        >
          <Field id="app-name" label="Name" error={nameError}>
            <Input
              {...describedBy("app-name", nameError)}
              value={name}
              onChange={(e) => {
                setName(e.target.value);
                setLocalError(undefined);
                setEdited(true);
              }}
              placeholder="Support triage"
              maxLength={80}
              autoFocus
            />
          </Field>
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
                setEdited(true);
              }}
              placeholder="Tracks incoming requests, who owns them and how they were resolved."
              maxLength={MAX_DESCRIPTION}
              rows={3}
            />
          </Field>
          <DialogActions>
            <DialogClose asChild>
              <Button variant="secondary">Cancel</Button>
            </DialogClose>
            <Button type="submit" loading={create.isPending}>
              Create app
            </Button>
          </DialogActions>
        </form>
      </DialogContent>
    </Dialog>
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
    trpc.apps.rename.mutationOptions({
      meta: { inlineErrors: true },
      onSuccess: async ({ name }) => {
        onOpenChange(false);
        await refresh();
        toast.success(`Renamed to “${name}”`);
      },
    }),
  );
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        rename.reset();
        onOpenChange(o);
      }}
    >
      <DialogContent
        title={`Rename ${app.name}`}
        description="The new name shows everywhere at once."
      >
        <RenameForm
          initial={app.name}
          pending={rename.isPending}
          serverError={errorFor(rename.error, "name")}
          onSubmit={(name) => rename.mutate({ workspaceId, appId: app.id, name })}
        />
      </DialogContent>
    </Dialog>
  );
}

function RenameForm(props: {
  initial: string;
  pending: boolean;
  serverError: string | undefined;
  onSubmit: (name: string) => void;
}) {
  const [name, setName] = useState(props.initial);
  const [localError, setLocalError] = useState<string>();
  const [edited, setEdited] = useState(false);
  const error = localError ?? (edited ? undefined : props.serverError);
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const problem = checkName(name, "App name");
        setLocalError(problem);
        setEdited(false);
        if (!problem) props.onSubmit(name.trim());
      }}
    >
      <Field id="app-rename" label="App name" error={error}>
        <Input
          {...describedBy("app-rename", error)}
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            setLocalError(undefined);
            setEdited(true);
          }}
          maxLength={80}
          autoFocus
        />
      </Field>
      <DialogActions>
        <DialogClose asChild>
          <Button variant="secondary">Cancel</Button>
        </DialogClose>
        <Button type="submit" loading={props.pending}>
          Rename
        </Button>
      </DialogActions>
    </form>
  );
}
