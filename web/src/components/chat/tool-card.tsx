import {
  ChevronRight,
  CircleAlert,
  CircleCheck,
  CircleStop,
  FilePen,
  FilePlus,
  FileSearch,
  FileText,
  FileX,
  FolderTree,
  type LucideIcon,
  PackagePlus,
  Wrench,
} from "lucide-react";
import { Collapsible } from "radix-ui";
import { useState } from "react";
import { cn } from "../../lib/utils";
import { Badge } from "../ui/badge";
import { Spinner } from "../ui/spinner";
import { BuildCard } from "./build-card";
import type { ChatPart } from "./run-state";

type ToolPart = Extract<ChatPart, { kind: "tool" }>;

const TOOLS: Record<string, { icon: LucideIcon; verb: [busy: string, done: string] }> = {
  write_file: { icon: FilePlus, verb: ["Writing", "Wrote"] },
  edit_file: { icon: FilePen, verb: ["Editing", "Edited"] },
  read_file: { icon: FileText, verb: ["Reading", "Read"] },
  delete_file: { icon: FileX, verb: ["Deleting", "Deleted"] },
  list_files: { icon: FolderTree, verb: ["Listing", "Listed"] },
  search_files: { icon: FileSearch, verb: ["Searching", "Searched"] },
  add_dependency: { icon: PackagePlus, verb: ["Adding", "Added"] },
};

const field = (input: unknown, name: string) => {
  const v = (input as Record<string, unknown> | undefined)?.[name];
  return typeof v === "string" ? v : undefined;
};

/** What the call is about: a path, a directory or a query. */
function subject(part: ToolPart) {
  const { input, toolName } = part;
  if (toolName === "search_files") {
    const q = field(input, "query");
    return q ? `“${q}”` : undefined;
  }
  if (toolName === "list_files") return field(input, "path") ?? ".";
  if (toolName === "add_dependency") return field(input, "name");
  return field(input, "path");
}

type Line = { sign: "+" | "-" | " "; text: string };

function diffLines(part: ToolPart): Line[] | null {
  if (part.toolName === "write_file") {
    const content = field(part.input, "content");
    return content === undefined
      ? null
      : content.split("\n").map((text) => ({ sign: "+" as const, text }));
  }
  if (part.toolName === "edit_file") {
    const oldText = field(part.input, "oldText");
    const newText = field(part.input, "newText");
    if (oldText === undefined || newText === undefined) return null;
    return [
      ...oldText.split("\n").map((text) => ({ sign: "-" as const, text })),
      ...newText.split("\n").map((text) => ({ sign: "+" as const, text })),
    ];
  }
  return null;
}

const MAX_LINES = 80;

function Diff({ lines }: { lines: Line[] }) {
  const shown = lines.slice(0, MAX_LINES);
  return (
    <pre className="max-h-72 overflow-auto font-mono text-[11.5px] leading-5">
      {shown.map((l, i) => (
        <div
          // biome-ignore lint/suspicious/noArrayIndexKey: diff lines are positional
          key={i}
          className={cn(
            "px-3 whitespace-pre",
            l.sign === "+" && "bg-(--success)/10 text-(--foreground)",
            l.sign === "-" && "bg-(--destructive)/10 text-(--foreground)",
          )}
        >
          <span aria-hidden className="mr-2 inline-block w-2 text-(--muted-foreground) select-none">
            {l.sign}
          </span>
          {l.text}
        </div>
      ))}
      {lines.length > MAX_LINES ? (
        <div className="px-3 text-(--muted-foreground)">
          … {lines.length - MAX_LINES} more lines
        </div>
      ) : null}
    </pre>
  );
}

/** Why a custom tool answered with its mock data instead of calling the integration. */
export function mockReason(reason: string) {
  return reason === "mock_only_approval"
    ? "Mock data — the agents are approved for mock data only"
    : "Mock data — integration not configured";
}

export function ToolCard({ part }: { part: ToolPart }) {
  if (part.toolName === "done_building") return <BuildCard part={part} />;
  return <GenericToolCard part={part} />;
}

function GenericToolCard({ part }: { part: ToolPart }) {
  const [open, setOpen] = useState(false);
  const meta = TOOLS[part.toolName] ?? { icon: Wrench, verb: ["Running", "Ran"] };
  const Icon = meta.icon;
  const busy = part.state === "input-streaming" || part.state === "input-available";
  const failed = part.state === "output-error";
  const what = subject(part);
  const lines = diffLines(part);
  const added = lines?.filter((l) => l.sign === "+").length ?? 0;
  const removed = lines?.filter((l) => l.sign === "-").length ?? 0;
  const label = TOOLS[part.toolName]
    ? `${busy ? meta.verb[0] : meta.verb[1]}`
    : part.toolName.replace(/_/g, " ");

  return (
    <Collapsible.Root
      open={open}
      onOpenChange={setOpen}
      className={cn(
        "overflow-hidden rounded-lg border bg-(--card) text-[13px] shadow-xs",
        failed && "border-(--destructive)/30",
      )}
      data-testid="tool-card"
    >
      <Collapsible.Trigger className="flex w-full cursor-pointer items-center gap-2 px-3 py-2 text-left hover:bg-(--muted)/50">
        <Icon className="size-3.5 shrink-0 text-(--muted-foreground)" aria-hidden />
        <span className="shrink-0 font-medium">{label}</span>
        {what ? (
          <span className="min-w-0 flex-1 truncate font-mono text-xs text-(--muted-foreground)">
            {what}
          </span>
        ) : (
          <span className="flex-1" />
        )}
        {part.mock ? (
          <Badge tone="warning" className="shrink-0" title={mockReason(part.mock)}>
            Mock data
          </Badge>
        ) : null}
        {lines && !busy ? (
          <span className="shrink-0 font-mono text-[11px]">
            {added ? <span className="text-(--success)">+{added}</span> : null}
            {removed ? <span className="ml-1 text-(--destructive)">−{removed}</span> : null}
          </span>
        ) : null}
        <CardState busy={busy} failed={failed} open={open} />
      </Collapsible.Trigger>
      <Collapsible.Content className="border-t bg-(--muted)/30">
        {lines ? <Diff lines={lines} /> : null}
        {!lines && !TOOLS[part.toolName] && part.input !== undefined ? (
          <pre className="max-h-48 overflow-auto border-b px-3 py-2 font-mono text-[11.5px] leading-5 whitespace-pre-wrap">
            {JSON.stringify(part.input, null, 2)}
          </pre>
        ) : null}
        {part.mock ? (
          <p className="border-b bg-(--warning)/8 px-3 py-1.5 text-xs text-(--warning)">
            {mockReason(part.mock)}
          </p>
        ) : null}
        {part.output && (failed || !lines) ? (
          <pre
            className={cn(
              "max-h-60 overflow-auto px-3 py-2 font-mono text-[11.5px] leading-5 whitespace-pre-wrap",
              failed ? "text-(--destructive)" : "text-(--muted-foreground)",
            )}
          >
            {part.output}
          </pre>
        ) : null}
        {!lines && !part.output ? (
          <p className="px-3 py-2 text-xs text-(--muted-foreground)">
            {busy ? "Working on it…" : "No output."}
          </p>
        ) : null}
      </Collapsible.Content>
    </Collapsible.Root>
  );
}

/** A tool card's state at the end of its header: working, failed or done, and the disclosure chevron. */
export function CardState({
  busy,
  failed,
  stopped = false,
  open,
}: {
  busy: boolean;
  failed: boolean;
  stopped?: boolean;
  open: boolean;
}) {
  return (
    <>
      {busy ? (
        <Spinner className="size-3.5 text-(--muted-foreground)" />
      ) : stopped ? (
        <CircleStop className="size-3.5 shrink-0 text-(--muted-foreground)" aria-label="Stopped" />
      ) : failed ? (
        <CircleAlert className="size-3.5 shrink-0 text-(--destructive)" aria-label="Failed" />
      ) : (
        <CircleCheck className="size-3.5 shrink-0 text-(--success)" aria-label="Done" />
      )}
      <ChevronRight
        aria-hidden
        className={cn(
          "size-3.5 shrink-0 text-(--muted-foreground) transition-transform",
          open && "rotate-90",
        )}
      />
    </>
  );
}
