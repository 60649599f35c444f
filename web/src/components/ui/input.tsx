import type { ComponentProps } from "react";
import { cn } from "../../lib/utils";

const base = cn(
  "w-full rounded-lg border border-(--input) bg-(--card) px-3 text-sm text-(--foreground) shadow-xs transition-colors",
  "placeholder:text-(--muted-foreground)/80 focus-visible:border-(--ring) focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-(--ring)/40",
  "disabled:cursor-not-allowed disabled:opacity-60 aria-invalid:border-(--destructive) aria-invalid:focus-visible:outline-(--destructive)/30",
);

export function Input({ className, ...props }: ComponentProps<"input">) {
  return <input className={cn(base, "h-9", className)} {...props} />;
}

export function Textarea({ className, ...props }: ComponentProps<"textarea">) {
  return <textarea className={cn(base, "min-h-20 py-2 leading-relaxed", className)} {...props} />;
}

/** A native select styled like the inputs, for compact filter bars. */
export function NativeSelect({ className, ...props }: ComponentProps<"select">) {
  return <select className={cn(base, "h-9 cursor-pointer pr-8", className)} {...props} />;
}
