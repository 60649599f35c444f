import type { AppSpec, ComputedView, EntitySpec, FieldSpec } from "./spec-types";
import { VIEW_FIELD_TYPES } from "./spec-views";

const ENTITY_KEY = /^[a-z][a-z0-9_]*$/;
const FIELD_KEY = /^[a-z][a-zA-Z0-9]*$/;
const AGENT_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const SYSTEM_KEYS = new Set(["id", "constructor", "prototype", "__proto__"]);
const NUMBER_FORMATS = new Set(["integer", "decimal", "currency", "percent"]);

/** Every constraint of spec-types.ts the spec breaks, as readable sentences; empty when valid. */
export function validateSpec(spec: AppSpec): string[] {
  const problems: string[] = [];
  if (!label(spec.name)) problems.push("The app needs a name of 1–60 characters.");
  if (spec.summary.trim() === "") problems.push("The app needs a one-sentence summary.");
  if (spec.entities.length < 1 || spec.entities.length > 6)
    problems.push(`An app has 1–6 entities, not ${spec.entities.length}.`);
  const keys = spec.entities.map((e) => e.key);
  for (const entity of spec.entities) problems.push(...checkEntity(entity, keys));
  if (new Set(keys).size !== keys.length) problems.push("Entity keys must be unique.");
  const statuses = spec.entities.some((e) => e.fields.some((f) => f.type === "status"));
  const computed = (spec.computed?.length ?? 0) > 0;
  if (spec.dashboard !== (statuses || spec.entities.length > 1 || computed))
    problems.push(
      "The dashboard is on exactly when the app has statuses, several entities or computed views.",
    );
  for (const view of spec.computed ?? []) problems.push(...checkComputed(view, spec.entities));
  const ids = spec.agents.map((a) => a.id);
  if (new Set(ids).size !== ids.length) problems.push("Agent ids must be unique.");
  for (const agent of spec.agents) {
    if (!AGENT_ID.test(agent.id)) problems.push(`Agent id "${agent.id}" is not kebab-case.`);
    if (!label(agent.name) || agent.description.trim() === "" || agent.instructions.trim() === "")
      problems.push(`Agent "${agent.id}" needs a name, a description and instructions.`);
    if (agent.collections.length === 0 || agent.collections.some((c) => !keys.includes(c)))
      problems.push(`Agent "${agent.id}" works on entities the app does not have.`);
  }
  return problems;
}

function checkEntity(entity: EntitySpec, keys: string[]): string[] {
  const problems: string[] = [];
  const where = `Entity "${entity.key}"`;
  if (!ENTITY_KEY.test(entity.key) || entity.key.length > 40)
    problems.push(`${where}: the key must be lower case letters, digits and _ (at most 40).`);
  if (!label(entity.singular) || !label(entity.plural))
    problems.push(`${where}: singular and plural labels must be 1–60 characters.`);
  if (entity.fields.length < 1 || entity.fields.length > 12)
    problems.push(`${where}: 1–12 fields, not ${entity.fields.length}.`);
  const first = entity.fields[0];
  if (!first || first.key !== entity.titleField || first.type !== "text" || !first.required)
    problems.push(`${where}: the title field comes first and is required text.`);
  const fieldKeys = entity.fields.map((f) => f.key);
  if (new Set(fieldKeys).size !== fieldKeys.length) problems.push(`${where}: field keys repeat.`);
  for (const field of entity.fields)
    problems.push(...checkField(field, `${where}.${field.key}`, keys));
  if (entity.view) {
    const field = entity.fields.find((f) => f.key === entity.view?.field);
    if (!field || !VIEW_FIELD_TYPES[entity.view.kind]?.includes(field.type))
      problems.push(
        `${where}: a ${entity.view.kind} view needs a ${VIEW_FIELD_TYPES[entity.view.kind]?.join(" or ") ?? "known"} field of the entity.`,
      );
  }
  return problems;
}

function checkField(field: FieldSpec, where: string, keys: string[]): string[] {
  const problems: string[] = [];
  if (!FIELD_KEY.test(field.key) || field.key.length > 40 || SYSTEM_KEYS.has(field.key))
    problems.push(`${where}: the key must be camelCase and not a system name.`);
  if (!label(field.label)) problems.push(`${where}: the label must be 1–60 characters.`);
  if (field.type === "status") {
    const options = field.options ?? [];
    const distinct = new Set(options.map((o) => o.toLowerCase()));
    if (options.length === 0 || distinct.size !== options.length || options.some((o) => !label(o)))
      problems.push(`${where}: a status needs unique, non-empty options.`);
  } else if (field.options) problems.push(`${where}: only a status has options.`);
  if (field.type === "relation") {
    if (!field.relation || !keys.includes(field.relation))
      problems.push(`${where}: the relation points at an entity the app does not have.`);
  } else if (field.relation) problems.push(`${where}: only a relation names a target.`);
  if (field.format && (field.type !== "number" || !NUMBER_FORMATS.has(field.format)))
    problems.push(`${where}: only a number has a format.`);
  if ((field.min !== undefined || field.max !== undefined) && field.type !== "number")
    problems.push(`${where}: only a number has bounds.`);
  if (field.min !== undefined && field.max !== undefined && field.min > field.max)
    problems.push(`${where}: the lower bound is above the upper one.`);
  if (field.widget && field.type !== "number")
    problems.push(`${where}: only a number is shown as votes or stars.`);
  if (field.widget === "stars" && (field.max === undefined || field.max < 2 || field.max > 10))
    problems.push(`${where}: stars need an upper bound from 2 to 10.`);
  if (field.onDelete && field.type !== "relation")
    problems.push(`${where}: only a relation says what deleting its target does.`);
  return problems;
}

const VIEW_NEEDS: Record<ComputedView["kind"], string> = {
  due: "a date",
  overdue: "a date",
  below: "a number",
  group: "a status, relation or yes/no field to group by",
};

/** A computed view names one entity's fields, each of the type it works on. */
function checkComputed(view: ComputedView, entities: EntitySpec[]): string[] {
  const entity = entities.find((e) => e.key === view.entity);
  const type = (key: string | undefined) => entity?.fields.find((f) => f.key === key)?.type;
  const ok = (() => {
    if (!entity) return false;
    if (view.kind === "due" || view.kind === "overdue") {
      const t = type(view.field);
      return (t === "date" || t === "datetime") && (view.kind === "overdue" || view.days >= 0);
    }
    if (view.kind === "below")
      return (
        type(view.field) === "number" &&
        ("field" in view.than
          ? type(view.than.field) === "number"
          : Number.isFinite(view.than.value))
      );
    const by = type(view.by);
    return (
      (by === "status" || by === "relation" || by === "boolean") &&
      (view.sum === undefined || type(view.sum) === "number")
    );
  })();
  return ok
    ? []
    : [`A ${view.kind} view on "${view.entity}" needs ${VIEW_NEEDS[view.kind]} field of it.`];
}

const label = (text: string) => text.trim().length > 0 && text.length <= 60;
