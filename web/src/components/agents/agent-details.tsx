import { Bot, CalendarClock, Database, FileInput, Globe, Hand, Wrench } from "lucide-react";
import type { ReactNode } from "react";
import type { RouterOutputs } from "../../../../src/api-types";
import { cronInWords } from "../../lib/cron";
import { cn } from "../../lib/utils";
import { Badge } from "../ui/badge";

export type AgentsSummary = NonNullable<RouterOutputs["agents"]["config"]["declared"]>;
export type AgentSummary = AgentsSummary["agents"][number];
export type ToolSummary = AgentSummary["tools"][number];
export type TriggerSummary = AgentSummary["triggers"][number];

export function triggerInWords(t: TriggerSummary): string {
  if (t.type === "manual") return "When someone runs it";
  if (t.type === "document") return `When a document is ${t.on} in ${t.collection}`;
  return `On a schedule: ${cronInWords(t.cron)}`;
}

const TRIGGER_ICONS = { manual: Hand, document: FileInput, schedule: CalendarClock } as const;

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="space-y-1.5">
      <h5 className="text-[11px] font-semibold tracking-wide text-(--muted-foreground) uppercase">
        {title}
      </h5>
      {children}
    </div>
  );
}

/** One tool: its name, and for a custom tool the method and domain it reaches. */
export function ToolLine({ tool, action }: { tool: ToolSummary; action?: ReactNode }) {
  return (
    <li
      className={cn(
        "flex items-center gap-2 rounded-md border px-2.5 py-1.5 text-[13px]",
        !tool.enabled && "bg-(--muted)/40 text-(--muted-foreground)",
      )}
      data-testid={`tool-${tool.name}`}
    >
      {tool.type === "custom" ? (
        <Wrench className="size-3.5 shrink-0 text-(--muted-foreground)" aria-hidden />
      ) : (
        <Globe className="size-3.5 shrink-0 text-(--muted-foreground)" aria-hidden />
      )}
      <span className="min-w-0 flex-1">
        <span className="font-mono text-xs font-medium">{tool.name}</span>
        {tool.type === "custom" ? (
          <span className="ml-2 text-xs text-(--muted-foreground)">
            <span className="font-mono">{tool.method}</span> {tool.domain}
          </span>
        ) : (
          <span className="ml-2 text-xs text-(--muted-foreground)">built-in · the open web</span>
        )}
      </span>
      {!tool.enabled ? <Badge>Off</Badge> : null}
      {action}
    </li>
  );
}

export function AccessBadge({ access }: { access: "read" | "write" }) {
  return (
    <Badge tone={access === "write" ? "warning" : "neutral"}>
      {access === "write" ? "Read & write" : "Read only"}
    </Badge>
  );
}

/** What one agent may do: tools, collections, triggers. The Agents tab and the chat card share it. */
export function AgentDetails({
  agent,
  toolAction,
  scheduleNote,
}: {
  agent: AgentSummary;
  toolAction?: (tool: ToolSummary) => ReactNode;
  /** Beside a schedule trigger: when it fires next. */
  scheduleNote?: (triggerIndex: number) => ReactNode;
}) {
  return (
    <div className="space-y-3">
      <Section title="Tools">
        {agent.tools.length > 0 ? (
          <ul className="space-y-1">
            {agent.tools.map((t) => (
              <ToolLine key={t.name} tool={t} action={toolAction?.(t)} />
            ))}
          </ul>
        ) : (
          <p className="text-[13px] text-(--muted-foreground)">
            No tools: it works on the app's data only.
          </p>
        )}
      </Section>
      <Section title="Data">
        {agent.dataCollections.length > 0 ? (
          <ul className="flex flex-wrap gap-1.5">
            {agent.dataCollections.map((c) => (
              <li
                key={c.name}
                className="inline-flex items-center gap-1.5 rounded-md border px-2 py-1 text-[13px]"
              >
                <Database className="size-3.5 text-(--muted-foreground)" aria-hidden />
                <span className="font-medium">{c.name}</span>
                <AccessBadge access={c.access} />
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-[13px] text-(--muted-foreground)">No collections.</p>
        )}
      </Section>
      <Section title="Starts">
        <ul className="space-y-1">
          {agent.triggers.map((t, i) => {
            const Icon = TRIGGER_ICONS[t.type];
            return (
              <li key={JSON.stringify(t)} className="flex items-center gap-2 text-[13px]">
                <Icon className="size-3.5 shrink-0 text-(--muted-foreground)" aria-hidden />
                <span>{triggerInWords(t)}</span>
                {t.type === "schedule" ? scheduleNote?.(i) : null}
              </li>
            );
          })}
        </ul>
      </Section>
    </div>
  );
}

export function AgentHeading({ agent, children }: { agent: AgentSummary; children?: ReactNode }) {
  return (
    <div className="flex items-start gap-2.5">
      <div className="flex size-8 shrink-0 items-center justify-center rounded-lg bg-(--accent) text-(--primary)">
        <Bot className="size-4" aria-hidden />
      </div>
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-center gap-x-2">
          <h4 className="text-sm font-semibold">{agent.name}</h4>
          {agent.model ? (
            <span className="font-mono text-[11px] text-(--muted-foreground)">{agent.model}</span>
          ) : null}
        </div>
        <p className="text-[13px] leading-snug text-(--muted-foreground)">{agent.description}</p>
      </div>
      {children}
    </div>
  );
}

export const shortHash = (hash: string) => hash.replace(/^v1:/, "").slice(0, 12);
