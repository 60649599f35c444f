import type { Draft, DraftEntity, DraftField } from "./spec-draft";
import { resolveField } from "./spec-fields";
import { MAX_FIELDS } from "./spec-finalize";
import { findEntity, findField } from "./spec-lookup";
import { pluralize, singularize } from "./spec-text";
import type { FieldType, ViewKind } from "./spec-types";

/**
 * Which view an entity's page opens on: a board for records moving through named stages, a
 * calendar for dated items, a checklist for things to tick off. Read from the words and the data
 * together; a status nobody called stages or a pipeline stays a table.
 */

export const VIEW_FIELD_TYPES: Record<ViewKind, readonly FieldType[]> = {
  board: ["status"],
  calendar: ["date", "datetime"],
  checklist: ["boolean"],
};

// Words that ask for a view outright. "board" is not a board game, member or meeting.
const ASKS: [ViewKind, RegExp][] = [
  [
    "board",
    /\b(?:kanban(?:\s+board)?|pipelines?|stages|(?:status|stage|task|project|sprint|scrum)\s+board|board(?!\s+(?:games?|members?|meetings?|of\b|rooms?|directors?|level|papers?)))\b/g,
  ],
  ["calendar", /\b(?:calendars?|schedules?|scheduling)\b/g],
  [
    "checklist",
    /\b(?:check ?lists?|tick(?:ed)?\s+(?:\w+\s+)?off|tick-off|check(?:ed)?\s+(?:\w+\s+)?off|to-?do\s+lists?|todo\s+lists?|packing\s+lists?|shopping\s+lists?|grocery\s+lists?|chores?)\b/g,
  ],
];

// Records that are dated by nature: a calendar even when nobody says "calendar".
const DATED_NOUNS = new Set("appointment event shift booking reservation".split(" "));
// The boolean a checklist ticks, by its name.
const DONE_WORDS =
  /\b(?:done|completed?|finished|packed|bought|purchased|ticked|checked|resolved)\b/;

const typeOf = (field: DraftField, entity: DraftEntity): FieldType =>
  field.relation ? "relation" : resolveField(field, entity.noun).type;

/** Sets the view of each entity the original prompt's words and data ask for. */
export function chooseViews(draft: Draft, prompt: string): void {
  const text = prompt.toLowerCase();
  const asks = ASKS.flatMap(([kind, re]) =>
    [...text.matchAll(re)].map((m) => ({ kind, at: m.index ?? 0 })),
  ).sort((a, b) => a.at - b.at);
  const seen = new Set<string>();
  for (const ask of asks) {
    // "a kanban board of tasks": one ask per kind in a sentence.
    const sentence = sentenceAt(text, ask.at);
    if (seen.has(`${ask.kind} ${sentence}`)) continue;
    seen.add(`${ask.kind} ${sentence}`);
    const candidates = draft.entities.filter(
      (e) => !e.view && (ask.kind === "checklist" ? tickable(e) : viewField(e, ask.kind)),
    );
    const named = candidates.filter((e) => mentioned(e, sentence));
    for (const entity of named.length > 0 ? named : candidates.slice(0, 1))
      setView(entity, ask.kind);
  }
  let staged = false;
  for (const entity of draft.entities) {
    // A status named a stage reads as a pipeline: the first such entity's is the app's board.
    const stage = entity.fields.find(
      (f) => typeOf(f, entity) === "status" && /\bstages?$/.test(f.phrase),
    );
    if (entity.view) staged ||= stage !== undefined && entity.view.field === stage;
    else if (stage && !staged) {
      entity.view = { kind: "board", field: stage };
      staged = true;
    } else if (DATED_NOUNS.has(entity.noun.split(" ").at(-1) ?? "")) setView(entity, "calendar");
  }
}

// "… as a list please": the courtesy is no part of what is named.
const TRAILING_POLITE = /(?:,?\s+(?:please|thanks|thank you|instead))+$/;

const KIND_WORDS: [RegExp, ViewKind | "table"][] = [
  [/^(?:kanban(?: board)?|board|pipeline|stages)$/, "board"],
  [/^(?:calendar|schedule)$/, "calendar"],
  [/^(?:check ?list|to-?do list|todo list|tick list)$/, "checklist"],
  [/^(?:list|table|grid|spreadsheet|plain list|plain table)$/, "table"],
];
const KIND =
  "(kanban(?: board)?|board|pipeline|calendar|schedule|check ?list|to-?do list|todo list|tick list|list|table|grid|spreadsheet|plain list|plain table)";
const BY =
  "(?:\\s+(?:by|on|of|using|grouped by|per)\\s+(?:the\\s+|their\\s+|its\\s+|each\\s+)?(.+?))?";
const VIEW_AS = new RegExp(
  `^(?:show|display|view|see|make|turn|put|lay out|present|switch|change|have|give me|i want|we want|want)?\\s*(?:the\\s+|all\\s+|my\\s+|our\\s+)?(.+?)\\s+(?:as|into|in|on|to|to be|be)\\s+(?:an?\\s+|the\\s+)?${KIND}(?:\\s+view)?${BY}(?:\\s+instead)?$`,
);
const MAKE_A = new RegExp(
  `^(?:make|turn)\\s+(?:the\\s+|all\\s+|my\\s+|our\\s+)?(.+?)\\s+(?:into\\s+)?an?\\s+${KIND}(?:\\s+view)?${BY}$`,
);
const ADD_VIEW = new RegExp(
  `^(?:add|create|give me|give us|show|i want|we want|we need|i need|need)\\s+(?:an?\\s+|the\\s+)?${KIND}(?:\\s+view)?\\s+(?:of|for|with)\\s+(?:the\\s+|all\\s+|my\\s+|our\\s+)?(.+?)${BY}$`,
);

/** Whether a sentence reads as asking for a board, calendar or checklist ("display tasks as a pipeline"). */
export function isViewRequest(sentence: string): boolean {
  const clause = sentence
    .toLowerCase()
    .replace(/[.!?;,]+$/, "")
    .replace(/^(?:please|could you|can you|can we|now)\s+/, "")
    .replace(TRAILING_POLITE, "")
    .trim();
  // Lists and tables are left to whoever reads the rest: "show tasks due soon in a list".
  const words = clause.match(ADD_VIEW)?.[1] ?? (clause.match(MAKE_A) ?? clause.match(VIEW_AS))?.[2];
  const kind = KIND_WORDS.find(([re]) => re.test(words ?? ""))?.[1];
  return kind !== undefined && kind !== "table";
}

/**
 * A follow-up that switches a view: "show deals as a board", "add a calendar of shifts", "make
 * tasks a checklist", "show tickets as a table". False when the clause is about something else;
 * a missing entity or field is said in the plan's notes.
 */
export function applyViewClause(draft: Draft, said: string): boolean {
  const clause = said.replace(TRAILING_POLITE, "");
  let match = clause.match(ADD_VIEW);
  let [what, kindWords, by] = match ? [match[2], match[1], match[3]] : [];
  match = match ? match : (clause.match(MAKE_A) ?? clause.match(VIEW_AS));
  if (match && what === undefined) [what, kindWords, by] = [match[1], match[2], match[3]];
  const kind = KIND_WORDS.find(([re]) => re.test(kindWords ?? ""))?.[1];
  if (!match || !what || !kind) return false;
  const entity = findEntity(draft, what);
  if (!entity) {
    // "make the app a list" or a phrase naming nothing: not a view request after all.
    if (kind === "table" || draft.entities.length === 0) return false;
    draft.notes?.push(`There is no “${what}” to show as a ${kind}, so no view was changed.`);
    return true;
  }
  if (kind === "table") {
    delete entity.view;
    return true;
  }
  const named = by ? findField(draft, by, entity) : undefined;
  if (by && !named) {
    draft.notes?.push(
      `${plural(entity)} have no “${by}” to build a ${kind} on, so they stay as they were.`,
    );
    return true;
  }
  if (!setView(entity, kind, named?.[0])) draft.notes?.push(missing(entity, kind, by));
  return true;
}

function missing(entity: DraftEntity, kind: ViewKind, by?: string): string {
  const them = plural(entity);
  if (by) return `${them}' “${by}” is not a ${NEED[kind]}, so they stay as they were.`;
  if (kind === "board")
    return `${them} have no status or stage to make board columns of, so they stay a table: add one first (“add a stage with options …”).`;
  if (kind === "calendar")
    return `${them} have no date to place them on a calendar, so they stay a table: add one first (“add a date to ${entity.plural}”).`;
  return entity.fields.some((f) => typeOf(f, entity) === "status")
    ? `${them} have no yes/no box to tick, and their status already says what is done, so they stay a table.`
    : `${them} have no yes/no box to tick and no room for a “Done” one, so they stay a table.`;
}

const NEED: Record<ViewKind, string> = {
  board: "status with options",
  calendar: "date",
  checklist: "yes/no box",
};

const plural = (e: DraftEntity) => e.plural.charAt(0).toUpperCase() + e.plural.slice(1);

/** Puts `entity` in `kind`'s view; false when it has no field to build it on. */
export function setView(entity: DraftEntity, kind: ViewKind, named?: DraftField): boolean {
  const field =
    named ?? viewField(entity, kind) ?? (kind === "checklist" ? addDone(entity) : undefined);
  if (!field || !VIEW_FIELD_TYPES[kind].includes(typeOf(field, entity))) return false;
  entity.view = { kind, field };
  return true;
}

/** The field a view of `kind` is built on: the stage, the start date, the "done" box. */
export function viewField(entity: DraftEntity, kind: ViewKind): DraftField | undefined {
  const fitting = entity.fields.filter((f) => VIEW_FIELD_TYPES[kind].includes(typeOf(f, entity)));
  if (kind === "board")
    return (
      fitting.find((f) => /\bstages?$/.test(f.phrase)) ??
      fitting.find((f) => /\bstatus$/.test(f.phrase)) ??
      fitting[0]
    );
  if (kind === "calendar") {
    let best: DraftField | undefined;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (const f of fitting) {
      const score = dateScore(f.phrase);
      if (score > bestScore) [best, bestScore] = [f, score];
    }
    return best;
  }
  return (
    fitting.find((f) => DONE_WORDS.test(f.phrase)) ??
    (fitting.length === 1 ? fitting[0] : undefined)
  );
}

// The date an item happens on beats the one it ends or was made on.
function dateScore(phrase: string): number {
  if (/\b(?:start|starts|starting|begins?)\b/.test(phrase)) return 3;
  if (/\b(?:end|ends|ending|until|created|updated|modified|birthday|born|birth)\b/.test(phrase))
    return -1;
  if (/\b(?:date|when|scheduled|time|day|on|at|due)\b/.test(phrase)) return 2;
  return 0;
}

/** Whether a checklist fits: a box to tick, or room for the implied "Done" one. */
function tickable(entity: DraftEntity): boolean {
  if (viewField(entity, "checklist")) return true;
  // A workflow status already says whether it is done; a second "Done" box would disagree.
  const doneStatus = entity.fields.some(
    (f) =>
      typeOf(f, entity) === "status" &&
      (resolveField(f, entity.noun).options ?? []).some((o) => DONE_WORDS.test(o.toLowerCase())),
  );
  const booleans = entity.fields.filter((f) => typeOf(f, entity) === "boolean").length;
  return !doneStatus && booleans === 0 && entity.fields.length < MAX_FIELDS;
}

function addDone(entity: DraftEntity): DraftField | undefined {
  if (!tickable(entity)) return undefined;
  const done: DraftField = { phrase: "done", type: "boolean" };
  entity.fields.push(done);
  return done;
}

function sentenceAt(text: string, at: number): string {
  const start = Math.max(text.lastIndexOf(".", at), text.lastIndexOf("\n", at)) + 1;
  const ends = [text.indexOf(".", at), text.indexOf("\n", at)].filter((i) => i >= 0);
  return text.slice(start, ends.length > 0 ? Math.min(...ends) : text.length);
}

function mentioned(entity: DraftEntity, sentence: string): boolean {
  const forms = [entity.noun, entity.plural, ...entity.aliases, pluralize(entity.noun)];
  const head = singularize(entity.noun.split(" ").at(-1) ?? "");
  if (head !== entity.noun) forms.push(head, pluralize(head));
  return forms.some((f) => f !== "" && new RegExp(`\\b${literal(f)}\\b`).test(sentence));
}

const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
