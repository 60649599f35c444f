import type { ReactNode } from "react";
import { cn } from "../../lib/utils";
import { BrandLockup } from "../brand";

const STEPS = ["Your name", "Your workspace"];

export function OnboardingFrame({
  step,
  title,
  description,
  children,
  footer,
}: {
  step: 1 | 2;
  title: string;
  description: string;
  children: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <main className="relative flex min-h-full flex-col items-center justify-center overflow-hidden px-4 py-12">
      <div
        aria-hidden
        className="pointer-events-none absolute inset-x-0 top-0 h-80 bg-gradient-to-b from-(--accent)/70 to-transparent"
      />
      <div className="relative w-full max-w-md">
        <div className="mb-8 flex justify-center">
          <BrandLockup />
        </div>
        <div className="rounded-2xl border bg-(--card) p-8 shadow-sm">
          <ol className="mb-6 flex items-center gap-2" aria-label="Onboarding progress">
            {STEPS.map((label, i) => (
              <li
                key={label}
                aria-current={i + 1 === step ? "step" : undefined}
                className="flex flex-1 flex-col gap-1.5"
              >
                <span
                  className={cn(
                    "h-1 rounded-full",
                    i + 1 <= step ? "bg-(--primary)" : "bg-(--muted)",
                  )}
                />
                <span
                  className={cn(
                    "text-xs",
                    i + 1 === step
                      ? "font-medium text-(--foreground)"
                      : "text-(--muted-foreground)",
                  )}
                >
                  Step {i + 1} · {label}
                </span>
              </li>
            ))}
          </ol>
          <h1 className="text-xl font-semibold tracking-tight">{title}</h1>
          {description ? (
            <p className="mt-1.5 text-sm leading-relaxed text-(--muted-foreground)">
              {description}
            </p>
          ) : null}
          <div className="mt-6">{children}</div>
        </div>
        {footer ? <p className="mt-6 text-center text-sm">{footer}</p> : null}
      </div>
    </main>
  );
}
