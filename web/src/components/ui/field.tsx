import { Label } from "radix-ui";
import type { ReactNode } from "react";
import { cn } from "../../lib/utils";

interface FieldProps {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  className?: string;
  children: ReactNode;
}

/** A label, the control, and a hint or an error that the control is described by. */
export function Field({ id, label, hint, error, className, children }: FieldProps) {
  return (
    <div className={cn("grid gap-1.5", className)}>
      <Label.Root htmlFor={id} className="text-sm font-medium text-(--foreground)">
        {label}
      </Label.Root>
      {children}
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-[13px] text-(--destructive)">
          {error}
        </p>
      ) : hint ? (
        <p id={`${id}-hint`} className="text-[13px] text-(--muted-foreground)">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** Props that tie a control to its Field's error or hint. */
export function describedBy(id: string, error: string | undefined, hint?: unknown) {
  return {
    id,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": error ? `${id}-error` : hint ? `${id}-hint` : undefined,
  } as const;
}
