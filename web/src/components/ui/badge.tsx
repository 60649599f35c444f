import type { ComponentProps } from "react";
import { cn } from "../../lib/utils";

const TONES = {
  neutral: "bg-(--muted) text-(--muted-foreground) ring-(--border)",
  accent: "bg-(--accent) text-(--accent-foreground) ring-(--primary)/15",
  success: "bg-(--success)/10 text-(--success) ring-(--success)/20",
  warning: "bg-(--warning)/12 text-(--warning) ring-(--warning)/25",
  danger: "bg-(--destructive)/10 text-(--destructive) ring-(--destructive)/20",
} as const;

export function Badge({
  tone = "neutral",
  className,
  ...props
}: ComponentProps<"span"> & { tone?: keyof typeof TONES }) {
  return (
    <span
      className={cn(
        "inline-flex items-center gap-1 rounded-md px-1.5 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset [&_svg]:size-3",
        TONES[tone],
        className,
      )}
      {...props}
    />
  );
}
