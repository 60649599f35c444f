import { AGENTS_FILE, type AgentsFileInput } from "../../../src/sdk/agents";
import type { AgentSpec } from "../spec-types";
import { lit } from "./names";
import type { AppPlan } from "./plan";
import type { GeneratedFile } from "./types";

/** agents.json (version 1): what the platform runs and governs for the app's agents. */
export function agentsManifest(agents: AgentSpec[]): GeneratedFile {
  const manifest: AgentsFileInput = {
    version: 1,
    agents: agents.map((a) => ({
      id: a.id,
      name: a.name,
      description: a.description,
      systemPrompt: a.instructions,
      tools: [],
      dataCollections: a.collections.map((name) => ({ name, access: "write" as const })),
      triggers: [{ type: "manual" as const }],
    })),
  };
  return { path: AGENTS_FILE, content: `${JSON.stringify(manifest, null, 2)}\n` };
}

export function agentsPage(app: AppPlan): GeneratedFile {
  const plural = new Map(app.entities.map((e) => [e.key, e.plural]));
  const entries = app.agents.map(
    (a) => `  {
    id: ${lit(a.id)},
    name: ${lit(a.name)},
    description: ${lit(a.description)},
    instructions: ${lit(a.instructions)},
    collections: [${a.collections.map((c) => lit(plural.get(c) ?? c)).join(", ")}],
  },`,
  );
  const content = `import { Bot } from "lucide-react";
import { Badge } from "../components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "../components/ui/card";

interface DeclaredAgent {
  id: string;
  name: string;
  description: string;
  instructions: string;
  /** What the agent reads and writes. */
  collections: string[];
}

// Mirrors agents.json, which is what the platform actually runs.
const agents: DeclaredAgent[] = [
${entries.join("\n")}
];

export function AgentsOverview() {
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Agents</h1>
        <p className="mt-1 text-sm text-muted-foreground">
          These agents work on this app's data. They run from Second, not from inside the app: start
          them and review what they did there.
        </p>
      </div>
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
