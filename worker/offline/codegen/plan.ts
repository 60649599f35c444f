import type { AgentSpec, AppSpec, EntitySpec, FieldType } from "../spec-types";
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
  /** The access rule a request set, if any (collections.json). */
  access?: EntitySpec["access"];
}

export interface AppPlan {
  name: string;
  summary: string;
  entities: EntityPlan[];
  dashboard: boolean;
  agents: AgentSpec[];
  /** Outside services the app calls itself (with agents only: their approval covers appTools). */
  syncs: SyncPlan[];
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
  return {
    name: spec.name,
    summary: spec.summary,
    entities: plans,
    dashboard: spec.dashboard,
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
      statusType: `${type}Name`,
      optionsConst: `${value}NameOptions`,
      tonesConst: `${value}NameTones`,
    });
  }
  plan.title = title ?? plan.fields.find((f) => f.type === "text") ?? plan.fields[0]!;
}

/** Whether the published app holds viewers to reading this collection (or hides it from them). */
export const viewersReadOnly = (e: EntityPlan) =>
  e.access?.viewers === "read" || e.access?.viewers === "none";

export const isTextual = (f: FieldPlan) =>
  f.type === "text" || f.type === "longtext" || f.type === "email" || f.type === "url";

/** The first status field: what the dashboard counts and the list shows as a badge. */
export const statusField = (e: EntityPlan) => e.fields.find((f) => f.type === "status");
