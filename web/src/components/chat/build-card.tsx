import { Hammer } from "lucide-react";
import { Collapsible } from "radix-ui";
import { useState } from "react";
import { cn } from "../../lib/utils";
import { BuildProblems, problemCount } from "../apps/build-problems";
import { BuildSteps, formatMs } from "../apps/build-steps";
import type { ChatPart } from "./run-state";
import { CardState } from "./tool-card";

type ToolPart = Extract<ChatPart, { kind: "tool" }>;

/** done_building: the steps while it runs, then the time it took or the problems it found. */
export function BuildCard({ part }: { part: ToolPart }) {
  const build = part.build;
  const finish = build?.finish ?? null;
  const busy = !finish && (part.state === "input-streaming" || part.state === "input-available");
  const failed = finish ? finish.status === "failed" : part.state === "output-error";
  const [chosen, setChosen] = useState<boolean | null>(null);
  const open = chosen ?? (busy || failed);
  const summary = (part.input as { summary?: unknown } | undefined)?.summary;
  const label = busy
    ? "Building the app"
    : finish?.status === "succeeded"
      ? `Built in ${formatMs(finish.ms)}`
      : finish?.status === "stopped"
        ? "Build stopped — not saved"
        : finish
          ? `Build failed: ${problemCount(finish.problems.length)}`
          : failed
            ? "Build failed"
            : "Built";

  return (
    <Collapsible.Root
      open={open}
      onOpenChange={setChosen}
      className={cn(
        "overflow-hidden rounded-lg border bg-(--card) text-[13px] shadow-xs",
        failed && "border-(--destructive)/30",
      )}
      data-testid="tool-card"
    >
      <Collapsible.Trigger className="flex w-full cursor-pointer items-center gap-2 px-3 py-2 text-left hover:bg-(--muted)/50">
        <Hammer className="size-3.5 shrink-0 text-(--muted-foreground)" aria-hidden />
        <span className="min-w-0 flex-1 truncate font-medium">{label}</span>
        {finish?.status === "succeeded" ? (
          <span className="shrink-0 text-xs text-(--muted-foreground)">
            {finish.fileCount} files
          </span>
        ) : null}
        <CardState busy={busy} failed={failed} stopped={finish?.status === "stopped"} open={open} />
      </Collapsible.Trigger>
      <Collapsible.Content className="space-y-3 border-t bg-(--muted)/30 px-3 py-2.5">
        {typeof summary === "string" && summary ? (
          <p className="text-[13px] leading-relaxed text-(--muted-foreground)">{summary}</p>
        ) : null}
        {build ? <BuildSteps steps={build.steps} layout="column" /> : null}
        {finish?.status === "stopped" ? (
          <p className="text-[13px] text-(--muted-foreground)">
            The run was stopped during this build, so it was abandoned; the preview still shows the
            last good version.
          </p>
        ) : null}
        {finish && finish.problems.length > 0 ? (
          <BuildProblems problems={finish.problems} className="border-t pt-2.5" />
        ) : part.output && failed ? (
          <pre className="max-h-60 overflow-auto font-mono text-[11.5px] leading-5 whitespace-pre-wrap text-(--destructive)">
            {part.output}
          </pre>
        ) : null}
      </Collapsible.Content>
    </Collapsible.Root>
  );
}
