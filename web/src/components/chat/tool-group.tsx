import { Files } from "lucide-react";
import { Collapsible } from "radix-ui";
import { useState } from "react";
import type { ChatPart } from "./run-state";
import { CardState, ToolCard } from "./tool-card";

type ToolPart = Extract<ChatPart, { kind: "tool" }>;

/** Runs of this many file writes or more read as one card; the files are inside it. */
export const GROUP_MIN = 4;
const GROUPED = new Set(["write_file", "edit_file", "delete_file"]);

export type ThreadItem = ChatPart | { kind: "tool-group"; key: string; parts: ToolPart[] };

/** Folds long runs of consecutive file changes into groups, leaving everything else in place. */
export function groupFileChanges(parts: readonly ChatPart[]): ThreadItem[] {
  const items: ThreadItem[] = [];
  let run: ToolPart[] = [];
  const flush = () => {
    if (run.length >= GROUP_MIN)
      items.push({ kind: "tool-group", key: `group:${run[0]!.key}`, parts: run });
    else items.push(...run);
    run = [];
  };
  for (const part of parts) {
    if (part.kind === "tool" && GROUPED.has(part.toolName)) {
      run.push(part);
      continue;
    }
    flush();
    items.push(part);
  }
  flush();
  return items;
}

const isBusy = (p: ToolPart) => p.state === "input-streaming" || p.state === "input-available";

/** "Changed 35 files": collapsed by default, each file's own card inside. */
export function ToolGroup({ parts }: { parts: ToolPart[] }) {
  const [open, setOpen] = useState(false);
  const busy = parts.some(isBusy);
  const failed = parts.filter((p) => p.state === "output-error").length;
  const written = parts.filter((p) => p.toolName !== "delete_file").length;
  const deleted = parts.length - written;
  const label = [
    written ? `${busy ? "Writing" : "Wrote"} ${written} files` : null,
    deleted ? `${busy ? "deleting" : "deleted"} ${deleted}` : null,
  ]
    .filter(Boolean)
    .join(", ");
  return (
    <Collapsible.Root
      open={open}
      onOpenChange={setOpen}
      className="overflow-hidden rounded-lg border bg-(--card) text-[13px]"
    >
      <Collapsible.Trigger className="flex w-full cursor-pointer items-center gap-2 px-3 py-2 text-left hover:bg-(--muted)/50">
        <Files className="size-3.5 shrink-0 text-(--muted-foreground)" aria-hidden />
        <span className="min-w-0 flex-1 truncate font-medium">{label}</span>
        {failed ? (
          <span className="shrink-0 text-xs text-(--destructive)">{failed} failed</span>
        ) : null}
        <CardState busy={busy} failed={failed > 0} open={open} />
      </Collapsible.Trigger>
      <Collapsible.Content className="space-y-2 border-t bg-(--muted)/30 p-2">
        {parts.map((part) => (
          <ToolCard key={part.key} part={part} />
        ))}
      </Collapsible.Content>
    </Collapsible.Root>
  );
}
