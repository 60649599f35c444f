import { agentMentions, detectAgents } from "./spec-agents";
import { type Draft, type DraftEntity, type DraftField, entityFromNoun } from "./spec-draft";
import { extract, isEntityItem, nounPhrase, splitList } from "./spec-extract";
import { optionLabel, typeOfField } from "./spec-field-grammar";
import { inferType, normalizePhrase, resolveField } from "./spec-fields";
import { MAX_ENTITIES } from "./spec-finalize";
import { fieldTarget, findEntity, findField } from "./spec-lookup";
import { fromLibrary, mergeFields } from "./spec-merge";
import { applyRuleClause } from "./spec-rules";
import { detectServices } from "./spec-services";
import { pluralize, singularize } from "./spec-text";
import { parseTypeWords } from "./spec-type-words";
import { applyViewClause } from "./spec-views";

// Follow-up requests edit the draft in place, one sentence (or "… and remove …" clause) at a time.

const VERB =
  "add|remove|delete|drop|rename|make|change|set|also|track|include|get rid|call|hide|let|allow|viewers|link|connect";
const CLAUSES = new RegExp(`\\s+(?:and|then|,)\\s+(?:then\\s+)?(?=(?:${VERB})\\b)`);
const NO_AGENTS =
  /\b(?:no|remove|drop|delete|without|get rid of)\s+(?:the\s+|any\s+|all\s+)?(?:ai\s+)?(?:agents?|assistants?|bots?|automations?)\b/;
const RENAME =
  /^(?:rename|call|change the name of)\s+(?:the\s+)?(.+?)\s+(?:to|as|into)\s+(.+?)(?:\s+instead)?$/;
const RENAME_SHOULD =
  /^(?:the\s+)?(.+?)\s+should be (?:called|named|renamed to)\s+(.+?)(?:\s+instead)?$/;
const OPTIONS =
  /^(?:change|set|make|use|update)?\s*(?:the\s+)?(?:(.+?)\s+)?(?:options|values|choices)(?:\s+(?:for|of)\s+(?:the\s+)?(.+?))?\s+(?:to|should be|are|be|as|:|=)\s*(.+)$/;
const PLURAL_OPTIONS =
  /^(?:the\s+)?(stages|statuses|states|priorities|levels|categories|types)\s+(?:should be|are|:|=|to be)\s*(.+)$/;
const ADD_OPTION =
  /^add\s+["'“]?(.+?)["'”]?\s+(?:as an?|to the)\s+(?:new\s+)?(status|stage|priority|category|type|level)(?:\s+options?)?(?:\s+(?:on|for|in|of|to)\s+(?:the\s+)?(.+))?$/;
const ADD_WITH_OPTIONS =
  /^add\s+(?:an?\s+|the\s+)?(?:new\s+)?(?:(?:field|column|dropdown|select)\s+(?:called|named)\s+)?["“']?(.+?)["”']?(?:\s+(?:field|column|dropdown|select))?(?:\s+(?:to|on|for|in)\s+(?:the\s+|each\s+|every\s+|all\s+)?(.+?))?\s*,?\s+with\s+(?:the\s+)?(?:options?|values|choices)\s*:?\s*(.+)$/;
const RETYPE = /^(?:make|change|set|turn|convert|mark)\s+(?:the\s+)?(.+)$/;
const RETYPE_SHOULD = /^(?:the\s+)?(.+?)\s+(?:should be|must be|is|needs to be)\s+(.+)$/;
const REMOVE =
  /^(?:remove|delete|drop|get rid of|take out|lose|we don'?t need|don'?t need|do not need|no need for|no longer need|i don'?t need|no)\s+(?:the\s+|a\s+|an\s+)?(.+?)(?:\s+(?:from|on|in)\s+(?:the\s+|each\s+|all\s+)?(.+?))?$/;
const ADD_ENTITY =
  /^add\s+(?:an?\s+|the\s+)?(?:new\s+)?(?:entity|table|collection|section|list|page|tab|model|record type)\s+(?:for|of|called|named)?\s*(.+?)(?:\s+with\s+(.+))?$/;
const ADD_TO =
  /^(?:add|include|put|store|record|capture)\s+(?:an?\s+|the\s+|some\s+)?(?:new\s+)?(?:(?:field|column|property)\s+(?:called|named)\s+)?(.+?)\s+(?:to|on|for|in|onto)\s+(?:the\s+|each\s+|every\s+|all\s+)?(.+)$/;
// "add a field called effort from 1 to 5": the field's name is what follows "called".
const ADD =
  /^(?:add|include|track|manage|keep track of|support|we need|i need|need|we want|i want|let me track|let us track)\s+(?:an?\s+|the\s+|some\s+)?(?:new\s+)?(?:(?:field|column|property)\s+(?:called|named)\s+["“']?)?(.+?)["”']?$/;
const WITH = /^(.+?)\s+(?:with|including|that have|having)\s+(.+)$/;
const LINK =
  /^(?:link|connect|relate|attach|tie)\s+(?:each\s+|every\s+|the\s+|all\s+)?(.+?)\s+(?:to|with)\s+(?:an?\s+|the\s+|its\s+|their\s+)?(.+)$/;
// "… a number from 1-5" (tidy writes "from 1 to 5" so), "… out of 10": bounds on a retyped number.
const BOUNDS =
  /\s+(?:from\s+|between\s+)?(-?\d+(?:\.\d+)?)\s*-\s*(-?\d+(?:\.\d+)?)$|\s+out of\s+(\d+(?:\.\d+)?)$/;

export function applyFollowUp(draft: Draft, request: string): void {
  const text = request.replace(/^\s*changes requested:\s*/i, "");
  for (const sentence of sentencesOf(text)) {
    for (const clause of clausesOf(sentence)) applyClause(draft, clause, request);
  }
}

export const sentencesOf = (text: string) => text.split(/\n+|(?<=[.!?;])\s+/);

/** A sentence's clauses as the follow-up grammar reads them: lower case, tidied. */
export const clausesOf = (sentence: string) => sentence.toLowerCase().split(CLAUSES).map(tidy);

function tidy(clause: string): string {
  return clause
    .replace(/\bfrom (\d+) to (\d+)\b/g, "from $1-$2")
    .replace(/[.!?;,]+$/, "")
    .replace(/^\s*(?:[-*•]|\d+[.)])\s*/, "")
    .replace(
      /^(?:please|pls|ok|okay|also|and|but|then|could you|can you|can we|let's|lets|i'd like to|i would like to|we'd like to|now)\s+/g,
      "",
    )
    .replace(/^(?:please|also|and|then)\s+/, "")
    .trim();
}

function applyClause(draft: Draft, clause: string, request = clause): void {
  if (clause === "") return;
  const state = () =>
    JSON.stringify([draft.name, draft.entities, draft.agents, draft.notes, draft.rules]);
  const before = state();
  applyOne(draft, clause, request);
  // A follow-up the builder could not read says so instead of rebuilding the same app silently
  // (naming a service is read apart: it gives the app that service's tools).
  if (state() === before && detectServices(clause).length === 0)
    draft.notes?.push(`Nothing was changed for “${clause}”: I could not tell what to change.`);
}

function applyOne(draft: Draft, clause: string, request: string): void {
  // Before agents: "let agents write to tickets" sets a rule, it does not ask for an agent.
  if (applyRuleClause(draft, clause)) return;
  // Before renames and types: "make tasks a checklist" switches a view, it retypes nothing.
  if (applyViewClause(draft, clause)) return;
  if (NO_AGENTS.test(clause) && !/\b(field|column)\b/.test(clause)) {
    draft.agents = [];
    return;
  }
  const asks = agentMentions(clause);
  if (asks.length > 0) {
    for (const agent of detectAgents(clause))
      if (!draft.agents.some((a) => a.kind === agent.kind)) draft.agents.push(agent);
    const rest = clause
      .slice(0, asks[0])
      .replace(/\s*(?:,?\s*(?:and|with|plus|add)?\s*(?:an?|the)?\s*)$/, "");
    if (rest.trim() !== "") applyOne(draft, rest.trim(), request);
    return;
  }
  const link = clause.match(LINK);
  if (link && linkEntities(draft, link[1]!, link[2]!)) return;
  const rename = clause.match(RENAME) ?? clause.match(RENAME_SHOULD);
  if (rename && renameThing(draft, rename[1]!, rename[2]!)) return;
  const withOptions = clause.match(ADD_WITH_OPTIONS);
  if (withOptions && addWithOptions(draft, withOptions, request)) return;
  const options = clause.match(ADD_OPTION);
  if (options && addOption(draft, options[1]!, options[2]!, options[3])) return;
  const set = clause.match(OPTIONS);
  if (set && setOptions(draft, set[1] ?? set[2] ?? "status", set[3]!)) return;
  const plural = clause.match(PLURAL_OPTIONS);
  if (plural && setOptions(draft, singularize(plural[1]!), plural[2]!)) return;
  const should = clause.match(RETYPE_SHOULD);
  if (should && retypeField(draft, `${should[1]} ${should[2]}`)) return;
  const retype = clause.match(RETYPE);
  if (retype && retypeField(draft, retype[1]!)) return;
  const remove = clause.match(REMOVE);
  if (remove) return void removeThings(draft, remove[1]!, remove[2]);
  const addEntity = clause.match(ADD_ENTITY);
  if (addEntity) return void addEntityNamed(draft, addEntity[1]!, addEntity[2]);
  const addTo = clause.match(ADD_TO);
  const target = addTo
    ? (findEntity(draft, addTo[2]!) ?? fieldTarget(draft, addTo[1]!))
    : undefined;
  if (addTo && target) return void mergeFields(target, fieldsOf(addTo[1]!));
  const add = clause.match(ADD);
  if (add && addThings(draft, add[1]!)) return;
  readAsPrompt(draft, clause);
}

function renameThing(draft: Draft, from: string, to: string): boolean {
  const next = normalizePhrase(to.replace(/["'“”]/g, ""));
  if (next === "") return false;
  if (/^(?:the\s+)?(?:app|application|it|this|tool)$/.test(from.trim())) {
    draft.name = to
      .replace(/["'“”]/g, "")
      .trim()
      .replace(/^./, (c) => c.toUpperCase())
      .slice(0, 60);
    return true;
  }
  const scoped = fieldIn(draft, from);
  const entity = scoped
    ? undefined
    : (findEntity(draft, from, false) ??
      (findField(draft, from) ? undefined : findEntity(draft, from)));
  if (entity) {
    const old = entity.noun;
    draft.changes?.push({ kind: "rename-entity", entity, oldPlural: entity.plural });
    entity.noun = singularize(next);
    entity.plural = pluralize(entity.noun);
    for (const other of draft.entities) {
      for (const f of other.fields) {
        if (f.relation === old) f.relation = entity.noun;
        if (f.phrase === old) {
          // The link field is renamed with the entity; the records keep what they point at.
          draft.changes?.push({ kind: "rename-field", entity: other, field: f, oldPhrase: old });
          f.phrase = entity.noun;
        }
      }
    }
    return true;
  }
  const owner = scoped?.entity ?? draft.entities.find((e) => findField(draft, from, e));
  const hits = scoped?.fields ?? (owner ? findField(draft, from, owner) : undefined);
  if (!owner || !hits) {
    draft.notes?.push(`There is no “${from.trim()}” to rename, so nothing was renamed.`);
    return true;
  }
  for (const f of hits) {
    draft.changes?.push({ kind: "rename-field", entity: owner, field: f, oldPhrase: f.phrase });
    // A rename keeps what the field holds: "title" renamed "summary" stays short text.
    if (!f.type && !f.relation) {
      const kept = resolveField(f, owner.noun);
      Object.assign(f, kept);
    }
    f.phrase = next;
  }
  return true;
}

/** "task title", "title of tasks", "title in the tasks": a field of a named entity. */
function fieldIn(
  draft: Draft,
  phrase: string,
): { entity: DraftEntity; fields: DraftField[] } | undefined {
  const of = phrase.match(/^(.+?)\s+(?:of|in|on|for)\s+(?:the\s+|each\s+|every\s+|all\s+)?(.+)$/);
  if (of) {
    const entity = findEntity(draft, of[2]!);
    const fields = entity ? findField(draft, of[1]!, entity) : undefined;
    if (entity && fields) return { entity, fields };
  }
  const all = phrase.trim().split(/\s+/);
  for (let cut = all.length - 1; cut >= 1; cut--) {
    const entity = findEntity(draft, all.slice(0, cut).join(" "), false);
    const fields = entity ? findField(draft, all.slice(cut).join(" "), entity) : undefined;
    if (entity && fields) return { entity, fields };
  }
  return undefined;
}

/** "add a size field to tasks with options small, medium, large": one select field. */
function addWithOptions(draft: Draft, match: RegExpMatchArray, request: string): boolean {
  const [, name = "", where, list = ""] = match;
  const target = where ? findEntity(draft, where) : draft.entities[0];
  if (!target) {
    draft.notes?.push(`There is no “${where}” to add “${name}” to.`);
    return true;
  }
  const options = splitList(list.replace(/\//g, ","))
    .map((o) => o.replace(/["'“”]/g, "").trim())
    .filter(Boolean)
    .map((o) => optionLabel(o, request));
  const field = typeOfField(name, request);
  if (!field || options.length === 0) return false;
  mergeFields(target, [{ ...field, type: "status", options }]);
  return true;
}

function setOptions(draft: Draft, fieldPhrase: string, list: string): boolean {
  const options = splitList(list.replace(/\//g, ",")).map((o) => o.replace(/["'“”]/g, "").trim());
  const labels = options.filter(Boolean).map((o) => o.charAt(0).toUpperCase() + o.slice(1));
  const hits = findField(draft, fieldPhrase);
  if (!hits || labels.length === 0) return false;
  for (const f of hits) Object.assign(f, { type: "status", options: labels });
  return true;
}

function addOption(draft: Draft, option: string, fieldPhrase: string, where?: string): boolean {
  const scope = where ? findEntity(draft, where) : undefined;
  const hits = findField(draft, fieldPhrase, scope);
  if (!hits) return false;
  const label = option.trim().replace(/^./, (c) => c.toUpperCase());
  for (const f of hits) {
    const current = f.options ?? [];
    if (!current.some((o) => o.toLowerCase() === label.toLowerCase())) {
      f.options = [...current, label];
      f.type = "status";
    }
  }
  return true;
}

/** "link each ticket to a customer": a relation from one entity to another, made if missing. */
function linkEntities(draft: Draft, from: string, to: string): boolean {
  const child = findEntity(draft, from);
  if (!child) return false;
  const noun = nounPhrase(to) ?? singularize(normalizePhrase(to));
  const parent = findEntity(draft, noun, false) ?? ensureEntity(draft, noun);
  if (!parent || parent === child) return false;
  if (!child.fields.some((f) => f.relation === parent.noun))
    child.fields.push({ phrase: parent.noun, relation: parent.noun });
  return true;
}

/** "due date in tasks required", "assignee a checkbox": the type is read off the last words. */
function retypeField(draft: Draft, asked: string): boolean {
  const bounds = asked.match(BOUNDS);
  const text = bounds ? asked.slice(0, bounds.index) : asked;
  const all = text.split(/\s+/);
  for (let cut = all.length - 1; cut >= 1; cut--) {
    const change = parseTypeWords(all.slice(cut).join(" "));
    if (!change) continue;
    const head = all
      .slice(0, cut)
      .join(" ")
      .replace(/\s+(?:into|to|as|be|an?)$/, "");
    const [fieldPhrase = "", where] = head.split(/\s+(?:in|on|of|for)\s+(?:the\s+)?/);
    const scope = where ? findEntity(draft, where) : undefined;
    const phrase = fieldPhrase.replace(/\s+fields?$/, "");
    const owner = scope ?? draft.entities.find((e) => findField(draft, phrase, e));
    const hits = owner ? findField(draft, phrase, owner) : undefined;
    if (!owner || !hits) {
      if (!change.type) return false;
      draft.notes?.push(`There is no “${phrase}” field to change, so nothing was changed.`);
      return true;
    }
    for (const f of hits) {
      if (change.required !== undefined) f.required = change.required;
      if (change.type) {
        f.type = change.type;
        f.format = change.format;
        delete f.relation;
        if (change.type !== "status") delete f.options;
        draft.changes?.push({ kind: "retype-field", entity: owner, field: f });
      }
      if (bounds && f.type === "number") {
        // "a number from 1 to 5": whole numbers within the stated bounds.
        if (bounds[3] === undefined) f.min = Number(bounds[1]);
        f.max = Number(bounds[3] ?? bounds[2]);
        if (change.format === "decimal") f.format = "integer";
      }
    }
    return true;
  }
  return false;
}

function removeThings(draft: Draft, list: string, where?: string): boolean {
  const scope = where ? findEntity(draft, where) : undefined;
  if (where && !scope) {
    draft.notes?.push(`There is no “${where}” to remove “${list}” from, so nothing was removed.`);
    return false;
  }
  let removed = false;
  for (const item of splitList(list)) {
    const phrase = normalizePhrase(
      item.replace(/\b(entity|table|collection|section|page|tab)s?\b/g, ""),
    );
    const entity = scope ? undefined : findEntity(draft, phrase, false);
    const fields = findField(draft, phrase, scope, true);
    if (entity && (!fields || /\b(entity|table|collection|section|page|tab)\b/.test(item))) {
      if (draft.entities.length > 1) draft.entities = draft.entities.filter((e) => e !== entity);
      removed = true;
      continue;
    }
    if (!fields) {
      const plural = scope ? scope.plural.charAt(0).toUpperCase() + scope.plural.slice(1) : "";
      const what = scope ? `${plural} have no` : "There is no";
      draft.notes?.push(`${what} “${phrase}” to remove, so nothing was removed.`);
      continue;
    }
    for (const e of scope ? [scope] : draft.entities)
      e.fields = e.fields.filter((f) => !fields.includes(f));
    removed = true;
  }
  return removed;
}

function addEntityNamed(draft: Draft, name: string, fields?: string): void {
  const noun = nounPhrase(name) ?? singularize(normalizePhrase(name));
  if (noun === "") return;
  const entity = fields ? describedEntity(draft, noun) : ensureEntity(draft, noun);
  if (entity && fields) mergeFields(entity, fieldsOf(fields));
}

function addThings(draft: Draft, list: string): boolean {
  const withList = list.match(WITH);
  if (withList) {
    const noun = nounPhrase(withList[1]!);
    if (!noun) return false;
    const entity = describedEntity(draft, noun);
    if (entity) mergeFields(entity, fieldsOf(withList[2]!));
    return true;
  }
  const main = draft.entities[0];
  const loose: DraftField[] = [];
  for (const item of splitList(list)) {
    const fieldWords = /\b(field|column|property|attribute)s?\b/.test(item);
    const noun = fieldWords ? undefined : nounPhrase(item);
    const phrase = singularize(normalizePhrase(item));
    // nounPhrase narrows "customer feedback" to the record "feedback"; plain "feedback" is a field.
    const typed = inferType(phrase).type !== "text";
    const narrowed = typed && noun !== undefined && noun !== phrase;
    if (noun && (narrowed || (!typed && (isEntityItem(item) || findEntity(draft, noun, false)))))
      ensureEntity(draft, noun);
    else {
      const field = typeOfField(item);
      if (field) loose.push(field);
    }
  }
  if (main && loose.length > 0) mergeFields(main, loose);
  return true;
}

/** A follow-up that is not a recognised command reads like part of the original prompt. */
function readAsPrompt(draft: Draft, clause: string): void {
  const { mentions, looseFields } = extract(clause);
  for (const m of mentions) {
    const entity = ensureEntity(draft, m.noun);
    if (!entity) continue;
    mergeFields(entity, m.fields);
    for (const parent of m.belongsTo) {
      const target = ensureEntity(draft, parent);
      if (target && !entity.fields.some((f) => f.relation === target.noun))
        entity.fields.push({ phrase: target.noun, relation: target.noun });
    }
  }
  if (draft.entities[0] && looseFields.length > 0) mergeFields(draft.entities[0], looseFields);
}

function ensureEntity(draft: Draft, noun: string): DraftEntity | undefined {
  const existing = findEntity(draft, noun, false);
  if (existing) return existing;
  if (draft.entities.length >= MAX_ENTITIES) return undefined;
  const created = fromLibrary(noun);
  draft.entities.push(created);
  return created;
}

/** An entity the follow-up describes field by field: only what it names (a title aside). */
function describedEntity(draft: Draft, noun: string): DraftEntity | undefined {
  const existing = findEntity(draft, noun, false);
  if (existing) return existing;
  if (draft.entities.length >= MAX_ENTITIES) return undefined;
  const created: DraftEntity = { ...entityFromNoun(noun), generic: true };
  draft.entities.push(created);
  return created;
}

function fieldsOf(list: string): DraftField[] {
  return splitList(list).flatMap((item) => typeOfField(item) ?? []);
}
