import { X } from "lucide-react";
import { Dialog as D } from "radix-ui";
import { type FocusEvent, type ReactNode, useRef } from "react";
import { cn } from "../../lib/utils";
import { Button } from "./button";

export const Dialog = D.Root;
export const DialogTrigger = D.Trigger;
export const DialogClose = D.Close;

const overlay =
  "fixed inset-0 z-40 bg-(--overlay) backdrop-blur-[1px] animate-[fade-in_120ms_ease-out]";

interface ContentProps {
  title: ReactNode;
  description?: ReactNode;
  children: ReactNode;
  className?: string;
  /** Called before Esc closes the dialog; preventDefault() keeps it open. */
  onEscapeKeyDown?: (event: KeyboardEvent) => void;
}

/**
 * Focus goes back to what had it when the dialog opened. Radix returns it only to a
 * DialogTrigger; most dialogs here open from a button that sets state, so focus fell to the page.
 * The opener is what the first focus inside the dialog came from.
 */
export function useReturnFocus() {
  const opener = useRef<HTMLElement | null>(null);
  return {
    onFocusCapture: (event: FocusEvent<HTMLElement>) => {
      const from = event.relatedTarget;
      if (opener.current || !(from instanceof HTMLElement)) return;
      if (!event.currentTarget.contains(from)) opener.current = from;
    },
    onCloseAutoFocus: (event: Event) => {
      const el = opener.current;
      opener.current = null;
      if (!el?.isConnected) return;
      event.preventDefault();
      el.focus();
    },
  };
}

/** A centered modal. Esc and the close button dismiss it; focus stays inside while open. */
export function DialogContent({
  title,
  description,
  children,
  className,
  onEscapeKeyDown,
}: ContentProps) {
  const returnFocus = useReturnFocus();
  return (
    <D.Portal>
      <D.Overlay className={overlay} />
      <D.Content
        {...returnFocus}
        className={cn(
          "fixed top-1/2 left-1/2 z-50 w-[calc(100vw-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2",
          "rounded-xl border bg-(--card) p-6 shadow-xl animate-[pop-in_140ms_ease-out]",
          className,
        )}
        {...(description ? {} : { "aria-describedby": undefined })}
        onEscapeKeyDown={onEscapeKeyDown}
      >
        <D.Title className="pr-8 text-base font-semibold">{title}</D.Title>
        {description ? (
          <D.Description className="mt-1.5 text-sm text-(--muted-foreground)">
            {description}
          </D.Description>
        ) : null}
        <div className="mt-5">{children}</div>
        <CloseButton className="absolute top-4 right-4" />
      </D.Content>
    </D.Portal>
  );
}

/** A panel that slides in from the side: details beside a list, or navigation on small screens. */
export function SheetContent({
  title,
  description,
  children,
  className,
  side = "right",
}: ContentProps & { side?: "left" | "right" }) {
  const returnFocus = useReturnFocus();
  return (
    <D.Portal>
      <D.Overlay className={overlay} />
      <D.Content
        {...returnFocus}
        className={cn(
          "fixed inset-y-0 z-50 flex w-full max-w-xl flex-col bg-(--card) shadow-2xl",
          side === "right"
            ? "right-0 border-l animate-[slide-in_200ms_cubic-bezier(0.2,0.8,0.2,1)]"
            : "left-0 border-r animate-[slide-in-left_200ms_cubic-bezier(0.2,0.8,0.2,1)]",
          className,
        )}
        {...(description ? {} : { "aria-describedby": undefined })}
      >
        <div className="flex items-start justify-between gap-4 border-b px-6 py-4">
          <div className="min-w-0">
            <D.Title className="text-base font-semibold break-words">{title}</D.Title>
            {description ? (
              <D.Description className="mt-1 text-sm text-(--muted-foreground)">
                {description}
              </D.Description>
            ) : null}
          </div>
          <CloseButton />
        </div>
        <div className="flex-1 overflow-y-auto px-6 py-5">{children}</div>
      </D.Content>
    </D.Portal>
  );
}

function CloseButton({ className }: { className?: string }) {
  return (
    <D.Close
      aria-label="Close"
      className={cn(
        "inline-flex size-8 cursor-pointer items-center justify-center rounded-md text-(--muted-foreground) hover:bg-(--muted) hover:text-(--foreground)",
        className,
      )}
    >
      <X className="size-4" />
    </D.Close>
  );
}

/** The button row at the bottom of a dialog form. */
export function DialogActions({ children }: { children: ReactNode }) {
  return <div className="mt-6 flex justify-end gap-2">{children}</div>;
}

/** A dialog's form: the fields, then Cancel and the submit button. Enter submits. */
export function DialogForm({
  submitLabel,
  pending,
  onSubmit,
  className,
  children,
}: {
  submitLabel: ReactNode;
  pending: boolean;
  onSubmit: () => void;
  className?: string;
  children: ReactNode;
}) {
  return (
    <form
      noValidate
      className={className}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      {children}
      <DialogActions>
        <DialogClose asChild>
          <Button variant="secondary">Cancel</Button>
        </DialogClose>
        <Button type="submit" loading={pending}>
          {submitLabel}
        </Button>
      </DialogActions>
    </form>
  );
}
