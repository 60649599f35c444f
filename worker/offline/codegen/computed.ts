import { displayValue } from "./display";
import { jsxText, lit, lowerFirst } from "./names";
import type { ComputedPlan, EntityPlan, FieldPlan } from "./plan";

// The computed views' code: the test a record passes, the highlight of its row in the list and
// the dashboard card. Everything reads the records the page already holds through useCollection,
// so a card or a highlight changes as soon as the live data does.

const FINISHED_BOX = /\b(?:done|completed?|finished|closed|paid|resolved|returned|shipped)\b/i;

/** A record that is finished is neither due nor overdue: its status at the last option, or ticked done. */
export function finishedExpr(entity: EntityPlan, rec: string): string | null {
  const status = entity.fields.find((f) => f.type === "status" && f.options.length > 1);
  if (status) return `${rec}.${status.key} === ${lit(status.options.at(-1)!)}`;
  const box = entity.fields.find((f) => f.type === "boolean" && FINISHED_BOX.test(f.label));
  return box ? `${rec}.${box.key} === true` : null;
}

/** Whether `rec` is in the view (due / overdue / below). */
export function viewTest(view: ComputedPlan, rec: string): string {
  const f = `${rec}.${view.field!.key}`;
  if (view.kind === "below") {
    const than = typeof view.than === "number" ? String(view.than) : `${rec}.${view.than!.key}`;
    return `isBelow(${f}, ${than})`;
  }
  const test = view.kind === "overdue" ? `isOverdue(${f})` : `isDueWithin(${f}, ${view.days})`;
  const finished = finishedExpr(view.entity, rec);
  return finished ? `!(${finished}) && ${test}` : test;
}

/** The words on a highlighted row: "Overdue", "Due soon", "Below reorder level". */
export function highlightLabel(view: ComputedPlan): string {
  if (view.kind === "overdue") return "Overdue";
  if (view.kind === "due") return view.days === 0 ? "Due today" : "Due soon";
  return typeof view.than === "number"
    ? `Below ${view.than}`
    : `Below ${lowerFirst(view.than!.label)}`;
}

const toneOf = (view: ComputedPlan) => (view.kind === "overdue" ? "danger" : "warning");

/** lib/computed helpers the views need. */
export function computedImports(views: ComputedPlan[], dashboard = false): string[] {
  const names = new Set<string>(dashboard && views.length > 0 ? ["useEveryPage"] : []);
  for (const v of views) {
    if (v.kind === "due") names.add("isDueWithin");
    if (v.kind === "overdue") names.add("isOverdue");
    if (v.kind === "below") names.add("isBelow");
    if (v.kind === "group") names.add("groupRows");
  }
  return [...names].sort();
}

/**
 * The list page's `highlightOf(record)`: the first view a record is in, worst first (overdue
 * before due soon before below), or null.
 */
export function highlightFunction(entity: EntityPlan): string {
  const order = ["overdue", "due", "below"];
  const views = [...entity.highlights].sort(
    (a, b) => order.indexOf(a.kind) - order.indexOf(b.kind),
  );
  const lines = views.map(
    (v) =>
      `  if (${viewTest(v, "record")}) return { label: ${lit(highlightLabel(v))}, tone: ${lit(toneOf(v))} };`,
  );
  return `// Rows the words asked to stand out: ${views.map((v) => v.title.toLowerCase()).join("; ")}.
function highlightOf(record: ${entity.names.type}): { label: string; tone: "danger" | "warning" } | null {
${lines.join("\n")}
  return null;
}

const HIGHLIGHT_ROWS = {
  danger: "bg-rose-50/70 hover:bg-rose-50 dark:bg-rose-400/10 dark:hover:bg-rose-400/15",
  warning: "bg-amber-50/70 hover:bg-amber-50 dark:bg-amber-400/10 dark:hover:bg-amber-400/15",
} as const;`;
}

const SHOWN = 5;

/** One dashboard card; `data` is the entity's records, `titles` maps relation targets' ids. */
export function computedCard(
  view: ComputedPlan,
  data: string,
  relatedData: (target: EntityPlan) => string,
): string {
  const e = view.entity;
  if (view.kind === "group") return groupCard(view, data, relatedData);
  const shownField = view.field!;
  const value = displayValue(shownField, "row");
  const than =
    view.kind === "below" && typeof view.than !== "number"
      ? ` <span className="text-muted-foreground">/ {${displayValue(view.than!, "row")}}</span>`
      : "";
  const tone =
    view.kind === "overdue"
      ? "text-rose-600 dark:text-rose-400"
      : "text-amber-600 dark:text-amber-400";
  return `        <Card data-card=${jsxText(view.name)}>
          <CardHeader>
            <CardTitle className="flex items-center justify-between gap-2">
              ${jsxText(view.title)}
              <span className={${view.name}.length > 0 ? "text-2xl font-semibold tabular-nums ${tone}" : "text-2xl font-semibold tabular-nums text-muted-foreground"}>
                {${view.name}.length}
              </span>
            </CardTitle>
          </CardHeader>
          <CardContent>
            {${view.name}.length === 0 ? (
              <p className="text-sm text-muted-foreground">${jsxText(view.kind === "below" ? "None right now." : "Nothing right now.")}</p>
            ) : (
              <ul className="-mx-2 flex flex-col">
                {${view.name}.slice(0, ${SHOWN}).map((row) => (
                  <li key={row._id}>
                    <button
                      type="button"
                      onClick={() => onOpen(${lit(e.key)}, row._id)}
                      className="flex w-full items-center justify-between gap-3 rounded-md px-2 py-1.5 text-left text-sm hover:bg-accent focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
                    >
                      <span className="min-w-0 truncate font-medium">{${e.names.value}Title(row)}</span>
                      <span className="shrink-0 tabular-nums text-muted-foreground">{${value}}${than}</span>
                    </button>
                  </li>
                ))}
                {${view.name}.length > ${SHOWN} ? (
                  <li className="px-2 pt-1 text-xs text-muted-foreground">{\`and \${${view.name}.length - ${SHOWN}} more\`}</li>
                ) : null}
              </ul>
            )}
          </CardContent>
        </Card>`;
}

function groupLabel(by: FieldPlan, relatedData: (target: EntityPlan) => string): string {
  if (by.type === "status")
    return `group.key ? <Badge tone={${by.tonesConst}[group.key as ${by.statusType}] ?? "neutral"}>{group.key}</Badge> : <span className="text-muted-foreground">None</span>`;
  if (by.type === "boolean") return `group.key === "yes" ? "Yes" : "No"`;
  const target = by.target!;
  return `group.key ? (${relatedData(target)}.find((option) => option._id === group.key) ? ${target.names.value}Title(${relatedData(target)}.find((option) => option._id === group.key)!) : "Unknown") : <span className="text-muted-foreground">None</span>`;
}

function groupCard(
  view: ComputedPlan,
  data: string,
  relatedData: (target: EntityPlan) => string,
): string {
  const by = view.by!;
  const sum = view.sum;
  const label = groupLabel(by, relatedData);
  const totalCell = sum
    ? `\n                    <td className="py-1.5 text-right font-medium tabular-nums">{formatNumber(group.total, ${lit(sum.format)})}</td>`
    : "";
  const totalHead = sum
    ? `\n                  <th scope="col" className="pb-2 text-right font-medium">${jsxText(sum.label)}</th>`
    : "";
  const grand = sum
    ? `
              <tfoot>
                <tr className="border-t">
                  <th scope="row" className="pt-2 text-left font-medium">Total</th>
                  <td className="pt-2 text-right tabular-nums">{${data}.length}</td>
                  <td className="pt-2 text-right font-semibold tabular-nums">{formatNumber(${view.name}.reduce((n, group) => n + group.total, 0), ${lit(sum.format)})}</td>
                </tr>
              </tfoot>`
    : "";
  return `        <Card data-card=${jsxText(view.name)}>
          <CardHeader>
            <CardTitle>${jsxText(view.title)}</CardTitle>
          </CardHeader>
          <CardContent>
            <table className="w-full text-sm">
              <thead className="text-xs text-muted-foreground">
                <tr>
                  <th scope="col" className="pb-2 text-left font-medium">${jsxText(by.type === "relation" && by.target ? by.target.singular : by.label)}</th>
                  <th scope="col" className="pb-2 text-right font-medium">Count</th>${totalHead}
                </tr>
              </thead>
              <tbody className="divide-y">
                {${view.name}.map((group) => (
                  <tr key={group.key}>
                    <td className="py-1.5">{${label}}</td>
                    <td className="py-1.5 text-right tabular-nums text-muted-foreground">{group.count}</td>${totalCell}
                  </tr>
                ))}
              </tbody>${grand}
            </table>
          </CardContent>
        </Card>`;
}

/** The dashboard's computation of one view over the entity's live records. */
export function computedValue(view: ComputedPlan, data: string): string {
  if (view.kind !== "group") {
    const sortKey = view.field!.key;
    const order =
      view.kind === "below"
        ? ""
        : `\n    .sort((a, b) => String(a.${sortKey} ?? "").localeCompare(String(b.${sortKey} ?? "")))`;
    return `  const ${view.name} = ${data}
    .filter((row) => ${viewTest(view, "row")})${order};`;
  }
  const by = view.by!;
  const key =
    by.type === "boolean"
      ? `(row) => (row.${by.key} === true ? "yes" : "no")`
      : `(row) => row.${by.key} ?? ""`;
  const sum = view.sum ? `(row) => row.${view.sum.key}` : "undefined";
  const keys =
    by.type === "status" ? `, ${by.optionsConst}` : by.type === "boolean" ? `, ["yes", "no"]` : "";
  return `  const ${view.name} = groupRows(${data}, ${key}, ${sum}${keys});`;
}
