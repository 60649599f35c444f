import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { errorFor } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { checkName } from "../../lib/validation";
import { Button } from "../ui/button";
import { Dialog, DialogActions, DialogClose, DialogContent } from "../ui/dialog";
import { describedBy, Field } from "../ui/field";
import { Input } from "../ui/input";

export function ProfileDialog({
  open,
  onOpenChange,
  currentName,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  currentName: string;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent
        title="Edit your name"
        description="Your teammates see this name in member lists, teams and the audit log."
      >
        <ProfileForm currentName={currentName} onDone={() => onOpenChange(false)} />
      </DialogContent>
    </Dialog>
  );
}

function ProfileForm({ currentName, onDone }: { currentName: string; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState(currentName);
  const [localError, setLocalError] = useState<string>();
  const update = useMutation(
    trpc.auth.updateProfile.mutationOptions({
      meta: { inlineErrors: true },
      onSuccess: async () => {
        // The name shows up everywhere: members, teams, the shell.
        await queryClient.invalidateQueries();
        toast.success("Name updated");
        onDone();
      },
    }),
  );
  const error = localError ?? errorFor(update.error, "displayName");
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const problem = checkName(name, "Name");
        setLocalError(problem);
        if (!problem) update.mutate({ displayName: name.trim() });
      }}
    >
      <Field id="profile-name" label="Your name" error={error}>
        <Input
          {...describedBy("profile-name", error)}
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            setLocalError(undefined);
          }}
          maxLength={80}
          autoFocus
        />
      </Field>
      <DialogActions>
        <DialogClose asChild>
          <Button variant="secondary">Cancel</Button>
        </DialogClose>
        <Button type="submit" loading={update.isPending}>
          Save
        </Button>
      </DialogActions>
    </form>
  );
}
