import { Database, Globe, Inbox, MessageSquareWarning, TriangleAlert, Wrench } from "lucide-react";
import { cn } from "../../lib/utils";
import { CATEGORY_WORDS, type ChatPart } from "./run-state";

const REVIEW_NOTICE = {
  approved: {
    icon: Globe,
    box: "border-(--success)/25 bg-(--success)/6",
    mark: "text-(--success)",
  },
  changes_requested: {
    icon: MessageSquareWarning,
    box: "border-(--warning)/30 bg-(--warning)/8",
    mark: "text-(--warning)",
  },
  superseded: { icon: Inbox, box: "bg-(--muted)/60", mark: "text-(--muted-foreground)" },
} as const;

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
  const review = part.review ? REVIEW_NOTICE[part.review] : null;
  const Icon = review?.icon ?? TriangleAlert;
  return (
    <div
      data-testid={review ? "review-notice" : undefined}
      className={cn(
        "flex items-start gap-2 rounded-lg border px-3 py-2 text-[13px]",
        review?.box ?? "border-(--destructive)/25 bg-(--destructive)/5",
      )}
    >
      <Icon
        className={cn("mt-0.5 size-3.5 shrink-0", review?.mark ?? "text-(--destructive)")}
        aria-hidden
      />
      <div>
        <p className="font-medium">{part.title}</p>
        {part.text ? <p className="text-(--muted-foreground)">{part.text}</p> : null}
      </div>
    </div>
  );
}

/**
 * The first message of a repair run: which agent's tool failed and how, as the platform recorded
 * it, and who sent it — in place of the prompt text the builder reads.
 */
export function RepairRequestCard({ part }: { part: Extract<ChatPart, { kind: "repair" }> }) {
  const r = part.repair;
  const rows: [string, string][] = [
    ["Tool", r.toolName],
    ["Request", `${r.method} ${r.domain}${r.path}`],
    [
      "Error",
      [CATEGORY_WORDS[r.category] ?? r.code, r.httpStatus ? `HTTP ${r.httpStatus}` : null]
        .filter(Boolean)
        .join(" · "),
    ],
  ];
  if (r.hint) rows.push(["Hint", r.hint]);
  if (r.agentNote) rows.push(["Agent said", r.agentNote]);
  if (r.note) rows.push(["Note", r.note]);
  return (
    <div className="flex justify-end">
      <section
        data-testid="repair-request"
        aria-label={`Repair request from agent ${r.agentName}`}
        className="w-[92%] rounded-2xl rounded-br-md border border-(--destructive)/25 bg-(--destructive)/5 px-3.5 py-2.5 text-[13px]"
      >
        <h3 className="flex items-center gap-2 text-sm font-semibold">
          <Wrench className="size-3.5 shrink-0 text-(--destructive)" aria-hidden />
          Repair request from agent {r.agentName}
        </h3>
        <dl className="mt-1.5 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5">
          {rows.map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="text-(--muted-foreground)">{k}</dt>
              <dd
                className={
                  k === "Request" || k === "Tool" ? "font-mono text-xs leading-5 break-all" : ""
                }
              >
                {v}
              </dd>
            </div>
          ))}
        </dl>
        <p className="mt-1.5 text-xs text-(--muted-foreground)">
          {r.reportedBy ? `Sent by ${r.reportedBy}` : "Sent by the agent"} from its failed call.
        </p>
      </section>
    </div>
  );
}
