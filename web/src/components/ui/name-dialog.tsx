import type { ReactNode } from "react";
import { toast } from "sonner";
import { errorFor } from "../../lib/errors";
import { Dialog, DialogContent, DialogForm } from "./dialog";
import { NameField, useNameInput } from "./name-field";

/** The part of a mutation the dialog shows: whether it runs and how it failed. */
interface NameMutation {
  isPending: boolean;
  error: unknown;
  reset: () => void;
}

interface NameDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description: ReactNode;
  /** The input's id and label, and what the name is in validation messages ("Team name"). */
  field: { id: string; label: string; what: string; placeholder?: string };
  initial?: string;
  submitLabel: string;
  /** The mutation that saves the name; its error shows beside the input. */
  mutation: NameMutation;
  /** The input field the server names in its validation issues. */
  errorField?: string;
  /** Keep showing the server's error while the person edits, until the next submit. */
  keepServerError?: boolean;
  /** Called with the trimmed name once it passes the server's rule. */
  onSubmit: (name: string) => void;
}

/**
 * Mutation options for a name dialog: its errors show beside the input; once it goes through,
 * the dialog closes, what shows the name refetches and a toast says what happened.
 */
export function savesName<T>(
  onOpenChange: (open: boolean) => void,
  refresh: () => Promise<unknown>,
  done: (result: T) => string,
) {
  return {
    meta: { inlineErrors: true },
    onSuccess: async (result: T) => {
      onOpenChange(false);
      await refresh();
      toast.success(done(result));
    },
  };
}

/** A dialog that asks for one name: create or rename something, or edit your own name. */
export function NameDialog({
  open,
  onOpenChange,
  title,
  description,
  mutation,
  ...form
}: NameDialogProps) {
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        mutation.reset();
        onOpenChange(o);
      }}
    >
      <DialogContent title={title} description={description}>
        {/* Mounted per opening, so each starts from the current name. */}
        <NameForm {...form} mutation={mutation} />
      </DialogContent>
    </Dialog>
  );
}

function NameForm({
  field,
  initial,
  submitLabel,
  mutation,
  errorField = "name",
  keepServerError,
  onSubmit,
}: Omit<NameDialogProps, "open" | "onOpenChange" | "title" | "description">) {
  const name = useNameInput({
    initial,
    what: field.what,
    serverError: errorFor(mutation.error, errorField),
    keepServerError,
  });
  return (
    <DialogForm
      submitLabel={submitLabel}
      pending={mutation.isPending}
      onSubmit={() => {
        const value = name.submit();
        if (value !== undefined) onSubmit(value);
      }}
    >
      <NameField id={field.id} label={field.label} placeholder={field.placeholder} input={name} />
    </DialogForm>
  );
}
