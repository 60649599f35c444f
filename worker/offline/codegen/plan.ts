import type {
  AgentSpec,
  AppSpec,
  ComputedView,
  EntitySpec,
  FieldType,
  ViewKind,
} from "../spec-types";
import { VIEW_FIELD_TYPES } from "../spec-views";
import { camelCase, type EntityNames, entityNames, pascalCase } from "./names";
import { type SyncPlan, syncPlans } from "./service-sync";

export interface FieldPlan {
  key: string;
  label: string;
  /** The spec's type, or `text` when a status has no options or a relation no target. */
  type: FieldType;
  required: boolean;
  options: string[];
  format: "integer" | "decimal" | "currency" | "percent";
  /** `number`: the inclusive bounds the prompt stated. */
  min?: number;
  max?: number;
  /** `number`: set with a ▲ vote button or picked as stars (1…max). */
  widget?: "votes" | "stars";
  /** `relation`: deleting the record it points at is blocked while this points there, or takes this along. */
  onDelete: "block" | "cascade";
  /** `relation`: the entity it points at. */
  target?: EntityPlan;
  /** `status`: the union type and the constants the entity module exports for it. */
  statusType: string;
  optionsConst: string;
  tonesConst: string;
}

export interface EntityPlan {
  key: string;
  singular: string;
  plural: string;
  names: EntityNames;
  fields: FieldPlan[];
  title: FieldPlan;
  icon: string;
  /** Entities whose records point at this one, and the field that points: listed on its page. */
  children: { entity: EntityPlan; field: FieldPlan }[];
  /** The computed views on its records that highlight rows of its list. */
  highlights: ComputedPlan[];
  /** The access rule a request set, if any (collections.json). */
  access?: EntitySpec["access"];
  /** The board, calendar or checklist its page opens on, beside the table. */
  view?: { kind: ViewKind; field: FieldPlan };
}

export interface AppPlan {
  name: string;
  summary: string;
  entities: EntityPlan[];
  dashboard: boolean;
  agents: AgentSpec[];
  /** Outside services the app calls itself (with agents only: their approval covers appTools). */
  syncs: SyncPlan[];
  /** Views computed from the records: dashboard cards (and highlighted rows, see `highlights`). */
  computed: ComputedPlan[];
}

/** A spec's computed view with its entity and fields resolved; views naming missing fields drop. */
export interface ComputedPlan {
  kind: ComputedView["kind"];
  entity: EntityPlan;
  /** due / overdue: the date; below: the number compared. */
  field?: FieldPlan;
  /** due: days ahead, today included. */
  days: number;
  /** below: the field of the same record, or the number stated. */
  than?: FieldPlan | number;
  /** group: what to group by, and what to total. */
  by?: FieldPlan;
  sum?: FieldPlan;
  /** The card's title, in the user's words: "Products below reorder level". */
  title: string;
  /** An identifier for the card's locals: "dueSoonTasks". */
  name: string;
}

const IDENTIFIER = /^[A-Za-z$][A-Za-z0-9_$]*$/;

/** Keys the spec promises are identifiers; anything else is repaired rather than trusted. */
function safeKey(key: string, index: number, taken: Set<string>): string {
  let name = IDENTIFIER.test(key) ? key : camelCase(key) || `field${index + 1}`;
  while (taken.has(name)) name = `${name}_`;
  taken.add(name);
  return name;
}

const ICONS: [RegExp, string][] = [
  [/task|todo|chore|action/, "ListTodo"],
  [/ticket|issue|bug|incident|request|support/, "LifeBuoy"],
  [/project|initiative|board|epic/, "FolderKanban"],
  [/people|person|contact|customer|client|employee|member|user|candidate|lead|vendor/, "Users"],
  [/compan|account|organi|supplier|partner/, "Building2"],
  [/order|purchase|sale/, "ShoppingCart"],
  [/invoice|expense|payment|receipt|budget|transaction/, "Receipt"],
  [/event|meeting|booking|appointment|shift|schedule/, "Calendar"],
  [/product|item|inventor|asset|equipment|stock/, "Package"],
  [/note|document|doc|article|post|page/, "FileText"],
  [/deal|opportunit|job|position|role/, "Briefcase"],
  [/repair|maintenance|work_order/, "Wrench"],
];

const iconFor = (key: string) => ICONS.find(([re]) => re.test(key))?.[1] ?? "Table2";

export function planApp(spec: AppSpec): AppPlan {
  const entities = spec.entities.map((e, i) => ({
    ...e,
    key: /^[a-z][a-z0-9_]*$/.test(e.key) ? e.key : `entity${i + 1}`,
  }));
  const names = entityNames(entities);
  const plans: EntityPlan[] = entities.map((entity) => ({
    key: entity.key,
    singular: entity.singular || entity.key,
    plural: entity.plural || entity.key,
    names: names.get(entity.key)!,
    // Filled in below, once every entity exists for relations to point at.
    fields: [],
    title: undefined as unknown as FieldPlan,
    icon: iconFor(entity.key),
    children: [],
    highlights: [],
    ...(entity.access ? { access: entity.access } : {}),
  }));
  const byKey = new Map(plans.map((p) => [p.key, p]));
  for (const [i, entity] of entities.entries()) planFields(entity, plans[i]!, byKey);
  for (const child of plans) {
    for (const field of child.fields) {
      const parent = field.type === "relation" ? field.target : undefined;
      if (parent && parent !== child && !parent.children.some((c) => c.entity === child))
        parent.children.push({ entity: child, field });
    }
  }
  const computed = planComputed(spec.computed ?? [], byKey);
  for (const view of computed) if (view.kind !== "group") view.entity.highlights.push(view);
  return {
    computed,
    name: spec.name,
    summary: spec.summary,
    entities: plans,
    dashboard: spec.dashboard || computed.length > 0,
    agents: spec.agents,
    syncs:
      spec.agents.length > 0
        ? syncPlans(spec.services ?? [], new Set(plans.map((p) => p.key)))
        : [],
  };
}

function planFields(entity: EntitySpec, plan: EntityPlan, byKey: Map<string, EntityPlan>) {
  const taken = new Set<string>();
  const type = plan.names.type;
  const value = plan.names.value;
  let title: FieldPlan | undefined;
  entity.fields.forEach((field, i) => {
    const key = safeKey(field.key.replace(/^_+/, ""), i, taken);
    const options = [...new Set((field.options ?? []).filter((o) => o.trim()))];
    const target = field.relation ? byKey.get(field.relation) : undefined;
    let fieldType = field.type;
    if (fieldType === "status" && options.length === 0) fieldType = "text";
    if (fieldType === "relation" && !target) fieldType = "text";
    const suffix = pascalCase(key) || `Field${i + 1}`;
    const planned: FieldPlan = {
      key,
      label: field.label || key,
      type: fieldType,
      required: field.required,
      options,
      format: field.format ?? "decimal",
      ...(fieldType === "number" && field.min !== undefined ? { min: field.min } : {}),
      ...(fieldType === "number" && field.max !== undefined ? { max: field.max } : {}),
      ...(fieldType === "number" && field.widget === "votes" ? { widget: "votes" as const } : {}),
      // Stars need an upper bound to draw; without one the number stays a number.
      ...(fieldType === "number" &&
      field.widget === "stars" &&
      (field.max ?? 0) >= 2 &&
      (field.max ?? 0) <= 10
        ? { widget: "stars" as const }
        : {}),
      onDelete: fieldType === "relation" && field.onDelete === "cascade" ? "cascade" : "block",
      target: fieldType === "relation" ? target : undefined,
      statusType: `${type}${suffix}`,
      optionsConst: `${value}${suffix}Options`,
      tonesConst: `${value}${suffix}Tones`,
    };
    plan.fields.push(planned);
    if (field.key === entity.titleField) title = planned;
  });
  if (plan.fields.length === 0) {
    plan.fields.push({
      key: "name",
      label: "Name",
      type: "text",
      required: true,
      options: [],
      format: "decimal",
      onDelete: "block",
      statusType: `${type}Name`,
      optionsConst: `${value}NameOptions`,
      tonesConst: `${value}NameTones`,
    });
  }
  plan.title = title ?? plan.fields.find((f) => f.type === "text") ?? plan.fields[0]!;
  // A view whose field is missing or of another type than it needs is dropped, never guessed.
  const at = entity.fields.findIndex((f) => f.key === entity.view?.field);
  const field = at >= 0 ? plan.fields[at] : undefined;
  if (entity.view && field && VIEW_FIELD_TYPES[entity.view.kind]?.includes(field.type))
    plan.view = { kind: entity.view.kind, field };
}

/** Whether the published app holds viewers to reading this collection (or hides it from them). */
export const viewersReadOnly = (e: EntityPlan) =>
  e.access?.viewers === "read" || e.access?.viewers === "none";

export const isTextual = (f: FieldPlan) =>
  f.type === "text" || f.type === "longtext" || f.type === "email" || f.type === "url";

/** The first status field: what the dashboard counts and the list shows as a badge. */
export const statusField = (e: EntityPlan) => e.fields.find((f) => f.type === "status");

const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

function planComputed(views: ComputedView[], byKey: Map<string, EntityPlan>): ComputedPlan[] {
  const out: ComputedPlan[] = [];
  const names = new Set<string>();
  for (const view of views) {
    const entity = byKey.get(view.entity);
    if (!entity) continue;
    const field = (key: string | undefined) => entity.fields.find((f) => f.key === key);
    const plural = entity.plural;
    const unique = (base: string) => {
      let name = base;
      for (let i = 2; names.has(name); i++) name = `${base}${i}`;
      names.add(name);
      return name;
    };
    const value = entity.names.type;
    if (view.kind === "due" || view.kind === "overdue") {
      const date = field(view.field);
      if (!date || (date.type !== "date" && date.type !== "datetime")) continue;
      const days = view.kind === "due" ? Math.max(0, Math.min(365, Math.round(view.days))) : 0;
      const title =
        view.kind === "overdue"
          ? `Overdue ${lower(plural)}`
          : days === 0
            ? `${plural} due today`
            : days === 7
              ? `${plural} due this week`
              : `${plural} due in the next ${days} days`;
      out.push({
        kind: view.kind,
        entity,
        field: date,
        days,
        title,
        name: unique(`${view.kind === "due" ? "dueSoon" : "overdue"}${value}`),
      });
    } else if (view.kind === "below") {
      const number = field(view.field);
      const than = "field" in view.than ? field(view.than.field) : view.than.value;
      if (number?.type !== "number" || than === undefined) continue;
      if (typeof than !== "number" && than.type !== "number") continue;
      if (typeof than === "number" && !Number.isFinite(than)) continue;
      const title = `${plural} below ${typeof than === "number" ? `${than} ${lower(number.label)}` : lower(than.label)}`;
      out.push({
        kind: "below",
        entity,
        field: number,
        than,
        days: 0,
        title,
        name: unique(`below${value}`),
      });
    } else {
      const by = field(view.by);
      const sum = view.sum ? field(view.sum) : undefined;
      if (!by || !["status", "relation", "boolean"].includes(by.type)) continue;
      if (sum && sum.type !== "number") continue;
      const per = by.type === "relation" && by.target ? lower(by.target.singular) : lower(by.label);
      const title = sum ? `Total ${lower(sum.label)} per ${per}` : `${plural} per ${per}`;
      out.push({
        kind: "group",
        entity,
        by,
        ...(sum ? { sum } : {}),
        days: 0,
        title,
        name: unique(`per${pascalCase(by.key)}${value}`),
      });
    }
  }
  return out;
}
