import type { FieldDecl } from "../../../src/sdk/collections";
import { type ServiceUse, serviceTools } from "../spec-services";
import { jsxText, lit, pascalCase } from "./names";
import type { GeneratedFile } from "./types";

// An app that reaches an outside service also gets a page to use it by hand: "Sync from
// HubSpot" calls the service's read tool as an app backend function (appTools in agents.json,
// useAppTool in the app), and each answer is saved as a record, so it shows for everyone live.

export interface SyncPlan {
  key: string;
  service: string;
  /** Where each answer is kept, e.g. hubspot_lookups. */
  collection: string;
  component: string;
  tools: ReturnType<typeof serviceTools>;
}

/** The services whose read tools the app may call itself (GET only: nothing is changed there). */
export function syncPlans(services: ServiceUse[], taken: Set<string>): SyncPlan[] {
  return services.flatMap((u) => {
    const tools = serviceTools([u]).filter((t) => t.method === "GET");
    const collection = `${u.key}_lookups`;
    if (tools.length === 0 || taken.has(collection)) return [];
    return [
      {
        key: u.key,
        service: u.service.name,
        collection,
        component: `Sync${pascalCase(u.key)}`,
        tools,
      },
    ];
  });
}

/** The collection each service's answers are saved in. */
export function syncCollections(plans: SyncPlan[]) {
  return plans.map((p) => [
    p.collection,
    {
      label: `${p.service} lookups`,
      display: "tool",
      fields: {
        tool: { type: "string", label: "Tool", required: true },
        input: { type: "json", label: "Input" },
        answer: { type: "json", label: "Answer" },
        sample: { type: "boolean", label: "Sample data" },
        looked_up_at: { type: "datetime", label: "Looked up at" },
      } satisfies Record<string, Omit<FieldDecl, "required"> & { required?: boolean }>,
      indexes: [],
      access: { viewers: "write" as const, agents: "read" as const },
    },
  ]);
}

function toolEntry(tool: SyncPlan["tools"][number]): string {
  const schema = tool.inputSchema ?? { type: "object", properties: {}, required: [] };
  const required = new Set(schema.required ?? []);
  const inputs = Object.entries(schema.properties ?? {}).map(
    ([key, field]) =>
      `{ key: ${lit(key)}, type: ${lit(field.type)}, description: ${lit(field.description ?? "")}, required: ${required.has(key)} }`,
  );
  return `  {
    name: ${lit(tool.name)},
    description: ${lit(tool.description)},
    inputs: [${inputs.join(", ")}],
  },`;
}

/** The page of one service: a card per read tool with its inputs and a sync button, then the answers. */
export function syncPage(plan: SyncPlan): GeneratedFile {
  const content = `import { CircleAlert, CloudDownload, LoaderCircle, PlugZap } from "lucide-react";
import { type FormEvent, useId, useState } from "react";
import { Badge } from "../components/ui/badge";
import { Button } from "../components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "../components/ui/card";
import { EmptyState } from "../components/ui/empty-state";
import { Input } from "../components/ui/input";
import { Label } from "../components/ui/label";
import { type AppToolName, useAppTool, useCollection } from "../second/sdk";

interface Lookup {
  tool: string;
  input: Record<string, unknown>;
  answer: unknown;
  sample: boolean;
  looked_up_at: string;
}

interface ToolInput {
  key: string;
  type: string;
  description: string;
  required: boolean;
}

interface Tool {
  name: AppToolName;
  description: string;
  inputs: ToolInput[];
}

const SERVICE = ${lit(plan.service)};
const COLLECTION = ${lit(plan.collection)};

// Mirrors appTools in agents.json: the platform runs them with ${plan.service}'s secrets.
const tools: Tool[] = [
${plan.tools.map(toolEntry).join("\n")}
];

const value = (input: ToolInput, text: string): unknown =>
  input.type === "number" || input.type === "integer"
    ? Number(text)
    : input.type === "boolean"
      ? text === "true"
      : text;

function ToolCard({ tool, save }: { tool: Tool; save: (lookup: Lookup) => Promise<unknown> }) {
  const call = useAppTool(tool.name);
  const statusId = useId();
  const [values, setValues] = useState<Record<string, string>>({});
  const [saveError, setSaveError] = useState<string | null>(null);
  const missing = tool.inputs.some((i) => i.required && !values[i.key]?.trim());

  async function sync(event: FormEvent) {
    event.preventDefault();
    if (call.running || missing) return;
    setSaveError(null);
    const input = Object.fromEntries(
      tool.inputs
        .filter((i) => values[i.key]?.trim())
        .map((i) => [i.key, value(i, values[i.key]!.trim())]),
    );
    let answer: Awaited<ReturnType<typeof call.call>>;
    try {
      answer = await call.call(input);
    } catch {
      return; // The error and its hint show below the button.
    }
    try {
      await save({
        tool: tool.name,
        input,
        answer: answer.data,
        sample: answer.mock,
        looked_up_at: new Date().toISOString(),
      });
    } catch (err) {
      setSaveError(err instanceof Error ? err.message : String(err));
    }
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle className="font-mono text-sm">{tool.name}</CardTitle>
        <CardDescription>{tool.description}</CardDescription>
      </CardHeader>
      <CardContent>
        <form className="flex flex-col gap-3" onSubmit={sync}>
          {tool.inputs.map((input) => (
            <div key={input.key} className="flex flex-col gap-1.5">
              <Label htmlFor={\`\${tool.name}-\${input.key}\`}>
                {input.key}
                {input.required ? "" : " (optional)"}
              </Label>
              <Input
                id={\`\${tool.name}-\${input.key}\`}
                placeholder={input.description}
                value={values[input.key] ?? ""}
                onChange={(e) => setValues((v) => ({ ...v, [input.key]: e.target.value }))}
              />
            </div>
          ))}
          <div>
            <Button type="submit" aria-disabled={call.running || missing} aria-describedby={statusId}>
              {call.running ? (
                <LoaderCircle className="animate-spin" aria-hidden="true" />
              ) : (
                <CloudDownload aria-hidden="true" />
              )}
              Sync from {SERVICE}
            </Button>
          </div>
          <div id={statusId} role="status" aria-live="polite" className="text-sm">
            {call.error ? (
              <div className="flex items-start gap-2 rounded-md border border-destructive/30 bg-destructive/5 px-3 py-2">
                <CircleAlert className="mt-0.5 size-4 shrink-0 text-destructive" aria-hidden="true" />
                <div>
                  <p className="text-destructive">{call.error.message}</p>
                  {call.hint ? <p className="mt-1 text-muted-foreground">{call.hint}</p> : null}
                </div>
              </div>
            ) : saveError ? (
              <p className="text-destructive">The answer could not be saved: {saveError}</p>
            ) : call.running ? (
              <p className="text-muted-foreground">Asking {SERVICE}…</p>
            ) : call.state === "result" ? (
              <p className="text-muted-foreground">
                {call.mock
                  ? (call.result?.message ?? "Sample data: the integration is not set up yet.")
                  : \`Saved \${SERVICE}'s answer below.\`}
              </p>
            ) : null}
          </div>
        </form>
      </CardContent>
    </Card>
  );
}

export function ${plan.component}() {
  const lookups = useCollection<Lookup>(COLLECTION, {
    sort: { field: "_createdAt", direction: "desc" },
    limit: 20,
  });
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">${jsxText(plan.service)}</h1>
        <p className="mt-1 text-sm text-muted-foreground">
          Look things up in {SERVICE} from here. Second calls it with the workspace's own
          connection; until an admin sets that up in Second, the answers are sample data.
        </p>
      </div>
      <div className="grid gap-4 md:grid-cols-2">
        {tools.map((tool) => (
          <ToolCard key={tool.name} tool={tool} save={(lookup) => lookups.insert(lookup)} />
        ))}
      </div>
      <section aria-labelledby="lookups-heading" className="flex flex-col gap-3">
        <h2 id="lookups-heading" className="text-lg font-semibold tracking-tight">
          Answers
        </h2>
        {lookups.loading ? (
          <p className="text-sm text-muted-foreground">Loading…</p>
        ) : lookups.data.length === 0 ? (
          <EmptyState
            icon={PlugZap}
            title={\`Nothing from \${SERVICE} yet\`}
            description={\`Sync from \${SERVICE} above: each answer is kept here for everyone.\`}
          />
        ) : (
          <ul className="flex flex-col gap-3">
            {lookups.data.map((lookup) => (
              <li key={lookup._id}>
                <Card role="article" aria-label={\`\${lookup.tool} answer\`}>
                  <CardContent className="flex flex-col gap-2 pt-4">
                    <div className="flex flex-wrap items-center gap-2 text-sm">
                      <span className="font-mono">{lookup.tool}</span>
                      <Badge tone={lookup.sample ? "warning" : "success"}>
                        {lookup.sample ? "Sample data" : "Live"}
                      </Badge>
                      <span className="text-muted-foreground">
                        {new Date(lookup.looked_up_at).toLocaleString()}
                      </span>
                    </div>
                    <pre className="max-h-64 overflow-auto rounded-md bg-muted/60 p-3 text-xs">
                      {JSON.stringify(lookup.answer, null, 2)}
                    </pre>
                  </CardContent>
                </Card>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
`;
  return { path: `src/pages/${plan.component}.tsx`, content };
}
