import { sentencesOf } from "./spec-followup";
import { singularize, words } from "./spec-text";
import type { AppSpec, ComputedView, EntitySpec, FieldSpec } from "./spec-types";
import { isViewRequest } from "./spec-views";

/**
 * Behaviours the words ask for beyond the data: views computed from the records ("due in the next
 * 7 days", "below its reorder level", "total amount per category"), votes and star ratings, and
 * what deleting a parent does to its children. Read after the spec's entities and fields are
 * settled, since each names fields that must exist; a behaviour whose fields cannot be found is
 * left out rather than invented.
 */

const NUMBERS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  fourteen: 14,
  thirty: 30,
};
const NUMBER = "(\\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|fourteen|thirty)";
const toNumber = (s: string) => NUMBERS[s] ?? Number(s);

const VERB = "(?:highlight|show|flag|list|mark|see|warn|count|total|sum|display|color|colour)";
// A sentence that only asks for a behaviour: no record or field to read in it.
const BEHAVIOUR_SENTENCE = new RegExp(
  [
    `^(?:please\\s+|also\\s+|and\\s+|then\\s+)?(?:i want to |we want to |i'd like to |we'd like to |i need to |we need to |it should |the app should |the dashboard should )?${VERB}(?:s|es|ing)?\\b(?!\\s+(?:with|having|have|has|and|or|each|per)\\b|\\s*[,:(])`,
    "^(?:a |the )?dashboard (?:card |that |with |showing )",
    "^(?:when |if )?(?:deleting|removing|you delete|i delete|we delete|someone deletes) ",
    "^(?:deleting|removing|delete|remove) (?:a |an |the )?[a-z ]+ (?:deletes|removes|also deletes|should delete|with (?:its|their|all))",
    "^(?:let|allow) (?:people|users|members|everyone|anyone|the team|staff|us|me) (?:to )?(?:vote|upvote|rate|star)",
    "^(?:people|users|members|everyone|anyone|the team) (?:can|should be able to|may) (?:vote|upvote|rate|star)",
    "^(?:vote on|upvote|rate) (?:each |every |the |our )?[a-z ]+",
    "^(?:a |an )?[a-z ]+ (?:can't|cannot|can not|shouldn't|should not) be deleted",
  ].join("|"),
);
// ", highlighting overdue tasks" / "and let people vote on them" after a list of fields.
// "stage (lead, won, lost) on a kanban board": the view, which chooseViews reads from the prompt.
const VIEW_TAIL =
  /\s+(?:on|in|as|into) (?:a |an |the )?(?:kanban |status |simple )?(?:board|calendar|check ?list)\b.*$/;
const BEHAVIOUR_TAIL =
  /(?:,\s*|\s+(?:and|so|plus)\s+)(?:highlight(?:ing)?|flag(?:ging)?|show(?:ing)? (?:a |the )?(?:total|sum|count|which|what|those|the ones|items|records|[a-z]+ (?:due|below|under|overdue))|let(?:ting)? (?:people|users|members|everyone|anyone|the team)|with (?:a |the )?(?:total|sum|count) (?:of|per|by))\b.*$/;

const VIEW_WORDS =
  /\b(?:as an? |on an? |in an? |into an? )(?:kanban |status |simple |plain )?(?:board|calendar|check ?list|list|table|grid)\b|\bkanban\b/;

const RULE_WORDS = /\b(?:viewers?|agents?|read[- ]?only|hidden|hide)\b/;

/** The prompt without the sentences and trailing clauses that only ask for behaviours. */
export function withoutBehaviourWords(prompt: string, followUp = false): string {
  const kept: string[] = [];
  for (const sentence of sentencesOf(prompt)) {
    const lower = sentence.toLowerCase().trim();
    // "Show tasks as a board" asks for a view, which the views' own grammar reads.
    // "Show the audit log to viewers" sets who sees what: the rules' grammar reads it.
    const other = VIEW_WORDS.test(lower) || isViewRequest(lower) || RULE_WORDS.test(lower);
    if (BEHAVIOUR_SENTENCE.test(lower) && !other) continue;
    // A follow-up's "show deals as a board" is the views' own follow-up grammar.
    const view = followUp ? null : lower.match(VIEW_TAIL);
    const tail = view ?? lower.match(BEHAVIOUR_TAIL);
    // The tail is cut from the original casing; a sentence that is all tail is dropped.
    const cut = tail?.index !== undefined ? sentence.slice(0, tail.index).trimEnd() : sentence;
    if (cut.trim() !== "") kept.push(/[.!?;:]$/.test(cut) ? cut : `${cut}.`);
  }
  return kept.join(" ");
}

/** The spec with the behaviours `text` (every request of the conversation) asks for. */
export function applyBehaviours(spec: AppSpec, text: string): AppSpec {
  const lower = text.toLowerCase().replace(/\s+/g, " ");
  const entities = spec.entities.map((e) => ({ ...e, fields: e.fields.map((f) => ({ ...f })) }));
  applyVotes(entities, lower);
  applyStars(entities, lower);
  applyCascade(entities, lower);
  const computed = [
    ...(spec.computed ?? []),
    ...dueViews(entities, lower),
    ...belowViews(entities, lower),
    ...groupViews(entities, lower),
  ].filter((v, i, all) => all.findIndex((o) => JSON.stringify(o) === JSON.stringify(v)) === i);
  return {
    ...spec,
    entities,
    // The cards live on the dashboard: an app that asks for one has one.
    dashboard: spec.dashboard || computed.length > 0,
    ...(computed.length > 0 ? { computed } : {}),
  };
}

/** The entity a phrase names ("tasks", "each project", "the products"), if any. */
function entityNamed(entities: EntitySpec[], phrase: string): EntitySpec | undefined {
  const w = words(phrase);
  for (let i = w.length - 1; i >= 0; i--) {
    const one = singularize(w[i]!);
    const two = i > 0 ? singularize(`${w[i - 1]} ${w[i]}`) : "";
    const found = entities.find((e) => {
      const s = e.singular.toLowerCase();
      return s === two || s === one || s.split(" ").at(-1) === one;
    });
    if (found) return found;
  }
  return undefined;
}

/** The field of `entity` a phrase names, among those `fits` accepts. */
function fieldNamed(
  entity: EntitySpec,
  phrase: string,
  fits: (f: FieldSpec) => boolean,
): FieldSpec | undefined {
  const said = words(phrase).join(" ");
  if (said === "") return undefined;
  const candidates = entity.fields.filter(fits);
  const label = (f: FieldSpec) => words(f.label.toLowerCase()).join(" ");
  return (
    candidates.find((f) => label(f) === said || label(f) === singularize(said)) ??
    candidates.find((f) => said.endsWith(label(f)) || label(f).endsWith(said)) ??
    candidates.find((f) => label(f).split(" ").at(-1) === singularize(said).split(" ").at(-1))
  );
}

const isNumber = (f: FieldSpec) => f.type === "number";
const isDate = (f: FieldSpec) => f.type === "date" || f.type === "datetime";

// "let people vote on ideas", "upvotes", "vote for the best one": a count raised with ▲.
const VOTE = /\b(?:vote|votes|voting|upvote|upvotes|upvoting|likes?)\b/;
const VOTE_ON =
  /\b(?:vote|votes|voting|upvote|upvotes|upvoting)\s+(?:on|for)\s+(?:the |each |every |our |their |an? )?([a-z][a-z ]{1,40})/;
const VOTE_FIELD = /^(?:votes?|upvotes?|likes?|vote count|number of votes)$/;

function applyVotes(entities: EntitySpec[], text: string): void {
  if (!VOTE.test(text)) return;
  const named = entities.flatMap((e) =>
    e.fields.filter((f) => VOTE_FIELD.test(f.label.toLowerCase())).map((f) => ({ e, f })),
  );
  for (const { f } of named) markVotes(f);
  if (named.length > 0 || !/\b(?:vote|upvote)/.test(text)) return;
  const on = text.match(VOTE_ON);
  const target = (on ? entityNamed(entities, on[1]!) : undefined) ?? entities[0];
  if (!target || target.fields.some((f) => f.key === "votes")) return;
  target.fields.push(markVotes({ key: "votes", label: "Votes", type: "number", required: false }));
}

function markVotes(f: FieldSpec): FieldSpec {
  f.type = "number";
  f.format = "integer";
  f.min = 0;
  delete f.max;
  delete f.options;
  f.widget = "votes";
  return f;
}

// "rating from 1 to 5", "5 stars", "rate each recipe out of 5": a bounded number shown as stars.
const STAR_LABEL = /\b(?:rating|rated|stars?|score)\b/;
const RATE_OUT_OF = new RegExp(
  `\\b(?:rate|rating|score)\\s+(?:each |every |the |our |an? )?([a-z][a-z ]{0,30}?)\\s+(?:out of|from 1 to|1 to|1-)\\s*${NUMBER}\\b`,
);
const N_STARS = new RegExp(`\\b${NUMBER}[ -]stars?\\b|\\bstars? (?:from )?1 to ${NUMBER}\\b`);

function applyStars(entities: EntitySpec[], text: string): void {
  const stars = text.match(N_STARS);
  for (const e of entities) {
    for (const f of e.fields) {
      if (f.type !== "number" || f.widget) continue;
      const label = f.label.toLowerCase();
      if (!STAR_LABEL.test(label)) continue;
      const bounded = f.max !== undefined && f.max <= 10 && (f.min ?? 1) >= 0;
      if (bounded) markStars(f, f.min ?? 1, f.max!);
      else if (stars) markStars(f, 1, toNumber(stars[1] ?? stars[2]!));
    }
  }
  const rate = text.match(RATE_OUT_OF);
  if (!rate) return;
  const target = entityNamed(entities, rate[1]!) ?? entities[0];
  if (!target || target.fields.some((f) => f.widget === "stars")) return;
  const max = toNumber(rate[2]!);
  if (max < 2 || max > 10) return;
  const existing = target.fields.find((f) => f.key === "rating");
  if (existing) markStars(existing, 1, max);
  else
    target.fields.push(
      markStars({ key: "rating", label: "Rating", type: "number", required: false }, 1, max),
    );
}

function markStars(f: FieldSpec, min: number, max: number): FieldSpec {
  f.type = "number";
  f.format = "integer";
  f.min = Math.max(0, Math.min(min, 1));
  f.max = max;
  delete f.options;
  f.widget = "stars";
  return f;
}

// "deleting a project deletes its tasks", "remove a client with all their invoices".
const CASCADE = [
  /\b(?:deleting|removing)\s+(?:a |an |the )?([a-z][a-z ]{0,30}?)\s+(?:also\s+|should\s+)?(?:deletes|removes|delete|remove|wipes|clears)\s+(?:all\s+)?(?:of\s+)?(?:its|their|the)\s+([a-z][a-z ]{0,30}?)(?:\s+too|\s+as well)?(?:[.,;!]|$)/,
  /\b(?:delete|remove)\s+(?:a |an |the )?([a-z][a-z ]{0,30}?)\s+(?:along\s+)?(?:with|and)\s+(?:all\s+)?(?:of\s+)?(?:its|their)\s+([a-z][a-z ]{0,30}?)(?:[.,;!]|$)/,
  /\bwhen (?:a |an |the )?([a-z][a-z ]{0,30}?) is (?:deleted|removed),?\s+(?:delete|remove)\s+(?:all\s+)?(?:its|their)\s+([a-z][a-z ]{0,30}?)(?:\s+too)?(?:[.,;!]|$)/,
];

function applyCascade(entities: EntitySpec[], text: string): void {
  for (const pattern of CASCADE) {
    for (const m of text.matchAll(new RegExp(pattern, "g"))) {
      const parent = entityNamed(entities, m[1]!);
      const child = entityNamed(entities, m[2]!);
      if (!parent || !child || parent === child) continue;
      for (const f of child.fields)
        if (f.type === "relation" && f.relation === parent.key) f.onDelete = "cascade";
    }
  }
}

const DUE_SOON = new RegExp(
  `\\b(?:due|happening|coming up|starting|expiring|ending)\\s+(?:in|within)\\s+(?:the\\s+)?(?:next\\s+)?${NUMBER}\\s+(day|days|week|weeks)\\b|\\b(?:due|happening)\\s+(this|next)\\s+week\\b|\\b(?:due|happening)\\s+(soon|today)\\b|\\bnext\\s+${NUMBER}\\s+days\\b`,
);
const DUE_WORDS = /\b(?:due|deadline|expir|ends?|renewal|follow.?up|next)\b/;

function dueViews(entities: EntitySpec[], text: string): ComputedView[] {
  const out: ComputedView[] = [];
  const soon = text.match(DUE_SOON);
  const overdue = /\b(?:overdue|past due|late)\b/.test(text);
  if (!soon && !overdue) return out;
  const at = soon?.index ?? text.search(/\b(?:overdue|past due|late)\b/);
  const before = text.slice(Math.max(0, at - 60), at);
  const dated = entities.filter((e) => e.fields.some(isDate));
  const entity = entityNamed(dated, before) ?? dated[0];
  if (!entity) return out;
  const dates = entity.fields.filter(isDate);
  const field = dates.find((f) => DUE_WORDS.test(f.label.toLowerCase())) ?? dates[0]!;
  if (soon) {
    let days = 7;
    if (soon[1]) days = toNumber(soon[1]) * (soon[2]!.startsWith("week") ? 7 : 1);
    else if (soon[3] === "next") days = 14;
    else if (soon[4] === "today") days = 0;
    else if (soon[4] === "soon") days = 7;
    else if (soon[5]) days = toNumber(soon[5]);
    out.push({ kind: "due", entity: entity.key, field: field.key, days: Math.min(days, 365) });
  }
  if (overdue) out.push({ kind: "overdue", entity: entity.key, field: field.key });
  return out;
}

const STOCK = /\b(?:quantit|stock|on hand|qty|count|units|level|balance|amount|left|remaining)/;
const BELOW = new RegExp(
  `\\b([a-z][a-z ]{0,40}?)\\s+(?:is\\s+|are\\s+|falls?\\s+|goes\\s+|drops?\\s+|gets\\s+)?(?:below|under|less than|fewer than|lower than|beneath)\\s+(?:(?:its|their|the)\\s+([a-z][a-z ]{0,30}?)(?=[.,;!]|$| and | or )|${NUMBER}\\b)`,
);

function belowViews(entities: EntitySpec[], text: string): ComputedView[] {
  const m = text.match(BELOW);
  const low = /\b(?:low stock|running low|low on stock|low inventory)\b/.test(text);
  if (!m && !low) return [];
  const subject = m?.[1] ?? "";
  const numbered = entities.filter((e) => e.fields.some(isNumber));
  const entity = entityNamed(numbered, subject) ?? numbered[0];
  if (!entity) return [];
  const threshold = m?.[2]
    ? fieldNamed(entity, m[2], isNumber)
    : m?.[3]
      ? undefined
      : entity.fields.find(
          (f) =>
            isNumber(f) && /\b(?:reorder|minimum|min|threshold|par)\b/.test(f.label.toLowerCase()),
        );
  const value = m?.[3] ? toNumber(m[3]) : undefined;
  if (!threshold && value === undefined) return [];
  const others = entity.fields.filter((f) => isNumber(f) && f !== threshold && !f.widget);
  const field =
    fieldNamed(entity, subject, (f) => others.includes(f)) ??
    others.find((f) => STOCK.test(f.label.toLowerCase())) ??
    others[0];
  if (!field) return [];
  const than = threshold ? { field: threshold.key } : { value: value! };
  return [{ kind: "below", entity: entity.key, field: field.key, than }];
}

const GROUPS = [
  // "total amount per category", "sum of hours by project", "totals per client"
  /\b(?:total|totals|sum|sums)\s+(?:of\s+)?(?:the\s+)?(?:([a-z][a-z ]{0,30}?)\s+)?(?:per|by|for each|for every|in each|grouped by)\s+([a-z][a-z ]{0,30}?)(?=[.,;!]|$| and | with | on )/g,
  // "count per status", "how many tasks per project", "number of leads by source"
  /\b(?:count|counts|how many|number of)\s+(?:of\s+)?(?:([a-z][a-z ]{0,30}?)\s+)?(?:per|by|for each|in each|grouped by)\s+([a-z][a-z ]{0,30}?)(?=[.,;!]|$| and | with | on )/g,
];
const isGroup = (f: FieldSpec) =>
  f.type === "status" || f.type === "relation" || f.type === "boolean";

function groupViews(entities: EntitySpec[], text: string): ComputedView[] {
  const out: ComputedView[] = [];
  for (const [i, pattern] of GROUPS.entries()) {
    for (const m of text.matchAll(pattern)) {
      const what = m[1] ?? "";
      const per = m[2]!;
      const candidates = entities.filter((e) => e.fields.some(isGroup));
      const entity =
        entityNamed(candidates, what) ??
        candidates.find((e) => groupField(entities, e, per)) ??
        candidates[0];
      if (!entity) continue;
      const by = groupField(entities, entity, per);
      if (!by) continue;
      const sum =
        i === 0
          ? (fieldNamed(entity, what, (f) => isNumber(f) && !f.widget) ??
            entity.fields.find((f) => isNumber(f) && f.format === "currency") ??
            entity.fields.find((f) => isNumber(f) && !f.widget))
          : undefined;
      if (i === 0 && !sum) continue;
      out.push({
        kind: "group",
        entity: entity.key,
        by: by.key,
        ...(sum ? { sum: sum.key } : {}),
      });
    }
  }
  return out;
}

/** "per category" names a choice field; "per project" a relation to projects. */
function groupField(all: EntitySpec[], entity: EntitySpec, per: string): FieldSpec | undefined {
  const named = fieldNamed(entity, per, isGroup);
  if (named) return named;
  const target = entityNamed(all, per);
  return target
    ? entity.fields.find((f) => f.type === "relation" && f.relation === target.key)
    : undefined;
}
