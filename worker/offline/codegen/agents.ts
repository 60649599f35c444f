import { AGENTS_FILE, type AgentsFileInput } from "../../../src/sdk/agents";
import { type ServiceUse, serviceTools } from "../spec-services";
import type { AgentSpec } from "../spec-types";
import { lit } from "./names";
import type { AppPlan, EntityPlan } from "./plan";
import type { SyncPlan } from "./service-sync";
import type { GeneratedFile } from "./types";

/** agents.json (version 1): what the platform runs and governs for the app's agents. */
export function agentsManifest(
  agents: AgentSpec[],
  services: ServiceUse[] = [],
  syncs: SyncPlan[] = [],
): GeneratedFile {
  const manifest: AgentsFileInput = {
    version: 1,
    agents: agents.map((a, i) => ({
      id: a.id,
      name: a.name,
      description: a.description,
      systemPrompt: a.instructions,
      // The first agent is the one the prompt asked to reach the services.
      tools: i === 0 ? serviceTools(services) : [],
      dataCollections: a.collections.map((name) => ({ name, access: "write" as const })),
      triggers: a.triggers ?? [{ type: "manual" as const }],
    })),
    // The services' read tools, which the app's own pages call (useAppTool).
    ...(syncs.length > 0 ? { appTools: syncs.flatMap((s) => s.tools) } : {}),
  };
  return { path: AGENTS_FILE, content: `${JSON.stringify(manifest, null, 2)}\n` };
}

/**
 * The app's agent ids and backend function names, so `useAgent` and `useAppTool` take only the
 * ones agents.json declares.
 */
export function agentIdsFile(app: AppPlan): GeneratedFile {
  const ids = app.agents.map((a) => `    ${lit(a.id)}: true;`);
  const tools = app.syncs.flatMap((s) => s.tools.map((t) => `    ${lit(t.name)}: true;`));
  const toolNames = tools.length
    ? `
  interface AppToolNames {
${tools.join("\n")}
  }`
    : "";
  const content = `// The agents agents.json declares: useAgent() takes only these ids.
declare module "./second/sdk" {
  interface AgentIds {
${ids.join("\n")}
  }${toolNames}
}

export {};
`;
  return { path: "src/agent-ids.ts", content };
}

/** The agents that work on one entity's records: each gets a run button on a record's page. */
export const agentsOf = (app: AppPlan, entity: EntityPlan) =>
  app.agents.filter((a) => a.collections.includes(entity.key));

/** A button that runs an agent and shows how the run goes, written into apps with agents. */
export const AGENT_ACTION_FILE: GeneratedFile = {
  path: "src/components/agent-action.tsx",
  content: `import { CircleAlert, CircleCheck, CircleSlash, LoaderCircle, Play } from "lucide-react";
import { type ReactNode, useId, useState } from "react";
import { cn } from "../lib/utils";
import { type AgentId, type AgentRun, useAgent } from "../second/sdk";
import { Button } from "./ui/button";

interface AgentActionProps {
  agentId: AgentId;
  name: string;
  description?: string;
  /** What the agent is given; without it there is no button, only the agent's latest run. */
  input?: Record<string, unknown>;
  /** The record the button works on: runs the platform started for it are shown too. */
  documentId?: string;
}

type Shown = "idle" | "pending" | "running" | "completed" | "failed" | "stopped";

/**
 * Runs an agent on the platform and follows the run live: a spinner while it is queued or
 * working, its closing words when it is done, the reason when it was refused or failed.
 */
export function AgentAction({ agentId, name, description, input, documentId }: AgentActionProps) {
  const agent = useAgent(agentId);
  const statusId = useId();
  const [runId, setRunId] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);

  const started = runId ? agent.runs.find((run) => run.id === runId) : undefined;
  const run: AgentRun | null =
    started ??
    (documentId === undefined
      ? agent.latest
      : agent.runs.find(
          (r) => r.trigger.type === "document" && r.trigger.documentId === documentId,
        )) ??
    null;
  const status: Shown = starting
    ? "pending"
    : !run
      ? "idle"
      : run.status === "awaiting_approval"
        ? "running"
        : run.status;
  const busy = status === "pending" || status === "running";
  const error =
    refusal ??
    (status === "failed" ? (run?.failureMessage ?? "The agent could not finish this run.") : null);

  async function start() {
    if (busy || !input) return;
    setStarting(true);
    setRefusal(null);
    try {
      setRunId(await agent.run(input));
    } catch (err) {
      setRefusal(err instanceof Error ? err.message : String(err));
    } finally {
      setStarting(false);
    }
  }

  let line: ReactNode = null;
  if (error) {
    line = (
      <>
        <CircleAlert className="mt-0.5 size-4 shrink-0 text-destructive" aria-hidden="true" />
        <span className="text-destructive">{error}</span>
      </>
    );
  } else if (busy) {
    line = (
      <>
        <LoaderCircle className="mt-0.5 size-4 shrink-0 animate-spin text-muted-foreground" aria-hidden="true" />
        <span className="text-muted-foreground">
          {status === "pending" ? "Queued — starting in a moment…" : \`\${name} is working…\`}
        </span>
      </>
    );
  } else if (status === "completed") {
    line = (
      <>
        <CircleCheck className="mt-0.5 size-4 shrink-0 text-emerald-600 dark:text-emerald-400" aria-hidden="true" />
        <span className="whitespace-pre-wrap">{run?.result || "Done."}</span>
      </>
    );
  } else if (status === "stopped") {
    line = (
      <>
        <CircleSlash className="mt-0.5 size-4 shrink-0 text-muted-foreground" aria-hidden="true" />
        <span className="text-muted-foreground">Stopped before it finished.</span>
      </>
    );
  }

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        {description ? <p className="min-w-0 flex-1 text-sm text-muted-foreground">{description}</p> : null}
        {input ? (
          <Button
            variant="secondary"
            onClick={start}
            aria-disabled={busy}
            aria-describedby={statusId}
            className={cn(busy && "cursor-progress opacity-70 hover:bg-card")}
          >
            {busy ? (
              <LoaderCircle className="animate-spin" aria-hidden="true" />
            ) : (
              <Play aria-hidden="true" />
            )}
            {name}
          </Button>
        ) : null}
      </div>
      <div
        id={statusId}
        role="status"
        aria-live="polite"
        className={cn(
          "flex items-start gap-2 rounded-md text-sm",
          line ? "border bg-muted/40 px-3 py-2" : "sr-only",
        )}
      >
        {line}
      </div>
    </div>
  );
}
`,
};

export function agentsPage(app: AppPlan): GeneratedFile {
  const byKey = new Map(app.entities.map((e) => [e.key, e]));
  const entries = app.agents.map((a) => {
    const first = byKey.get(a.collections[0] ?? "");
    return `  {
    id: ${lit(a.id)},
    name: ${lit(a.name)},
    description: ${lit(a.description)},
    instructions: ${lit(a.instructions)},
    collections: [${a.collections.map((c) => lit(byKey.get(c)?.plural ?? c)).join(", ")}],
    runsOn: ${first ? lit(first.singular.toLowerCase()) : "null"},
  },`;
  });
  const content = `import { Bot, ShieldAlert } from "lucide-react";
import { AgentAction } from "../components/agent-action";
import { Badge } from "../components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "../components/ui/card";
import { type AgentApprovalState, type AgentId, useAgentList } from "../second/sdk";

interface DeclaredAgent {
  id: AgentId;
  name: string;
  description: string;
  instructions: string;
  /** What the agent reads and writes. */
  collections: string[];
  /** The kind of record it is run on, or null when it is run on its own. */
  runsOn: string | null;
}

// Mirrors agents.json, which is what the platform actually runs.
const agents: DeclaredAgent[] = [
${entries.join("\n")}
];

const approvalNotes: Partial<Record<AgentApprovalState, string>> = {
  none: "An admin must approve these agents in Second before they can run.",
  stale: "These agents changed since they were approved: an admin must approve them again in Second.",
  mock: "Approved for trying out: the agents' outside tools answer with sample data.",
};

export function AgentsOverview() {
  const { approval } = useAgentList();
  const note = approval ? approvalNotes[approval] : undefined;
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Agents</h1>
        <p className="mt-1 text-sm text-muted-foreground">
          These agents work on this app's data on the platform. They keep going when you close the
          app; what they change shows up here live.
        </p>
      </div>
      {note ? (
        <div role="note" className="flex items-start gap-2 rounded-lg border bg-muted/40 px-4 py-3 text-sm">
          <ShieldAlert className="mt-0.5 size-4 shrink-0 text-muted-foreground" aria-hidden="true" />
          <span>{note}</span>
        </div>
      ) : null}
      <div className="grid gap-4 md:grid-cols-2">
        {agents.map((agent) => (
          <Card key={agent.id}>
            <CardHeader>
              <div className="flex items-center gap-2">
                <span className="flex size-8 items-center justify-center rounded-md bg-primary/10 text-primary">
                  <Bot className="size-4" aria-hidden="true" />
                </span>
                <CardTitle>{agent.name}</CardTitle>
              </div>
              <CardDescription>{agent.description}</CardDescription>
            </CardHeader>
            <CardContent className="flex flex-col gap-3">
              <div className="flex flex-wrap gap-1.5">
                {agent.collections.map((name) => (
                  <Badge key={name}>{name}</Badge>
                ))}
              </div>
              {agent.runsOn ? (
                <p className="text-sm text-muted-foreground">
                  Run it on one {agent.runsOn} at a time, from the {agent.runsOn}'s page.
                </p>
              ) : null}
              <AgentAction
                agentId={agent.id}
                name={agent.name}
                {...(agent.runsOn ? {} : { input: {} })}
              />
              <details className="text-sm">
                <summary className="cursor-pointer text-muted-foreground hover:text-foreground">
                  Instructions
                </summary>
                <p className="mt-2 whitespace-pre-wrap">{agent.instructions}</p>
              </details>
            </CardContent>
          </Card>
        ))}
      </div>
    </div>
  );
}
`;
  return { path: "src/pages/AgentsOverview.tsx", content };
}
