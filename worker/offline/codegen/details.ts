import type { AgentSpec } from "../spec-types";
import { displayValue, formatImports, titlesVar } from "./display";
import { jsxText, lowerFirst } from "./names";
import { type EntityPlan, statusField, viewersReadOnly } from "./plan";
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
  // Above the fields, so what an agent changes shows right below the button that started it.
  const agentsCard = actions.length
    ? `      <Card className="p-6">
        <div className="mb-4 flex items-center gap-2">
          <Bot className="size-4 text-primary" aria-hidden="true" />
          <h2 className="text-sm font-semibold tracking-tight">Agents</h2>
        </div>
        <ul className="flex flex-col divide-y">
${actions.join("\n")}
        </ul>
      </Card>
`
    : "";
  const fields = entity.fields.filter((f) => f !== entity.title);
  const ro = viewersReadOnly(entity);
  const children = entity.children.map(({ entity: child, field }) => {
    const status = statusField(child);
    return { child, field, status, list: `${child.names.value}Here` };
  });
  const childImports = children.map(
    ({ child, status }) =>
      `import { type ${child.names.type}, ${child.names.value}Collection, ${child.names.value}Title${status ? `, ${status.tonesConst}` : ""} } from "../../entities/${child.key}";
`,
  );
  const childHooks = children.map(
    ({ child, field, list }) =>
      `  const ${child.names.value}Records = useCollection<${child.names.type}>(${child.names.value}Collection);
  const ${list} = ${child.names.value}Records.data.filter((child) => child.${field.key} === record._id);`,
  );
  const childCards = children.map(({ child, status, list }) => {
    const badge = status
      ? ` {child.${status.key} ? <Badge tone={${status.tonesConst}[child.${status.key}] ?? "neutral"}>{child.${status.key}}</Badge> : null}`
      : "";
    return `
      <Card className="p-6">
        <h2 className="text-sm font-semibold tracking-tight">
          ${jsxText(child.plural)} <span className="font-normal text-muted-foreground">{${list}.length}</span>
        </h2>
        {${list}.length === 0 ? (
          <p className="mt-2 text-sm text-muted-foreground">${jsxText(`No ${lowerFirst(child.plural)} for this ${lowerFirst(entity.singular)} yet.`)}</p>
        ) : (
          <ul className="mt-3 flex flex-col divide-y">
            {${list}.map((child) => (
              <li key={child._id} className="flex items-center justify-between gap-3 py-2 text-sm">
                <span className="min-w-0 truncate">{${child.names.value}Title(child)}</span>${badge}
              </li>
            ))}
          </ul>
        )}
      </Card>`;
  });
  const blockers = children.map(({ list }) => `${list}.length`).join(" + ");
  const blockedNote = children.length
    ? `
      {linked > 0 ? (
        <p role="note" className="text-sm text-muted-foreground">
          {linked === 1 ? "1 linked record points" : \`\${linked} linked records point\`} at this ${jsxText(lowerFirst(entity.singular))}: delete or move {linked === 1 ? "it" : "them"} before deleting it.
        </p>
      ) : null}`
    : "";
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
  const badges = statuses.length > 0 || children.some((c) => c.status);
  const content = `import { ArrowLeft, ${agents.length ? "Bot, " : ""}Pencil, Trash2 } from "lucide-react";
import type { ReactNode } from "react";
${agents.length ? `import { AgentAction } from "../../components/agent-action";\n` : ""}${badges ? `import { Badge } from "../../components/ui/badge";\n` : ""}import { Button } from "../../components/ui/button";
import { Card } from "../../components/ui/card";
${childImports.join("")}import {
${moduleImports.map((n) => `  ${n},`).join("\n")}
} from "../../entities/${entity.key}";
import { ${formatImports(fields, ["formatDateTime", "formatRelative"]).join(", ")} } from "../../lib/format";
import { type Doc${children.length ? ", useCollection" : ""} } from "../../second/sdk";

interface ${details}Props {
  record: Doc<${type}>;
${relations.map((r) => `  ${r}: Map<string, string>;`).join("\n")}
  onBack: () => void;
  /** Left out where the person may not change it (a read-only collection in the published app). */
  onEdit${ro ? "?" : ""}: () => void;
  onDelete${ro ? "?" : ""}: () => void;
}

const orDash = (value: ReactNode) =>
  value === "" || value === undefined || value === null ? (
    <span className="text-muted-foreground">—</span>
  ) : (
    value
  );

export function ${details}({ record, ${relations.map((r) => `${r}, `).join("")}onBack, onEdit, onDelete }: ${details}Props) {
${childHooks.join("\n")}${children.length ? `\n  // Records that point here: deleting this one would leave them pointing at nothing.\n  const linked = ${blockers};\n` : ""}  return (
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
        ${ro ? "{onEdit && onDelete ? (\n        " : ""}<div className="flex gap-2">
          <Button variant="secondary" onClick={onEdit}>
            <Pencil aria-hidden="true" />
            Edit
          </Button>
          <Button variant="secondary" className="text-destructive" onClick={onDelete}${children.length ? " disabled={linked > 0}" : ""}>
            <Trash2 aria-hidden="true" />
            Delete
          </Button>
        </div>${ro ? "\n        ) : null}" : ""}
      </div>${blockedNote}
${agentsCard}      <Card>
        <dl className="grid gap-x-6 gap-y-5 p-6 sm:grid-cols-2">
${items.join("\n")}
          <div>
            <dt className="text-xs font-medium text-muted-foreground">Created</dt>
            <dd className="mt-1 text-sm">{formatDateTime(record._createdAt)}</dd>
          </div>
        </dl>
      </Card>${childCards.join("")}
    </div>
  );
}
`;
  return { path: `src/pages/${entity.names.folder}/${details}.tsx`, content };
}
