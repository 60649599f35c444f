import type { LucideIcon } from "lucide-react";
import type { ReactNode } from "react";
import { cn } from "../../lib/utils";

const TONES = {
  info: "border-(--primary)/20 bg-(--accent)/60 [&>svg]:text-(--primary)",
  success: "border-(--success)/25 bg-(--success)/8 [&>svg]:text-(--success)",
  danger: "border-(--destructive)/25 bg-(--destructive)/8 [&>svg]:text-(--destructive)",
  neutral: "bg-(--muted)/60 [&>svg]:text-(--muted-foreground)",
} as const;

export function Callout({
  icon: Icon,
  tone = "info",
  title,
  children,
  action,
  className,
}: {
  icon: LucideIcon;
  tone?: keyof typeof TONES;
  title?: ReactNode;
  children?: ReactNode;
  action?: ReactNode;
  className?: string;
}) {
  return (
    <div
      className={cn(
        "flex flex-wrap items-start gap-3 rounded-lg border px-4 py-3 text-sm",
        TONES[tone],
        className,
      )}
    >
      <Icon className="mt-0.5 size-4 shrink-0" aria-hidden />
      <div className="min-w-48 flex-1">
        {title ? <p className="font-medium">{title}</p> : null}
        {children ? (
          <div className={cn("text-(--muted-foreground)", title && "mt-0.5")}>{children}</div>
        ) : null}
      </div>
      {action ? <div className="ml-7 shrink-0 self-center sm:ml-0">{action}</div> : null}
    </div>
  );
}
