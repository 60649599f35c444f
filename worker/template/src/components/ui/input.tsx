import type { ComponentProps } from "react";
import { cn } from "../../lib/utils";

export const controlClass = cn(
  "w-full rounded-lg border border-input bg-card px-3 text-sm text-foreground shadow-sm transition-colors",
  "placeholder:text-muted-foreground/70",
  "focus-visible:border-ring focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring/30",
  "disabled:cursor-not-allowed disabled:opacity-50",
  "aria-invalid:border-destructive aria-invalid:ring-destructive/20",
);

export function Input({ className, type = "text", ...props }: ComponentProps<"input">) {
  return <input type={type} className={cn(controlClass, "h-9", className)} {...props} />;
}
