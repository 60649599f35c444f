import type { AgentSpec } from "../spec-types";
import { displayValue, formatImports, titlesVar } from "./display";
import { jsxText } from "./names";
import type { EntityPlan } from "./plan";
import type { GeneratedFile } from "./types";

/** A record's page; the agents that work on its entity each get a run button there. */
export function entityDetails(entity: EntityPlan, agents: AgentSpec[] = []): GeneratedFile {
  const { type, value, details } = entity.names;
  const actions = agents.map(
    (a) => `          <li className="py-4 first:pt-0 last:pb-0">
            <AgentAction
              key={record._id}
              agentId=${jsxText(a.id)}
              name=${jsxText(a.name)}
              description=${jsxText(a.description)}
              input={{ documentId: record._id, collection: ${value}Collection }}
              documentId={record._id}
            />
          </li>`,
  );
  const agentsCard = actions.length
    ? `
      <Card className="p-6">
        <div className="mb-4 flex items-center gap-2">
          <Bot className="size-4 text-primary" aria-hidden="true" />
          <h2 className="text-sm font-semibold tracking-tight">Agents</h2>
        </div>
        <ul className="flex flex-col divide-y">
${actions.join("\n")}
        </ul>
      </Card>`
    : "";
  const fields = entity.fields.filter((f) => f !== entity.title);
  const relations = [...new Set(fields.filter((f) => f.type === "relation").map(titlesVar))];
  const statuses = fields.filter((f) => f.type === "status").map((f) => f.tonesConst);
  const moduleImports = [
    `type ${type}`,
    ...(agents.length ? [`${value}Collection`] : []),
    `${value}Labels`,
    `${value}Title`,
    ...statuses,
  ].sort((a, b) => a.replace("type ", "").localeCompare(b.replace("type ", "")));
  const items = fields.map((f) => {
    const wide = f.type === "longtext" ? ` className="sm:col-span-2"` : "";
    const text =
      f.type === "longtext" ? " whitespace-pre-wrap" : f.type === "url" ? " break-all" : "";
    return `          <div${wide}>
            <dt className="text-xs font-medium text-muted-foreground">{${value}Labels.${f.key}}</dt>
            <dd className="mt-1 text-sm${text}">{orDash(${displayValue(f)})}</dd>
          </div>`;
  });
  const content = `import { ArrowLeft, ${agents.length ? "Bot, " : ""}Pencil, Trash2 } from "lucide-react";
import type { ReactNode } from "react";
${agents.length ? `import { AgentAction } from "../../components/agent-action";\n` : ""}${statuses.length ? `import { Badge } from "../../components/ui/badge";\n` : ""}import { Button } from "../../components/ui/button";
import { Card } from "../../components/ui/card";
import {
${moduleImports.map((n) => `  ${n},`).join("\n")}
} from "../../entities/${entity.key}";
import { ${formatImports(fields, ["formatDateTime", "formatRelative"]).join(", ")} } from "../../lib/format";
import type { Doc } from "../../second/sdk";

interface ${details}Props {
  record: Doc<${type}>;
${relations.map((r) => `  ${r}: Map<string, string>;`).join("\n")}
  onBack: () => void;
  onEdit: () => void;
  onDelete: () => void;
}

const orDash = (value: ReactNode) =>
  value === "" || value === undefined || value === null ? (
    <span className="text-muted-foreground">—</span>
  ) : (
    value
  );

export function ${details}({ record, ${relations.map((r) => `${r}, `).join("")}onBack, onEdit, onDelete }: ${details}Props) {
  return (
    <div className="flex flex-col gap-6">
      <div>
        <Button variant="ghost" size="sm" className="-ml-3" onClick={onBack}>
          <ArrowLeft aria-hidden="true" />
          ${jsxText(entity.plural)}
        </Button>
      </div>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold tracking-tight break-words">{${value}Title(record)}</h1>
          <p className="mt-1 text-sm text-muted-foreground" title={formatDateTime(record._updatedAt)}>
            Updated {formatRelative(record._updatedAt)}
          </p>
        </div>
        <div className="flex gap-2">
          <Button variant="secondary" onClick={onEdit}>
            <Pencil aria-hidden="true" />
            Edit
          </Button>
          <Button variant="secondary" className="text-destructive" onClick={onDelete}>
            <Trash2 aria-hidden="true" />
            Delete
          </Button>
        </div>
      </div>
      <Card>
        <dl className="grid gap-x-6 gap-y-5 p-6 sm:grid-cols-2">
${items.join("\n")}
          <div>
            <dt className="text-xs font-medium text-muted-foreground">Created</dt>
            <dd className="mt-1 text-sm">{formatDateTime(record._createdAt)}</dd>
          </div>
        </dl>
      </Card>${agentsCard}
    </div>
  );
}
`;
  return { path: `src/pages/${entity.names.folder}/${details}.tsx`, content };
}
