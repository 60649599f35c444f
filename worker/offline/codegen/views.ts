import { displayValue, formatImports, titlesVar } from "./display";
import { lit } from "./names";
import type { EntityPlan, FieldPlan } from "./plan";
import type { GeneratedFile } from "./types";
import { boardView } from "./view-board";
import { calendarView } from "./view-calendar";
import { checklistView } from "./view-checklist";

/** What a board, calendar or checklist component is called: "DealBoard". */
export function viewComponent(entity: EntityPlan): string | undefined {
  if (!entity.view) return undefined;
  const suffix = { board: "Board", calendar: "Calendar", checklist: "Checklist" }[entity.view.kind];
  return `${entity.names.type}${suffix}`;
}

export const VIEW_ICONS = {
  board: "SquareKanban",
  calendar: "CalendarDays",
  checklist: "ListChecks",
};
export const VIEW_LABELS = { board: "Board", calendar: "Calendar", checklist: "Checklist" };

/** The view component of an entity whose page opens on one. */
export function entityView(entity: EntityPlan): GeneratedFile | undefined {
  const name = viewComponent(entity);
  if (!name || !entity.view) return undefined;
  const content =
    entity.view.kind === "board"
      ? boardView(entity, name)
      : entity.view.kind === "calendar"
        ? calendarView(entity, name)
        : checklistView(entity, name);
  return { path: `src/pages/${entity.names.folder}/${name}.tsx`, content };
}

/** Up to `count` fields a card or row shows beside the title: short values people scan. */
export function keyFields(entity: EntityPlan, count: number): FieldPlan[] {
  return entity.fields
    .filter(
      (f) =>
        f !== entity.title &&
        f !== entity.view?.field &&
        f.type !== "longtext" &&
        f.type !== "boolean",
    )
    .slice(0, count);
}

/** The props naming the related records' titles a view shows, as the page passes them. */
export function titleProps(fields: FieldPlan[]): string[] {
  return [...new Set(fields.filter((f) => f.type === "relation").map(titlesVar))];
}

/** `label value` pairs of the key fields, skipping empty ones. */
export function keyFieldList(fields: FieldPlan[], record: string, className: string): string {
  if (fields.length === 0) return "";
  const items = fields.map(
    (f) => `          {filled(${record}.${f.key}) ? (
            <div className="flex min-w-0 items-baseline justify-between gap-3">
              <dt className="shrink-0 text-muted-foreground">{${lit(f.label)}}</dt>
              <dd className="min-w-0 truncate text-right text-foreground">{${displayValue(f, record)}}</dd>
            </div>
          ) : null}`,
  );
  return `        <dl className=${lit(className)}>
${items.join("\n")}
        </dl>`;
}

/** Imports the key fields' display needs, from a page's folder. */
export function displayImports(fields: FieldPlan[]): string[] {
  const format = formatImports(fields);
  return [
    fields.some((f) => f.type === "status")
      ? `import { Badge } from "../../components/ui/badge";`
      : "",
    format.length ? `import { ${format.join(", ")} } from "../../lib/format";` : "",
  ];
}

export const titlePropTypes = (props: string[]) =>
  props.map((p) => `  ${p}: Map<string, string>;`).join("\n");

/** The helper the key fields' empty check calls, declared once in a view's module. */
export const FILLED_HELPER =
  'const filled = (value: unknown) => value !== null && value !== undefined && value !== "";\n';
