import { Circle, CircleCheck, CircleStop, CircleX } from "lucide-react";
import { cn } from "../../lib/utils";
import type { BuildProgress, BuildStepName } from "../chat/run-state";
import { Spinner } from "../ui/spinner";

const STEPS: { name: BuildStepName; label: string }[] = [
  { name: "collect", label: "Collecting files" },
  { name: "typecheck", label: "Checking types" },
  { name: "bundle", label: "Bundling" },
  { name: "save", label: "Saving" },
];

export const formatMs = (ms: number) =>
  ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;

/** The four steps of a build with their state and time; pending steps are outlined. */
export function BuildSteps({
  steps,
  layout = "row",
  className,
}: {
  steps: BuildProgress["steps"];
  layout?: "row" | "column";
  className?: string;
}) {
  return (
    <ol
      aria-label="Build steps"
      className={cn(
        "flex text-[13px]",
        layout === "row" ? "flex-wrap items-center gap-x-5 gap-y-1.5" : "flex-col gap-2",
        className,
      )}
    >
      {STEPS.map(({ name, label }) => {
        const step = steps[name];
        const state = step?.state ?? "pending";
        return (
          <li
            key={name}
            className={cn(
              "flex items-center gap-1.5",
              (state === "pending" || state === "stopped") && "text-(--muted-foreground)",
              state === "failed" && "text-(--destructive)",
            )}
          >
            {state === "running" ? (
              <Spinner className="size-3.5 text-(--primary)" />
            ) : state === "done" ? (
              <CircleCheck className="size-3.5 text-(--success)" aria-hidden />
            ) : state === "failed" ? (
              <CircleX className="size-3.5" aria-hidden />
            ) : state === "stopped" ? (
              <CircleStop className="size-3.5" aria-hidden />
            ) : (
              <Circle className="size-3.5 opacity-50" aria-hidden />
            )}
            <span className={cn(state === "running" && "font-medium")}>{label}</span>
            <span className="sr-only">
              {state === "pending" ? ", waiting" : state === "running" ? ", running" : `, ${state}`}
            </span>
            {step?.ms !== undefined ? (
              <span className="text-xs text-(--muted-foreground) tabular-nums">
                {formatMs(step.ms)}
              </span>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
