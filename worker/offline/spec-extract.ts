import { agentMentions } from "./spec-agents";
import { containerPhrase } from "./spec-container";
import { libraryEntity } from "./spec-domains";
import type { DraftField } from "./spec-draft";
import { inferType, normalizePhrase } from "./spec-fields";
import { isPluralWord, lastWord, singularize, words } from "./spec-text";

/** An entity the text names, with the fields it lists for it and what it belongs to. */
export interface Mention {
  noun: string;
  fields: DraftField[];
  belongsTo: string[];
}

export interface Extraction {
  mentions: Mention[];
  /** Fields listed without an entity: "a spreadsheet with name, email and phone". */
  looseFields: DraftField[];
}

const TRIGGER =
  /\b(?:keep(?:s|ing)? (?:track|tabs) (?:of|on)|track(?:s|ing)?(?!\s+(?:numbers?|codes?|ids?|links?|urls?)\b)|manag(?:e|es|ing)|log(?:s|ging)?|record(?:s|ing)?|organi[sz](?:e|es|ing)|catalog(?:ue)?(?:s|ing)?|monitor(?:s|ing)?|maintain(?:s|ing)?|handl(?:e|es|ing)|list(?:s|ing)?|(?:list|lists|catalog|catalogue|table|database|directory|register|registry|collection|index|spreadsheet|roster|overview) of)\s+/g;
const EACH =
  /\b(?:for each|for every|each|every|per)\s+([a-z][a-z ]{0,30}?)\s*,?\s+(?:has|have|should have|should include|should store|needs?(?: to have)?|must have|will have|gets|contains|includes?|stores?|records?|tracks?|with|we (?:need|want|track|store|keep)|i (?:need|want)|capture|keep)\s+(.+)/;
const HAS =
  /^([a-z][a-z ]{0,30}?)\s+(?:has|have|should have|needs?|must have|contains?|includes?|will have|should include|should store|store)\s+(.+)/;
const FOR_EACH_WITH =
  /^(.+?)\s+(?:for|per|of)\s+each\s+([a-z][a-z ]{0,30}?)\s*,?\s+(?:with|including|that have|having|:)\s+(.+)$/;
const PAREN = /([a-z][a-z ]{0,40}?)\s*\(([^)]*,[^)]*)\)/;
const COLON = /^([a-z][a-z ]{0,30}):\s*(.+)$/;
const WITH = /^(.+?)\s+(?:with|including|containing|that have|that has|having)\s+(.+)$/;
const BELONGS =
  /([a-z][a-z ]{0,30}?)\s+(?:belongs? to|(?:is|are) (?:linked|tied|attached|assigned|connected) to|(?:is|are) part of)\s+(?:an?\s+|the\s+|one\s+|a single\s+)?([a-z][a-z ]{0,30})/;
const HAS_MANY =
  /([a-z][a-z ]{0,30}?)\s+(?:has|have|can have|contain|contains)\s+(?:many|multiple|several|lots of|a list of)\s+([a-z][a-z ]{0,30})/;
const CUT =
  /\b(?:that|which|who|where|when|so|to|for|by|in|on|from|with|using|via|because|but|including|like|such|across|per|at|into|over|as|if|while|before|after|about|i|we|you|they|our team|it|is|are|was|were|be|can|should|will|would|could|has|have|need|needs|want)\b.*$/;
// Words that head a list of something else: "Requirements: track tasks…".
const META = new Set(
  "requirements requirement features must haves nice to haves ideas context background goal goals overview example examples eg also ps update changes note".split(
    " ",
  ),
);
// Parts of an app, not records in it.
const UI_WORDS = new Set(
  "search filter filters sorting sort login logins page pages view views screen screens chart charts graph graphs button buttons export exports import imports notification notifications dashboard dashboards theme themes permission permissions ui layout design mobile".split(
    " ",
  ),
);
const FIELD_HEADS = new Set("field fields column columns properties attributes data".split(" "));
const CONTAINERS = new Set(
  "app application tool system tracker database db table spreadsheet sheet list crm portal dashboard board platform site page hub manager log register catalog directory planner calendar checklist box desk something one thing".split(
    " ",
  ),
);
const NOT_ENTITIES = new Set(
  "everyone everybody someone anyone user it them this that these those thing stuff everything anything something info information data details progress status time how what who way ways lot lots bunch kind sort type one ones etc more well also name names title titles phone address owner email emails date dates note notes tags description priority team us me you app apps tool tools system stuff track list".split(
    " ",
  ),
);
const UNCOUNTABLE = new Set("equipment inventory staff feedback".split(" "));
const LEADING_FILLER =
  /^(?:(?:all|any|every|each|different|various|internal|simple|basic|small|current|incoming|upcoming|outstanding|existing|open|active|multiple|several|many|some|few|lots|of|our|my|your|their|the|a|an|and|kinds|types)\s+)+/;

/** Entities and fields that `text` names outright, in the order it names them. */
export function extract(text: string): Extraction {
  const out: Extraction = { mentions: [], looseFields: [] };
  const all = segments(text);
  for (const segment of all) readSegment(segment, out);
  if (out.mentions.length === 0 && out.looseFields.length === 0 && all[0]) bareNouns(all[0], out);
  return out;
}

const REQUEST_WORDS =
  /^(?:(?:i|we)\s+(?:need|want|would like)|please|can you|could you|build|create|make|design|write|set up|give|me|us|an?|the|app|tool|system|simple|small|basic|quick|internal|for|to|of|my|our|team|some)\s+/;

/** "plants and watering schedules": a prompt that is only a list of plural nouns. */
function bareNouns(segment: string, out: Extraction): void {
  let rest = segment;
  for (let before = ""; before !== rest; ) {
    before = rest;
    rest = rest.replace(REQUEST_WORDS, "");
  }
  for (const item of splitList(rest)) {
    const head = lastWord(normalizePhrase(item));
    if (!isPluralWord(head) && !UNCOUNTABLE.has(head)) continue;
    const noun = nounPhrase(item);
    if (noun) mention(out, noun);
  }
}

export function segments(text: string): string[] {
  return text
    .replace(/\r/g, "")
    .split(/\n+|(?<=[.!?;])\s+/)
    .map((s) => s.replace(/^\s*(?:[-*•·]|\d+[.)])\s*/, "").trim())
    .map((s) => s.toLowerCase().replace(/[.!?;]+$/, ""))
    .map(withoutAgents)
    .filter(Boolean);
}

function withoutAgents(segment: string): string {
  const first = agentMentions(segment)[0];
  if (first === undefined) return segment;
  return segment
    .slice(0, first)
    .replace(/\s*(?:,?\s*(?:and|with|plus|also|add)?\s*(?:an?|the|one|some)?\s*)$/, "")
    .trim();
}

function readSegment(s: string, out: Extraction): void {
  const rel = s.match(BELONGS);
  if (rel) relate(out, rel[1]!, rel[2]!);
  const many = s.match(HAS_MANY);
  if (many) relate(out, many[2]!, many[1]!);
  if (rel || many) return;
  const forEach = s.match(FOR_EACH_WITH);
  if (forEach && addListed(out, forEach[1]!, forEach[3]!)) {
    relate(out, forEach[1]!, forEach[2]!);
    return;
  }
  const paren = s.match(PAREN);
  if (paren && addListed(out, paren[1]!, paren[2]!)) return;
  const colon = s.match(COLON);
  if (colon && META.has(normalizePhrase(colon[1]!))) {
    readSegment(colon[2]!, out);
    return;
  }
  const each = s.match(EACH) ?? colon;
  if (each && addListed(out, each[1]!, each[2]!, true)) return;
  const has = s.match(HAS);
  if (has && addListed(out, has[1]!, has[2]!)) return;
  if (readTriggers(s, out)) return;
  const withList = s.match(WITH);
  if (withList) addListed(out, withList[1]!, withList[2]!);
}

/** "tasks with title, owner and due date" or "for each task: …": an entity and its fields. */
function addListed(out: Extraction, left: string, list: string, singularOk = false): boolean {
  const head = nounPhrase(tailWords(left), singularOk);
  const container = CONTAINERS.has(lastWord(left)) || FIELD_HEADS.has(lastWord(left));
  const items = splitList(
    list.replace(/^(?:fields?|columns?|properties)\s*(?:like|such as|:)?\s*/, ""),
  );
  if (container) {
    const kept = items.filter((item) => !UI_WORDS.has(lastWord(normalizePhrase(item))));
    // "a feedback tracker with tags and owners": the app's own record has them, unless they are
    // records of their own ("a lead tracker with companies").
    const named = containerPhrase(left) !== undefined;
    for (const item of kept) {
      const noun = isEntityItem(item) ? nounPhrase(item) : undefined;
      if (noun && (!named || libraryEntity(noun))) mention(out, noun);
      else if (noun) pushField(out.looseFields, fieldWord(item));
      else if (kept.length >= 2 || named) pushField(out.looseFields, item);
    }
    return kept.length > 0;
  }
  if (!head) return false;
  const target = mention(out, head);
  for (const item of items) pushField(target.fields, item);
  return true;
}

function readTriggers(s: string, out: Extraction): boolean {
  const starts = [...s.matchAll(TRIGGER)].map((m) => ({
    from: (m.index ?? 0) + m[0].length,
    at: m.index ?? 0,
  }));
  let found = false;
  for (const [i, start] of starts.entries()) {
    const next = starts[i + 1]?.at ?? s.length;
    // A field list runs to the end: "track shipments with a tracking number, …".
    const listed = / (?:with|including|having) /.test(s.slice(start.from, next));
    const rest = s.slice(start.from, listed ? s.length : next).trim();
    const withList = rest.match(WITH);
    const left = withList ? withList[1]! : rest;
    const nouns = splitList(left.replace(CUT, "")).flatMap((item) => nounPhrase(item) ?? []);
    for (const noun of nouns) mention(out, noun);
    if (withList && nouns.length > 0) {
      const target = mention(out, nouns.at(-1)!);
      for (const item of splitList(withList[2]!)) pushField(target.fields, item);
    }
    found ||= nouns.length > 0;
    if (listed) break;
  }
  return found;
}

function relate(out: Extraction, child: string, parent: string): void {
  const c = nounPhrase(tailWords(child), true);
  const p = nounPhrase(parent.replace(CUT, ""), true);
  if (!c || !p || c === p) return;
  const target = mention(out, c);
  mention(out, p);
  if (!target.belongsTo.includes(p)) target.belongsTo.push(p);
}

function mention(out: Extraction, noun: string): Mention {
  const existing = out.mentions.find((m) => m.noun === noun);
  if (existing) return existing;
  const created: Mention = { noun, fields: [], belongsTo: [] };
  out.mentions.push(created);
  return created;
}

const ALIASES: Record<string, string> = {
  time: "time entry",
  hours: "time entry",
  money: "expense",
  spending: "expense",
  stock: "item",
  stuff: "item",
  things: "item",
  todos: "task",
  "to dos": "task",
};

/** The singular noun an entity phrase names, or nothing when it does not name one. */
export function nounPhrase(raw: string, singularOk = false): string | undefined {
  const whole = normalizePhrase(raw).replace(LEADING_FILLER, "");
  if (Object.hasOwn(ALIASES, whole)) return ALIASES[whole];
  const phrase = whole.replace(CUT, "").trim();
  const parts = words(phrase).slice(-3);
  const head = parts.at(-1) ?? "";
  if (parts.length === 0 || !/^[a-z]{3,}$/.test(head)) return undefined;
  if (NOT_ENTITIES.has(head) || UI_WORDS.has(head) || META.has(head)) return undefined;
  const plural = isPluralWord(head) || UNCOUNTABLE.has(head);
  const noun = singularize(parts.join(" "));
  if (!plural && !singularOk && !libraryEntity(noun)) return undefined;
  if (inferType(noun).type !== "text" && !libraryEntity(noun)) {
    // "customer feedback" reads as a long-text field, yet feedback is a record of its own.
    return UNCOUNTABLE.has(head) && libraryEntity(head) ? head : undefined;
  }
  return noun;
}

export function isEntityItem(item: string): boolean {
  const phrase = normalizePhrase(item);
  const head = lastWord(phrase);
  return isPluralWord(head) && inferType(phrase).type === "text" && !NOT_ENTITIES.has(head);
}

const STOP_BEFORE = new Set(
  "that which who where when so to for by in on from with using via because but including like such across per at into over as if while before after about i we you they it is are was were be can should will would could has have need needs want each every a an the our my your their all of and or track manage log keep".split(
    " ",
  ),
);

/** The noun phrase a clause ends with: "hiring pipeline where candidates" → "candidates". */
function tailWords(text: string): string {
  const all = words(text);
  const out: string[] = [];
  for (let i = all.length - 1; i >= 0 && out.length < 3; i--) {
    if (STOP_BEFORE.has(all[i]!)) break;
    out.unshift(all[i]!);
  }
  return out.join(" ");
}

/** "title, author (required), status (open/closed) and rating" → the items, options kept. */
export function splitList(list: string): string[] {
  const groups: string[] = [];
  const masked = list.replace(/\(([^)]*)\)/g, (_, inner: string) => {
    groups.push(inner);
    return `⟦${groups.length - 1}⟧`;
  });
  return masked
    .split(/\s*(?:[,;]|\band\/or\b|\band\b|&|\bplus\b(?!-)|\bas well as\b|\bor\b)\s*/)
    .map((item) => item.replace(/⟦(\d+)⟧/g, (_, i: string) => `(${groups[Number(i)]})`))
    .map((item) => item.trim())
    .filter(Boolean);
}

/** A field the user named: "status (open/closed)", "due date (required)", "paid?". */
export function userField(item: string): DraftField | undefined {
  const field: DraftField = { phrase: "" };
  let text = item.trim();
  const paren = text.match(/\(([^)]*)\)/);
  if (paren) {
    const inner = paren[1]!.trim();
    const options = inner.split(/\s*[/,|]\s*|\s+or\s+/).filter(Boolean);
    if (/\b(required|mandatory)\b/.test(inner)) field.required = true;
    else if (options.length >= 2) field.options = options.map(capitalize);
    text = text.replace(paren[0], " ");
  }
  if (/\b(required|mandatory|must)\b/.test(text)) field.required = true;
  if (/\?\s*$/.test(text)) field.type = "boolean";
  let phrase = normalizePhrase(text.replace(/\b(required|mandatory|must|optional)\b/g, " "));
  if (phrase.length < 2 || words(phrase).length > 4 || !/[a-z]/.test(phrase)) return undefined;
  if (STOP_BEFORE.has(phrase)) return undefined;
  if (/^(that|which|who|where|when|so|to|if|it|i|we|you|they)\b/.test(phrase)) return undefined;
  const single = singularize(phrase);
  if (single !== phrase && ["date", "email", "url", "status"].includes(inferType(single).type))
    phrase = single;
  field.phrase = phrase;
  if (field.options) field.type = "status";
  return field;
}

function pushField(fields: DraftField[], item: string): void {
  if (UI_WORDS.has(lastWord(normalizePhrase(item)))) return;
  const field = userField(item);
  if (field && !fields.some((f) => f.phrase === field.phrase)) fields.push(field);
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

// Fields that hold several values and keep their plural: "Tags", but "owners" → "Owner".
const PLURAL_FIELDS = new Set(
  "tags labels notes attachments comments links keywords skills ingredients attendees steps details photos images files documents participants".split(
    " ",
  ),
);

function fieldWord(item: string): string {
  const phrase = normalizePhrase(item);
  return PLURAL_FIELDS.has(lastWord(phrase)) ? phrase : singularize(phrase);
}
