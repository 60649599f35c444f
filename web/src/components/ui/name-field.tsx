import { type ReactNode, useState } from "react";
import { checkName } from "../../lib/validation";
import { describedBy, Field } from "./field";
import { Input } from "./input";

interface NameInputOptions {
  /** The starting value, e.g. the current name when renaming. */
  initial?: string;
  /** What the name is, for the validation message: "Team name must be at least 2 characters." */
  what: string;
  /** The server's complaint about the last submit, if any. */
  serverError?: string | undefined;
  /** Keep showing the server's error while the person edits, until the next submit. */
  keepServerError?: boolean;
}

/**
 * The state of a name input: the value, the error to show beside it (ours first, then the
 * server's), and `submit`, which checks the name against the server's rule.
 */
export function useNameInput({
  initial = "",
  what,
  serverError,
  keepServerError,
}: NameInputOptions) {
  const [value, setValue] = useState(initial);
  const [localError, setLocalError] = useState<string>();
  const [edited, setEdited] = useState(false);
  return {
    value,
    /** Whether anything in the form changed since the last submit. */
    edited,
    error: localError ?? (edited && !keepServerError ? undefined : serverError),
    onChange(next: string) {
      setValue(next);
      setLocalError(undefined);
      setEdited(true);
    },
    /** Another field of the form changed: a server error about the last submit no longer holds. */
    markEdited() {
      setEdited(true);
    },
    /** Checks the name; returns it trimmed when it is fine, or shows the problem. */
    submit(): string | undefined {
      const problem = checkName(value, what);
      setLocalError(problem);
      setEdited(false);
      return problem ? undefined : value.trim();
    },
  };
}

export type NameInput = ReturnType<typeof useNameInput>;

/** A labelled name input, tied to its hint or error. */
export function NameField({
  id,
  label,
  hint,
  input,
  placeholder,
  autoComplete,
  autoFocus = true,
}: {
  id: string;
  label: ReactNode;
  hint?: string;
  input: NameInput;
  placeholder?: string;
  autoComplete?: string;
  autoFocus?: boolean;
}) {
  return (
    <Field id={id} label={label} hint={hint} error={input.error}>
      <Input
        {...describedBy(id, input.error, hint)}
        value={input.value}
        onChange={(e) => input.onChange(e.target.value)}
        placeholder={placeholder}
        autoComplete={autoComplete}
        maxLength={80}
        autoFocus={autoFocus}
      />
    </Field>
  );
}
