import { Database, TriangleAlert } from "lucide-react";
import type { ChatPart } from "./run-state";

const OPS: Record<string, string> = {
  insert: "added to",
  update: "updated",
  upsert: "saved in",
  delete: "deleted from",
};

/** An app agent's write to app data: "updated tickets · 3f2a9c1b". */
export function DataChangeLine({ part }: { part: Extract<ChatPart, { kind: "data-change" }> }) {
  return (
    <div
      data-testid="data-change"
      className="flex items-center gap-2 rounded-lg border border-dashed px-3 py-1.5 text-[13px]"
    >
      <Database className="size-3.5 shrink-0 text-(--primary)" aria-hidden />
      <span>
        {OPS[part.op] ?? part.op} <span className="font-medium">{part.collection}</span>
      </span>
      <span className="font-mono text-xs text-(--muted-foreground)" title={part.documentId}>
        · {part.documentId.slice(0, 8)}
      </span>
    </div>
  );
}

export function NoticeLine({ part }: { part: Extract<ChatPart, { kind: "notice" }> }) {
  return (
    <div className="flex items-start gap-2 rounded-lg border border-(--destructive)/25 bg-(--destructive)/5 px-3 py-2 text-[13px]">
      <TriangleAlert className="mt-0.5 size-3.5 shrink-0 text-(--destructive)" aria-hidden />
      <div>
        <p className="font-medium">{part.title}</p>
        {part.text ? <p className="text-(--muted-foreground)">{part.text}</p> : null}
      </div>
    </div>
  );
}
