import type { AgentSpec } from "../spec-types";
import { displayValue, formatImports, titlesVar } from "./display";
import { optionsProp, relatedEntities } from "./form";
import { jsxText, lit, lowerFirst } from "./names";
import { type EntityPlan, type FieldPlan, statusField, viewersReadOnly } from "./plan";
import type { GeneratedFile } from "./types";

/** The one value a child's line shows beside its title: its first date, else its first amount. */
function childDetail(child: EntityPlan, back: FieldPlan): FieldPlan | undefined {
  const rest = child.fields.filter((f) => f !== child.title && f !== back);
  return (
    rest.find((f) => f.type === "date" || f.type === "datetime") ??
    rest.find((f) => f.type === "number" && !f.widget)
  );
}

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
  const blocking = children.filter((c) => c.field.onDelete !== "cascade");
  const cascading = children.filter((c) => c.field.onDelete === "cascade");
  // A child's form lists the records its relations may point at: each such collection read once.
  const childKeys = new Set(children.map((c) => c.child.key));
  const optionSources = [
    ...new Set(children.flatMap(({ child }) => relatedEntities(child))),
  ].filter((t) => !childKeys.has(t.key));
  const records = (t: EntityPlan) =>
    childKeys.has(t.key) ? `${t.names.value}Records` : `${t.names.value}All`;
  const importsByModule = new Map<string, Set<string>>();
  const want = (t: EntityPlan, ...names: string[]) => {
    const set = importsByModule.get(t.key) ?? new Set<string>();
    for (const n of names) set.add(n);
    importsByModule.set(t.key, set);
  };
  for (const { child, status } of children)
    want(
      child,
      `type ${child.names.type}`,
      `${child.names.value}Collection`,
      `${child.names.value}Title`,
      ...(status ? [status.tonesConst] : []),
    );
  for (const t of optionSources)
    if (t !== entity) want(t, `type ${t.names.type}`, `${t.names.value}Collection`);
  const childImports = [...importsByModule.entries()].map(
    ([key, names]) =>
      `import { ${[...names].sort((a, b) => a.replace("type ", "").localeCompare(b.replace("type ", ""))).join(", ")} } from "../../entities/${key}";
`,
  );
  const formImports = children.map(
    ({ child }) =>
      `import { ${child.names.form} } from "../${child.names.folder}/${child.names.form}";
`,
  );
  const childHooks = [
    ...children.map(
      ({ child, field, list }) =>
        `  const ${child.names.value}Records = useCollection<${child.names.type}>(${child.names.value}Collection);
  const ${list} = ${child.names.value}Records.data.filter((child) => child.${field.key} === record._id);`,
    ),
    ...optionSources.map(
      (t) =>
        `  const ${t.names.value}All = useCollection<${t.names.type}>(${t.names.value}Collection);`,
    ),
  ];
  const childForms = children.map(({ child, field }) => {
    const options = relatedEntities(child)
      .map((t) => ` ${optionsProp(t)}={${records(t)}.data}`)
      .join("");
    return `      {adding === ${lit(child.key)} ? (
        <${child.names.form}
          record={null}
          records={${child.names.value}Records}${options}
          prefill={{ ${field.key}: record._id }}
          onClose={() => setAdding(null)}
        />
      ) : null}`;
  });
  const childCards = children.map(({ child, field, status, list }) => {
    const badge = status
      ? ` {child.${status.key} ? <Badge tone={${status.tonesConst}[child.${status.key}] ?? "neutral"}>{child.${status.key}}</Badge> : null}`
      : "";
    const shown = childDetail(child, field);
    const detail = shown
      ? `\n                <span className="shrink-0 tabular-nums text-muted-foreground">{${displayValue(shown, "child")}}</span>`
      : "";
    const readOnly = viewersReadOnly(child);
    return `
      <Card className="p-6">
        <div className="flex items-center justify-between gap-3">
          <h2 className="text-sm font-semibold tracking-tight">
            ${jsxText(child.plural)} <span className="font-normal text-muted-foreground">{${list}.length}</span>
          </h2>
          ${readOnly ? "{draft ? (" : ""}<Button variant="secondary" size="sm" onClick={() => setAdding(${lit(child.key)})}>
            <Plus aria-hidden="true" />
            ${jsxText(`New ${lowerFirst(child.singular)}`)}
          </Button>${readOnly ? ") : null}" : ""}
        </div>
        {${list}.length === 0 ? (
          <p className="mt-2 text-sm text-muted-foreground">${jsxText(`No ${lowerFirst(child.plural)} for this ${lowerFirst(entity.singular)} yet.`)}</p>
        ) : (
          <ul className="mt-3 flex flex-col divide-y">
            {${list}.map((child) => (
              <li key={child._id} className="flex items-center gap-3 py-2 text-sm">
                <span className="min-w-0 flex-1 truncate">{${child.names.value}Title(child)}</span>${detail}${badge}
              </li>
            ))}
          </ul>
        )}
      </Card>`;
  });
  const childReadOnly = children.some((c) => viewersReadOnly(c.child));
  const blockers = blocking.map(({ list }) => `${list}.length`).join(" + ");
  const blockedNote = blocking.length
    ? `
      {linked > 0 ? (
        <p role="note" className="text-sm text-muted-foreground">
          {linked === 1 ? "1 linked record points" : \`\${linked} linked records point\`} at this ${jsxText(lowerFirst(entity.singular))}: delete or move {linked === 1 ? "it" : "them"} before deleting it.
        </p>
      ) : null}`
    : "";
  // "Deleting a project deletes its tasks": the confirmation counts what goes with it.
  const cascadeCount = cascading.map(({ list }) => `${list}.length`).join(" + ");
  const cascadeWords = cascading.map(
    ({ child, list }) =>
      `${list}.length > 0 ? \`\${${list}.length} \${${list}.length === 1 ? ${lit(lowerFirst(child.singular))} : ${lit(lowerFirst(child.plural))}}\` : ""`,
  );
  const cascadeDialog = cascading.length
    ? `
      {confirming ? (
        <ConfirmDialog
          title=${jsxText(`Delete this ${lowerFirst(entity.singular)}?`)}
          description={
            going === 0 ? (
              <>“{${value}Title(record)}” will be deleted for everyone. This cannot be undone.</>
            ) : (
              <>
                “{${value}Title(record)}” and its {goingWords} will be deleted for everyone. This cannot be undone.
              </>
            )
          }
          confirmLabel={going === 0 ? "Delete" : \`Delete \${going + 1} records\`}
          onConfirm={removeWithChildren}
          onClose={() => setConfirming(false)}
        />
      ) : null}`
    : "";
  const cascadeCode = cascading.length
    ? `
  const going = ${cascadeCount};
  const goingWords = [${cascadeWords.join(", ")}].filter(Boolean).join(" and ");
  async function removeWithChildren() {
    // Children first: a failure part-way leaves the ${lowerFirst(entity.singular)} in place to try again.
${cascading
  .map(
    ({ child, list }) =>
      `    for (const child of ${list}) await ${child.names.value}Records.remove(child._id);`,
  )
  .join("\n")}
    await onRemove();
  }
`
    : "";
  const relations = [...new Set(fields.filter((f) => f.type === "relation").map(titlesVar))];
  const statuses = fields.filter((f) => f.type === "status").map((f) => f.tonesConst);
  const moduleImports = [
    `type ${type}`,
    ...(agents.length || optionSources.includes(entity) ? [`${value}Collection`] : []),
    `${value}Labels`,
    `${value}Title`,
    ...statuses,
  ].sort((a, b) => a.replace("type ", "").localeCompare(b.replace("type ", "")));
  const votes = fields.find((f) => f.widget === "votes");
  const items = fields.map((f) => {
    if (f === votes)
      return `          <div>
            <dt className="text-xs font-medium text-muted-foreground">{${value}Labels.${f.key}}</dt>
            <dd className="mt-1 text-sm">
              {update ? <VoteButton record={record} field=${lit(f.key)} update={update} label={${value}Labels.${f.key}} /> : orDash(${displayValue(f)})}
            </dd>
          </div>`;
    const wide = f.type === "longtext" ? ` className="sm:col-span-2"` : "";
    const text =
      f.type === "longtext" ? " whitespace-pre-wrap" : f.type === "url" ? " break-all" : "";
    return `          <div${wide}>
            <dt className="text-xs font-medium text-muted-foreground">{${value}Labels.${f.key}}</dt>
            <dd className="mt-1 text-sm${text}">{orDash(${displayValue(f)})}</dd>
          </div>`;
  });
  const badges = statuses.length > 0 || children.some((c) => c.status);
  const stars = fields.some((f) => f.widget === "stars");
  const content = `import { ArrowLeft, ${agents.length ? "Bot, " : ""}Pencil, ${children.length ? "Plus, " : ""}Trash2 } from "lucide-react";
import ${children.length ? "{ type ReactNode, useState }" : "type { ReactNode }"} from "react";
${agents.length ? `import { AgentAction } from "../../components/agent-action";\n` : ""}${cascading.length ? `import { ConfirmDialog } from "../../components/confirm-dialog";\n` : ""}${stars ? `import { Stars } from "../../components/star-rating";\n` : ""}${badges ? `import { Badge } from "../../components/ui/badge";\n` : ""}import { Button } from "../../components/ui/button";
import { Card } from "../../components/ui/card";
${votes ? `import { VoteButton } from "../../components/vote-button";\n` : ""}${childImports.join("")}import {
${moduleImports.map((n) => `  ${n},`).join("\n")}
} from "../../entities/${entity.key}";
import { ${formatImports([...fields, ...children.flatMap(({ child, field }) => childDetail(child, field) ?? [])], ["formatDateTime", "formatRelative"]).join(", ")} } from "../../lib/format";
import { type Doc${childReadOnly ? ", useAppScope" : ""}${children.length ? ", useCollection" : ""} } from "../../second/sdk";
${formImports.join("")}
interface ${details}Props {
  record: Doc<${type}>;
${relations.map((r) => `  ${r}: Map<string, string>;`).join("\n")}
  onBack: () => void;
  /** Left out where the person may not change it (a read-only collection in the published app). */
  onEdit${ro ? "?" : ""}: () => void;
  onDelete${ro ? "?" : ""}: () => void;${
    cascading.length
      ? `\n  /** Deletes the record itself, once its ${children
          .filter((c) => c.field.onDelete === "cascade")
          .map((c) => lowerFirst(c.child.plural))
          .join(" and ")} are gone. */\n  onRemove: () => Promise<void>;`
      : ""
  }${votes ? `\n  /** Saves a vote: the collection's update, with the version the count was read at. */\n  update?: (id: string, patch: Partial<${type}>, options: { expectedVersion: number }) => Promise<unknown>;` : ""}
}

const orDash = (value: ReactNode) =>
  value === "" || value === undefined || value === null ? (
    <span className="text-muted-foreground">—</span>
  ) : (
    value
  );

export function ${details}({ record, ${relations.map((r) => `${r}, `).join("")}onBack, onEdit, onDelete${cascading.length ? ", onRemove" : ""}${votes ? ", update" : ""} }: ${details}Props) {
${childHooks.join("\n")}${blocking.length ? `\n  // Records that point here: deleting this one would leave them pointing at nothing.\n  const linked = ${blockers};\n` : ""}${children.length ? `  // The child being added from this page: its form opens here with this ${lowerFirst(entity.singular)} chosen.\n  const [adding, setAdding] = useState<string | null>(null);\n` : ""}${childReadOnly ? `  const draft = useAppScope() === "draft";\n` : ""}${cascading.length ? `  const [confirming, setConfirming] = useState(false);\n` : ""}${cascadeCode}  return (
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
          <Button variant="secondary" className="text-destructive" onClick={${cascading.length ? "() => setConfirming(true)" : "onDelete"}}${blocking.length ? " disabled={linked > 0}" : ""}>
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
${childForms.join("\n")}${cascadeDialog}
    </div>
  );
}
`;
  return { path: `src/pages/${entity.names.folder}/${details}.tsx`, content };
}
