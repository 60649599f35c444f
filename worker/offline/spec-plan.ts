import { withArticle } from "./spec-finalize";
import { joinAnd, truncate } from "./spec-text";
import type { AccessRuleChange, AppSpec, EntitySpec, FieldSpec } from "./spec-types";

const MAX_STEPS = 7;
const STEP_CHARS = 200;
const DESCRIPTION_CHARS = 1200;
const FINAL_STEP = "Type-check, build and open the preview";

/** The plan the offline builder asks the user to approve before it writes the app. */
export function planFor(spec: AppSpec): { title: string; steps: string[] } {
  const plurals = spec.entities.map((e) => e.plural.toLowerCase());
  const agents = spec.agents.length > 0;
  const tail: string[] = [screensStep(spec, plurals)];
  if (spec.dashboard) tail.push(dashboardStep(spec));
  const behaviours = behaviourPhrases(spec);
  if (behaviours.length > 0) {
    const text = behaviours.join("; ");
    tail.push(text.charAt(0).toUpperCase() + text.slice(1));
  }
  if (agents) tail.push(agentsStep(spec));
  if (spec.rules?.length) tail.push(rulesStep(spec));
  if (spec.migrations?.length) tail.push(migrationStep(spec));
  if (spec.notes?.length) tail.push(`Not done: ${spec.notes.slice(0, 3).join(" ")}`);
  if (spec.unplaced?.length) {
    const quoted = spec.unplaced.slice(0, 5).map((u) => `"${truncate(u, 40)}"`);
    tail.push(`Not placed, since no record was named for them: ${joinAnd(quoted)}`);
  }
  const budget = Math.max(1, Math.min(4, MAX_STEPS - tail.length - 1));
  const shown = spec.entities.length > budget ? spec.entities.slice(0, budget - 1) : spec.entities;
  const steps = shown.map(entityStep);
  const others = spec.entities.slice(shown.length);
  if (others.length > 0) {
    const named = joinAnd(others.map((e) => e.plural));
    steps.push(`Also ${named}, each with its fields, list and form`);
  }
  return {
    title: truncate(`Build ${displayName(spec.name)}`, 80),
    steps: [...steps, ...tail, FINAL_STEP].map((s) => truncate(s, STEP_CHARS)),
  };
}

/** "Support desk" → "a support desk"; "Acme Ops Hub" stays a proper name. */
function displayName(name: string): string {
  const capitals = name.split(" ").filter((w) => /^[A-Z][a-z]/.test(w)).length;
  if (capitals >= 2) return name;
  const phrase = withArticle(name);
  return phrase.charAt(0).toLowerCase() + phrase.slice(1);
}

function entityStep(entity: EntitySpec): string {
  const parts = entity.fields.slice(0, 6).map(fieldInPlan);
  const more = entity.fields.length > 6 ? ` and ${entity.fields.length - 6} more` : "";
  const view = viewInPlan(entity);
  return `${entity.plural}: ${parts.join(", ")}${more}${view ? `; ${view}` : ""}`;
}

/** "board by stage": the view its page opens on, for the closing message. */
function viewLabel(entity: EntitySpec): string | undefined {
  const field = entity.fields.find((f) => f.key === entity.view?.field);
  return entity.view && field ? `${entity.view.kind} by ${field.label.toLowerCase()}` : undefined;
}

/** Which view the entity's page opens on, and why, in one short phrase. */
export function viewInPlan(entity: EntitySpec): string | undefined {
  const field = entity.fields.find((f) => f.key === entity.view?.field);
  if (!entity.view || !field) return undefined;
  const label = field.label.toLowerCase();
  if (entity.view.kind === "board") return `a board by ${label}, as they move through stages`;
  if (entity.view.kind === "calendar") return `a calendar by ${label}, as they are dated`;
  return `a checklist ticking “${label}”, as they are ticked off`;
}

function fieldInPlan(field: FieldSpec): string {
  const label = field.label.charAt(0).toLowerCase() + field.label.slice(1);
  const shown = /^[A-Z]{2}/.test(field.label) ? field.label : label;
  const options = field.options ?? [];
  if (field.type === "status" && options.length > 1)
    return `${shown} (${options[0]} → ${options.at(-1)})`;
  return shown;
}

/** "Existing records move with the change: …", in the user's words for the records and fields. */
function migrationStep(spec: AppSpec): string {
  const label = (collection: string, key: string) => {
    const entity = spec.entities.find((e) => e.key === collection);
    const field = entity?.fields.find((f) => f.key === key);
    return (field?.label ?? key).toLowerCase();
  };
  const plural = (collection: string) =>
    (spec.entities.find((e) => e.key === collection)?.plural ?? collection).toLowerCase();
  const parts = (spec.migrations ?? []).map((m) => {
    if (m.op === "rename-collection")
      return `the ${m.from.replace(/_/g, " ")} kept so far become ${plural(m.to)}`;
    if (m.op === "rename-field")
      return `${plural(m.collection)}' “${m.from}” values move to “${label(m.collection, m.to)}”`;
    return `${plural(m.collection)}' ${label(m.collection, m.field)} values are converted to ${m.format ?? m.type} (any that do not fit are kept as typed)`;
  });
  return `Existing records move with the change: ${joinAnd(parts)}`;
}

function screensStep(spec: AppSpec, plurals: string[]): string {
  const links = spec.entities.some((e) => e.fields.some((f) => f.type === "relation"));
  const detail = links
    ? "a detail page that lists linked records and adds new ones"
    : "a detail page";
  return `Screens for ${joinAnd(plurals)}: a searchable, sortable list, a create and edit form with validation, and ${detail}`;
}

function dashboardStep(spec: AppSpec): string {
  const counted = spec.entities.flatMap((e) => {
    const status = e.fields.find((f) => f.type === "status");
    return status ? [`${e.plural.toLowerCase()} by ${status.label.toLowerCase()}`] : [];
  });
  const totals =
    counted.length > 0 ? `counts of ${joinAnd(counted.slice(0, 3))}` : "totals per entity";
  return `Dashboard home page: ${totals} and the latest changes`;
}

/**
 * The behaviours the words asked for, as the user would check them: "highlights products below
 * their reorder level", "a ▲ vote button on ideas", "deleting a project deletes its tasks".
 */
export function behaviourPhrases(spec: AppSpec): string[] {
  const entity = (key: string) => spec.entities.find((e) => e.key === key);
  const plural = (key: string) => (entity(key)?.plural ?? key).toLowerCase();
  const label = (key: string, field: string) =>
    (entity(key)?.fields.find((f) => f.key === field)?.label ?? field).toLowerCase();
  const out: string[] = [];
  for (const view of spec.computed ?? []) {
    if (view.kind === "due")
      out.push(
        view.days === 0
          ? `a card of ${plural(view.entity)} due today`
          : `a card of ${plural(view.entity)} due in the next ${view.days} days (by ${label(view.entity, view.field)}), highlighted in the list`,
      );
    else if (view.kind === "overdue")
      out.push(`overdue ${plural(view.entity)} highlighted, with a card counting them`);
    else if (view.kind === "below") {
      const than =
        "field" in view.than
          ? `their ${label(view.entity, view.than.field)}`
          : `${view.than.value}`;
      out.push(
        `highlights ${plural(view.entity)} whose ${label(view.entity, view.field)} is below ${than}, with a card counting them`,
      );
    } else
      out.push(
        view.sum
          ? `a card of the total ${label(view.entity, view.sum)} per ${label(view.entity, view.by)}`
          : `a card counting ${plural(view.entity)} per ${label(view.entity, view.by)}`,
      );
  }
  for (const e of spec.entities) {
    for (const f of e.fields) {
      if (f.widget === "votes")
        out.push(`a ▲ button on each of the ${e.plural.toLowerCase()} adds a vote`);
      if (f.widget === "stars")
        out.push(`${f.label.toLowerCase()} picked as ${f.min ?? 1}–${f.max} stars`);
      if (f.onDelete === "cascade") {
        const parent = spec.entities.find((p) => p.key === f.relation);
        if (parent)
          out.push(
            `deleting a ${parent.singular.toLowerCase()} deletes its ${e.plural.toLowerCase()}, after a confirmation that says how many`,
          );
      }
    }
  }
  return out;
}

const AGENTS_REVIEW = "; an admin approves what they may do, and publishing goes through review";

function agentsStep(spec: AppSpec): string {
  const head = spec.agents.length > 1 ? "Agents" : "Agent";
  const list = spec.agents.map(
    (a) => `${a.name} (${a.description.replace(/\.$/, "").toLowerCase()})`,
  );
  const full = `${head}: ${list.join("; ")}${AGENTS_REVIEW}`;
  if (full.length <= STEP_CHARS) return full;
  // The review note stays whole; the agents are named without their descriptions.
  return `${head}: ${truncate(joinAnd(spec.agents.map((a) => a.name)), STEP_CHARS - head.length - 2 - AGENTS_REVIEW.length)}${AGENTS_REVIEW}`;
}

/** In words, what the latest follow-up's access rules do. */
export function describeRule(spec: AppSpec, rule: AccessRuleChange): string {
  const plural = (spec.entities.find((e) => e.key === rule.collection)?.plural ?? rule.collection)
    .toLowerCase()
    .replace(/_/g, " ");
  if (rule.who === "agents")
    return rule.to === "write" ? `agents may change ${plural}` : `agents will only read ${plural}`;
  if (rule.to === "none") return `${plural} will be hidden from viewers`;
  return rule.to === "read"
    ? `viewers will only read ${plural}`
    : `viewers will read and change ${plural}`;
}

/**
 * "Viewers will only read reports once this is published; the change goes through review."
 * Viewers meet a rule only in a published version; agents meet the draft's at once.
 */
export function rulesStep(spec: AppSpec): string {
  const rules = spec.rules ?? [];
  const said = joinAnd(rules.map((r) => describeRule(spec, r)));
  const text = said.charAt(0).toUpperCase() + said.slice(1);
  const viewers = rules.some((r) => r.who === "viewers");
  return viewers
    ? `${text} once this is published; the change goes through review.`
    : `${text}: in the draft at once, in the published app once this is published through review.`;
}

/** A short markdown summary of the spec for the builder's final message. */
export function describeSpec(spec: AppSpec): string {
  for (const detail of ["full", "types", "labels"] as const) {
    const text = render(spec, detail);
    if (text.length <= DESCRIPTION_CHARS) return text;
  }
  return truncate(render(spec, "labels"), DESCRIPTION_CHARS);
}

function render(spec: AppSpec, detail: "full" | "types" | "labels"): string {
  const titles = new Map(spec.entities.map((e) => [e.key, e.plural]));
  const lines = [`**${spec.name}**: ${aboutLine(spec)}`, ""];
  for (const entity of spec.entities) {
    const fields = entity.fields.map((f) => fieldInDescription(f, detail, titles));
    const view = detail === "labels" ? undefined : viewLabel(entity);
    lines.push(`- **${entity.plural}**${view ? ` (${view})` : ""}: ${fields.join(", ")}`);
  }
  if (spec.agents.length > 0) {
    lines.push("", "**Agents**");
    for (const agent of spec.agents) {
      const about = detail === "labels" ? "" : `: ${agent.description}`;
      lines.push(`- **${agent.name}**${about}`);
    }
  }
  return lines.join("\n");
}

/** The summary without the name it may open with, so the name is read once. */
function aboutLine(spec: AppSpec): string {
  const opening = `${spec.name}: `;
  const rest = spec.summary.startsWith(opening) ? spec.summary.slice(opening.length) : spec.summary;
  return /^[A-Z][a-z]/.test(rest) ? rest.charAt(0).toLowerCase() + rest.slice(1) : rest;
}

function fieldInDescription(
  field: FieldSpec,
  detail: "full" | "types" | "labels",
  titles: Map<string, string>,
): string {
  if (detail === "labels") return field.label;
  let type: string = field.type;
  if (field.type === "relation") type = `→ ${titles.get(field.relation ?? "") ?? field.relation}`;
  else if (field.type === "number" && field.format) type = field.format;
  else if (field.type === "status" && detail === "full") type = (field.options ?? []).join("/");
  return `${field.label} (${type}${field.required ? ", required" : ""})`;
}
