import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { errorFor } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import type { Team } from "../../lib/types";
import { useRefreshWorkspace } from "../../lib/use-refresh-workspace";
import { checkName } from "../../lib/validation";
import { Button } from "../ui/button";
import { Dialog, DialogActions, DialogClose, DialogContent } from "../ui/dialog";
import { describedBy, Field } from "../ui/field";
import { Input } from "../ui/input";

interface DialogProps {
  workspaceId: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}

export function CreateTeamDialog({ workspaceId, open, onOpenChange }: DialogProps) {
  const trpc = useTRPC();
  const refresh = useRefreshWorkspace();
  const create = useMutation(
    trpc.teams.create.mutationOptions({
      meta: { inlineErrors: true },
      onSuccess: async (team) => {
        onOpenChange(false);
        await refresh();
        toast.success(`Created the team “${team.name}”`);
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
      <DialogContent title="Create team" description="You can add people to it right after.">
        <TeamNameForm
          submitLabel="Create team"
          pending={create.isPending}
          serverError={errorFor(create.error, "name")}
          onSubmit={(name) => create.mutate({ workspaceId, name })}
        />
      </DialogContent>
    </Dialog>
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
    trpc.teams.rename.mutationOptions({
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
        title={`Rename ${team.name}`}
        description="The new name shows everywhere, including publish flows."
      >
        <TeamNameForm
          initial={team.name}
          submitLabel="Rename"
          pending={rename.isPending}
          serverError={errorFor(rename.error, "name")}
          onSubmit={(name) => rename.mutate({ workspaceId, teamId: team.id, name })}
        />
      </DialogContent>
    </Dialog>
  );
}

function TeamNameForm(props: {
  initial?: string;
  submitLabel: string;
  pending: boolean;
  serverError: string | undefined;
  onSubmit: (name: string) => void;
}) {
  const [name, setName] = useState(props.initial ?? "");
  const [localError, setLocalError] = useState<string>();
  const [edited, setEdited] = useState(false);
  const error = localError ?? (edited ? undefined : props.serverError);
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const problem = checkName(name, "Team name");
        setLocalError(problem);
        setEdited(false);
        if (!problem) props.onSubmit(name.trim());
      }}
    >
      <Field id="team-name" label="Team name" error={error}>
        <Input
          {...describedBy("team-name", error)}
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            setLocalError(undefined);
            setEdited(true);
          }}
          placeholder="Research"
          maxLength={80}
          autoFocus
        />
      </Field>
      <DialogActions>
        <DialogClose asChild>
          <Button variant="secondary">Cancel</Button>
        </DialogClose>
        <Button type="submit" loading={props.pending}>
          {props.submitLabel}
        </Button>
      </DialogActions>
    </form>
  );
}
