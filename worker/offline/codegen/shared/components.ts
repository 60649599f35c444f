// Written into every generated app as-is: the helpers its entity pages share.
import type { GeneratedFile } from "../types";

export const COMPONENTS_FILES: GeneratedFile[] = [
  {
    path: "src/components/field.tsx",
    content: `import { type ReactNode, useId } from "react";
import { Checkbox } from "./ui/checkbox";
import { Label } from "./ui/label";

export interface ControlProps {
  id: string;
  required?: boolean;
  "aria-invalid"?: boolean;
  "aria-describedby"?: string;
}

interface FieldProps {
  label: string;
  required?: boolean;
  error?: string;
  /** Renders the control with the props that tie it to its label and message. */
  children: (control: ControlProps) => ReactNode;
}

export function Field({ label, required, error, children }: FieldProps) {
  const id = useId();
  const messageId = id + "-message";
  return (
    <div className="flex flex-col gap-1.5">
      <Label htmlFor={id}>
        {label}
        {required ? (
          <span className="ml-0.5 text-destructive" aria-hidden="true">
            *
          </span>
        ) : null}
      </Label>
      {children({
        id,
        required,
        "aria-invalid": error ? true : undefined,
        "aria-describedby": error ? messageId : undefined,
      })}
      {error ? (
        <p id={messageId} className="text-xs text-destructive">
          {error}
        </p>
      ) : null}
    </div>
  );
}

interface CheckboxFieldProps {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}

export function CheckboxField({ label, checked, onChange }: CheckboxFieldProps) {
  const id = useId();
  return (
    <div className="flex items-center gap-2">
      <Checkbox id={id} checked={checked} onChange={(event) => onChange(event.target.checked)} />
      <Label htmlFor={id} className="font-normal">
        {label}
      </Label>
    </div>
  );
}
`,
  },
  {
    path: "src/components/confirm-dialog.tsx",
    content: `import { type ReactNode, useState } from "react";
import { Button } from "./ui/button";
import { Dialog, DialogFooter } from "./ui/dialog";
import { Spinner } from "./ui/spinner";

interface ConfirmDialogProps {
  title: string;
  description: ReactNode;
  confirmLabel: string;
  /** Closes the dialog when it resolves; a rejection keeps it open for another try. */
  onConfirm: () => Promise<void>;
  onClose: () => void;
}

export function ConfirmDialog({
  title,
  description,
  confirmLabel,
  onConfirm,
  onClose,
}: ConfirmDialogProps) {
  const [busy, setBusy] = useState(false);

  async function confirm() {
    setBusy(true);
    try {
      await onConfirm();
      onClose();
    } catch {
      setBusy(false);
    }
  }

  return (
    <Dialog open onClose={busy ? () => {} : onClose} title={title} description={description}>
      <DialogFooter>
        <Button variant="secondary" onClick={onClose} disabled={busy}>
          Cancel
        </Button>
        <Button variant="destructive" onClick={confirm} disabled={busy} autoFocus>
          {busy ? <Spinner label="Deleting" /> : null}
          {confirmLabel}
        </Button>
      </DialogFooter>
    </Dialog>
  );
}
`,
  },
  {
    path: "src/components/sort-header.tsx",
    content: `import { ArrowDown, ArrowUp, ChevronsUpDown } from "lucide-react";
import type { SortState } from "../lib/records";
import { cn } from "../lib/utils";
import { TableHeader } from "./ui/table";

interface SortHeaderProps<K extends string> {
  label: string;
  column: K;
  sort: SortState<K>;
  onSort: (column: K) => void;
  className?: string;
}

/** A column header that sorts the table by its column; a second click reverses the order. */
export function SortHeader<K extends string>({
  label,
  column,
  sort,
  onSort,
  className,
}: SortHeaderProps<K>) {
  const active = sort.key === column;
  const Icon = !active ? ChevronsUpDown : sort.direction === "asc" ? ArrowUp : ArrowDown;
  return (
    <TableHeader
      className={className}
      aria-sort={active ? (sort.direction === "asc" ? "ascending" : "descending") : "none"}
    >
      <button
        type="button"
        onClick={() => onSort(column)}
        className={cn(
          "-mx-1.5 inline-flex items-center gap-1 rounded px-1.5 py-1 hover:text-foreground",
          "focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring",
          active && "text-foreground",
        )}
      >
        {label}
        <Icon className="size-3.5 opacity-70" aria-hidden="true" />
      </button>
    </TableHeader>
  );
}
`,
  },
];
