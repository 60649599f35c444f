import type { DraftField } from "./spec-draft";
import { segments, splitList } from "./spec-extract";
import { typeOfField, typeOfPhrase } from "./spec-field-grammar";
import { inferType } from "./spec-fields";
import { isPluralWord, singularize, words } from "./spec-text";

/**
 * A small grammar for the ways people describe their data, read sentence by sentence:
 *
 *   description := [container ":"] entity-clause ("," | "and" | ";")…
 *   entity-clause :=
 *       NOUNS ("with" | "having" | "including" | "have" | "has" | ":") field-list
 *     | ("each" | "every" | "for each") NOUN ("has" | "have" | "with" | ":") field-list
 *     | NOUNS ("under each" | "per" | "for each") NOUN ["with" field-list]
 *     | NOUNS "(" field-list ")"
 *     | NOUN ("belongs to" | "belong to" | "is part of") NOUN ["and" NOUN] ["," "with" field-list]
 *     | NOUNS "," NOUNS "and" NOUNS                       (a bare list of the records kept)
 *   field-list := field ("," | "and" | "or")…        a field's options and type: spec-field-grammar
 *
 * It builds only what the words name: entities, their fields in order, and which belong to which.
 * Anything in a field list it cannot attach to an entity is returned as `unplaced`.
 */
export interface DescribedEntity {
  /** Singular, lower case: "service record". */
  noun: string;
  fields: DraftField[];
  /** Singular nouns of the entities it belongs to. */
  parents: string[];
}

export interface Description {
  entities: DescribedEntity[];
  unplaced: string[];
}

// Words that name the app or its parts rather than a kind of record.
const CONTAINERS = new Set(
  "app application tool system tracker database db table spreadsheet sheet list crm portal dashboard board platform site hub manager log logbook register registry catalog catalogue directory planner calendar checklist roster inbox overview".split(
    " ",
  ),
);
const REQUEST =
  /^(?:(?:i|we)\s+(?:also\s+)?(?:need|want|would like|have)(?:\s+to)?|(?:need|want)s?\s+to|(?:i|we)\s+(?:run|own)|please|can you|could you|help me|let me|let us|(?:a\s+)?(?:place|way|somewhere|spot)\s+(?:to|for)|build(?: me| us)?|create|make(?: me| us)?|set up|give me|keep (?:track|tabs) (?:of|on)|track(?:ing)?|log(?:ging)?|manage|managing|record|store|list|organi[sz]e|plan|monitor|follow|rate|review|compare|collect|also|then|and|plus|a|an|the|my|our|your|their|all|some|simple|small|little|basic|quick|internal|own|for|of|to)\s+/;
// "a tool to track our vendors", "an app for logging runs": the app named before what it keeps
// ("an issue log for our machines" keeps issues: "for" is followed by a doing word only).
const TOOL_FOR = new RegExp(
  `^(?:[a-z-]+\\s+)?(?:${[...CONTAINERS].join("|")})\\s+(?:to|for(?=\\s+[a-z]+ing\\b)|that|which)\\s+(?:(?:helps?|lets?)\\s+(?:us|me)\\s+)?(?=[a-z])`,
);
// "… where we …", "coffee shops we visit": what is said about the records, not their name.
const VERB_TAIL = /\s+(?:where|that|which|so|to|for|in|at|by|from|with|about|i|we|you|they)\s+.*$/;
const NOT_NOUNS = new Set(
  "name names title it them this that these those thing things stuff info information data details app way ways one ones kind kinds type types field fields column columns yes no everything something".split(
    " ",
  ),
);

/** What `prompt` describes, or nothing when it lists no fields for any entity. */
export function describePrompt(prompt: string): Description | undefined {
  const out: Description = { entities: [], unplaced: [] };
  const bare: string[][] = [];
  for (const raw of segments(prompt)) {
    const s = rewrite(raw);
    if (readActs(s, out)) continue;
    const colon = s.match(/^[^:]{1,80}?:\s*(.+)$/);
    const nouns = bareNouns(s) ?? (colon ? bareNouns(colon[1]!) : undefined);
    if (nouns) bare.push(nouns);
    else readSentence(s, out, prompt);
  }
  if (!out.entities.some((e) => e.fields.length > 0)) return undefined;
  // "Car rental: customers, cars and rentals." names records the rest of the prompt describes.
  for (const list of bare) for (const noun of list) entityFor(out, noun);
  choicesNotRecords(out);
  for (const entity of out.entities) namedNumbers(entity);
  return out;
}

/** "invoices with number, amount …": the invoice's number, an identifier, not a count. */
function namedNumbers(entity: DescribedEntity): void {
  for (const field of entity.fields) {
    if (field.phrase !== "number" || field.options || field.min !== undefined) continue;
    const named = `${entity.noun.split(" ").at(-1)} number`;
    if (entity.fields.some((f) => f.phrase === named)) continue;
    field.phrase = named;
    field.type = "text";
    delete field.format;
  }
}

/**
 * "transactions with … category (rent, groceries); budgets per category with …": the category is
 * a choice the prompt listed, not records of their own, so it stays a choice on both.
 */
function choicesNotRecords(out: Description): void {
  for (const entity of [...out.entities]) {
    if (entity.fields.length > 0) continue;
    const choice = out.entities
      .flatMap((e) => e.fields)
      .find((f) => f.options && f.phrase === entity.noun);
    if (!choice) continue;
    out.entities = out.entities.filter((e) => e !== entity);
    for (const other of out.entities) {
      if (!other.parents.includes(entity.noun)) continue;
      other.parents = other.parents.filter((p) => p !== entity.noun);
      if (!other.fields.some((f) => f.phrase === choice.phrase))
        other.fields.unshift({ ...choice, options: [...choice.options!] });
    }
  }
}

// "members propose books and vote on them": what is done to the records, kept as a count on them.
const ACTS =
  /\b(?:where|in which)\s+(?:the\s+|our\s+)?[a-z]+s\s+[a-z]+\s+([a-z]+s)\s+and\s+(vote on|vote for|upvote|like|rate|score)\s+(?:them|each one|each)\b/;
const ACT_FIELDS: Record<string, string> = {
  "vote on": "votes",
  "vote for": "votes",
  upvote: "upvotes",
  like: "likes",
  rate: "rating",
  score: "score",
};

// "attendees can rate each talk from 1 to 5": a rating on the records, with its bounds.
const CAN_ACT =
  /\b[a-z]+s\s+(?:can|could|will|should|may|must|get to)\s+(vote on|vote for|upvote|like|rate|score)\s+(?:each|every|the|a|an|any)\s+([a-z]+)\b(.*)$/;

function readActs(s: string, out: Description): boolean {
  const can = s.match(CAN_ACT);
  const rated = can ? nounOf(can[2]!, true) : undefined;
  if (can && rated) {
    const field = typeOfField(`${ACT_FIELDS[can[1]!]!} ${can[3]!.trim()}`.trim());
    const entity = entityFor(out, rated);
    if (field && !entity.fields.some((f) => f.phrase === field.phrase)) entity.fields.push(field);
    return true;
  }
  const m = s.match(ACTS);
  const noun = m ? nounOf(m[1]!, false) : undefined;
  if (!m || !noun) return false;
  const phrase = ACT_FIELDS[m[2]!]!;
  const entity = entityFor(out, noun);
  if (!entity.fields.some((f) => f.phrase === phrase))
    entity.fields.push({ phrase, ...typeOfPhrase(phrase) });
  return true;
}

/** Phrases whose words the list splitter would cut apart, said the way the grammar reads them. */
export function rewrite(s: string): string {
  return (
    s
      // "our team's vacation requests", "the kids' chores": the owner is not a record kept.
      .replace(/\b(?:our|my|your|their)\s+[a-z]+['’]s\s+/g, "our ")
      .replace(/\b[a-z]+s['’](?=\s)/g, "")
      .replace(/\b(i|we|you|they)['’](?:m|re)\b/g, (_, who: string) =>
        who === "i" ? "i am" : `${who} are`,
      )
      // "check-ins", "sign-ups", "follow-ups": records named by a phrasal verb, one word.
      .replace(
        /\b(check|sign|follow|pick|drop|hand|stand|walk|call|write|roll)-(ins?|ups?|outs?|offs?)\b/g,
        "$1$2",
      )
      // "the customer's name": one phrase.
      .replace(/([a-z])['’]s\b/g, "$1")
      .replace(/\bdate\s*(?:and|&|\/)\s*time\b/g, "datetime")
      .replace(/\bdate time\b/g, "datetime")
      .replace(/\byes\s+or\s+no\b/g, "yes/no")
      .replace(/\bpros and cons\b/g, "pros/cons")
      .replace(/[–—]/g, " - ")
      // "category - travel, meals, office or other" / "outcome: pending, awarded or declined"
      .replace(
        /([a-z][a-z ]*?)\s*(?:\s-|:)\s+((?:[a-z0-9][\w-]*,\s*)+[a-z0-9][\w-]*,?\s+or\s+[a-z0-9][\w-]*)/g,
        (_, name: string, list: string) =>
          `${name} (${list
            .split(/,\s*|\s+or\s+/)
            .map((o) => o.trim())
            .filter(Boolean)
            .join("/")})`,
      )
  );
}

const BELONGS_CLAUSE =
  /\b(?:belongs? to|(?:is|are) part of|(?:is|are) (?:linked|tied|attached) to)\b/;

function readSentence(s: string, out: Description, prompt: string): boolean {
  const belongs = s.match(
    /^(?:(?:each|every|an?|the)\s+)?([a-z][a-z ]{0,30}?)\s+(?:belongs? to|(?:is|are) part of|(?:is|are) (?:linked|tied|attached) to)\s+(.+)$/,
  );
  if (belongs) {
    const child = nounOf(belongs[1]!);
    if (child) {
      // "… belongs to a company with a name and website, and has a title": the "with" list
      // describes the company; ", with …", "and has …" or "having …" describe the child.
      const [parentPart = "", ...own] = belongs[2]!.split(
        /,\s*(?:and\s+)?(?:with|has|have|having)\s+|\s+(?:and (?:has|have)|having)\s+/,
      );
      const [parentsText = "", parentFields] = parentPart.split(/\s+with\s+/);
      const entity = entityFor(out, child);
      const parents = splitList(parentsText)
        .map((p) => nounOf(p))
        .filter((p): p is string => p !== undefined && p !== child);
      for (const parent of parents) {
        entityFor(out, parent);
        if (!entity.parents.includes(parent)) entity.parents.push(parent);
      }
      if (parentFields && parents.length === 1)
        readFields(parentFields, entityFor(out, parents[0]!), out, prompt);
      else if (parentFields) readFields(parentFields, entity, out, prompt);
      for (const fields of own) readFields(fields, entity, out, prompt);
      return true;
    }
  }
  const colon = s.match(/^([^:]{1,80}?)\s*:\s*(.+)$/);
  if (colon) {
    const [, left = "", right = ""] = colon;
    // "our library's loans: each loan belongs to a member …".
    if (BELONGS_CLAUSE.test(right) && !BELONGS_CLAUSE.test(left))
      return readSentence(right, out, prompt);
    if (startsEntity(splitList(right)[0] ?? "") || bareNouns(right)) {
      readList(right, undefined, out, prompt);
      return true;
    }
    const each = left.match(/\b(?:for each|for every|each|every)\s+(?:piece of\s+)?(.+)$/);
    const noun = nounOf(each ? each[1]! : left);
    if (noun) {
      readFields(right, entityFor(out, noun), out, prompt);
      return true;
    }
    return readList(right, undefined, out, prompt);
  }
  return readList(s, undefined, out, prompt);
}

/** A list of items; an item that opens an entity clause starts a new current entity. */
function readList(
  text: string,
  start: DescribedEntity | undefined,
  out: Description,
  prompt: string,
): boolean {
  let current = start;
  let found = false;
  const items = splitList(text);
  const loose: string[] = [];
  for (const item of items) {
    // "pages with a title, grouped into spaces with a name": the pages' group, described.
    const grouped = current ? item.match(GROUPED) : null;
    if (current && grouped) {
      const noun = nounOf(withSplit(grouped[1]!)?.[0] ?? grouped[1]!, false);
      const group = noun
        ? (openEntity(grouped[1]!, out, prompt) ?? entityFor(out, noun))
        : undefined;
      if (group && group !== current) {
        if (!current.parents.includes(group.noun)) current.parents.push(group.noun);
        current = group;
        found = true;
        continue;
      }
    }
    const opened = openEntity(item, out, prompt);
    if (opened) {
      // "clients (name, phone), their dogs (name, breed)": the dogs belong to the clients.
      if (current && current !== opened && /^(?:their|its)\s/.test(item.trim()))
        if (!opened.parents.includes(current.noun)) opened.parents.push(current.noun);
      current = opened;
      found = true;
      continue;
    }
    if (current) addField(current, item, out, prompt);
    else loose.push(stripRequest(item));
  }
  // "manage drivers and vehicles, and log every delivery with …": the records named beside it.
  if (found || start) {
    for (const item of loose) {
      const w = words(item);
      if (w.length >= 1 && w.length <= 2 && isPluralWord(w.at(-1)!) && nounOf(item, false))
        entityFor(out, nounOf(item, false)!);
    }
  }
  // "Also a deadline, a colour and the office plant.": fields, but of what? Said, not guessed.
  if (!start && !found && loose.length >= 2) out.unplaced.push(...loose.filter(Boolean));
  return found;
}

function readFields(text: string, entity: DescribedEntity, out: Description, prompt: string) {
  readList(text, entity, out, prompt);
}

const EACH_HAS =
  /^(?:for each|for every|each|every)\s+(?:piece of\s+|one of the\s+)?([a-z][a-z -]{0,30}?)\s*,?\s+(?:has|have|should have|needs|gets|contains|includes|with|records|stores|tracks)\s+(.+)$/;
const UNDER =
  /^(.+?)\s+(?:under|per|for|of)\s+(?:each|every|a|the|one)?\s*([a-z][a-z -]{0,30}?)(?:\s+(?:with|having|including|:)\s+(.+))?$/;
const WITH_VERB =
  /\s+(?:with|having|including|containing|that have|that has|have|has|contain|contains|should have)\s+/g;

/** "we need to track shipments with a, b": the first "with" whose left side names records. */
function withSplit(item: string): [string, string] | undefined {
  let first: [string, string] | undefined;
  for (const m of item.matchAll(WITH_VERB)) {
    const left = item.slice(0, m.index);
    const right = item.slice((m.index ?? 0) + m[0].length);
    if (!left || !right) continue;
    first ??= [left, right];
    if (containerNoun(left) !== undefined || pluralNounOf(left)) return [left, right];
  }
  return first;
}
const GROUPED =
  /^(?:(?:are|is|all)\s+)?(?:grouped|organi[sz]ed|sorted|filed|arranged|collected|bundled)\s+(?:into|in|under|by)\s+(?:(?:the|a|an)\s+)?(.+)$/;
const TIME_UNITS = new Set(
  "second minute hour day night week weekday weekend month quarter year".split(" "),
);
const PAREN_FIELDS = /^(.+?)\s*\(([^)]*)\)$/;

/** Whether an item opens an entity clause ("dogs with name", "each plant has a species"). */
function startsEntity(item: string): boolean {
  return parseOpening(item) !== undefined;
}

interface Opening {
  noun: string;
  parent?: string;
  /** "grades per student per assignment": a second record it belongs to. */
  also?: string;
  fields?: string;
  /** A list in brackets: "vehicles (plate, make, model)". */
  bracket?: string;
}

// "members suggest articles with …", "volunteers sign up for shifts with …", "interviewers leave
// scorecards per candidate with …": people doing something, and the records that keeps.
const ACTORS =
  /^(?:(?:the|our|their)\s+)?([a-z]+s)\s+([a-z]+)(?:\s+(?:up|in|on|out))?\s+(?:(for|to|at|on|in|into)\s+(?:(?:the|a|an|our)\s+)?)?([a-z]+s)(?:\s+(?:per|for each|for every|under each)\s+([a-z]+))?\s+(?:with|having|giving|including)\s+(.+)$/;
const NOT_ACTS = new Set("with have has having are were is was need needs want wants".split(" "));

function parseActors(item: string): Opening | undefined {
  const m = stripRequest(item).match(ACTORS);
  if (!m || NOT_ACTS.has(m[2]!)) return undefined;
  const [, subject = "", , preposition, object = "", per, fields = ""] = m;
  const actor = nounOf(subject, false);
  const thing = nounOf(object, false);
  if (!actor || !thing || actor === thing) return undefined;
  // "sign up for shifts": the people are the records, under what they signed up for.
  if (preposition) return { noun: actor, parent: thing, fields };
  const parent = per ? nounOf(per, true) : undefined;
  return { noun: thing, ...(parent ? { parent } : {}), fields };
}

// "orders contain line items": the contained records belong to the containing ones.
const CONTAINS =
  /^(?:(?:the|our|their)\s+)?([a-z][a-z ]{0,30}?s)\s+(?:contain|hold|include|are made of|consist of)\s+(?:(?:many|multiple|several|some|one or more)\s+)?([a-z][a-z ]{0,30}?s)$/;

function parseOpening(item: string): Opening | undefined {
  const contains = stripRequest(item).match(CONTAINS);
  if (contains) {
    const parent = nounOf(contains[1]!, false);
    const child = nounOf(contains[2]!, false);
    if (parent && child && parent !== child) return { noun: child, parent };
  }
  // "bug tracker where each bug has …": the clause after "where" describes the records.
  const where = item.match(/\b(?:where|in which|so that)\s+((?:for each|each|every)\s.*)$/);
  if (where) return parseOpening(where[1]!);
  const clause = item.match(/\b(?:where|in which)\s+(.*)$/)?.[1];
  const acts = parseActors(clause ?? item);
  if (acts) return acts;
  const each = stripRequest(item).match(EACH_HAS) ?? item.match(EACH_HAS);
  if (each) {
    const noun = nounOf(each[1]!, true);
    return noun ? { noun, fields: each[2]! } : undefined;
  }
  const under = item.match(UNDER);
  if (under) {
    // "students sign up per trip": the records, then what they do.
    const noun =
      pluralNounOf(under[1]!) ??
      pluralNounOf(under[1]!.replace(/\s+[a-z]+(?:\s+(?:up|in|on))?$/, ""));
    const parent = nounOf(under[2]!, true);
    // "target days per week": a rate, not records under a week.
    if (parent && TIME_UNITS.has(parent)) return undefined;
    // "grades per student per assignment": two records it belongs to.
    const [first = "", second] = under[2]!.split(/\s+(?:per|and per|and each|for each)\s+/);
    const one = second ? nounOf(first, true) : parent;
    const two = second ? nounOf(second, true) : undefined;
    if (noun && one && /\b(?:under|per)\b|\beach\b/.test(item.slice(under[1]!.length, -1)))
      return {
        noun,
        parent: one,
        ...(two && two !== one ? { also: two } : {}),
        ...(under[3] ? { fields: under[3] } : {}),
      };
  }
  const paren = item.match(PAREN_FIELDS);
  if (paren) {
    const noun = pluralNounOf(paren[1]!);
    if (noun && splitList(paren[2]!.replace(/\//g, ",")).length >= 2)
      return { noun, bracket: paren[2]! };
  }
  const withFields = withSplit(item);
  if (withFields) {
    const [left, right] = withFields;
    const container = containerNoun(left);
    if (container !== undefined) {
      // "a vendor list with name…": the container's noun; "a roster with volunteers (…)": the list.
      if (startsEntity(right) || container === "") return undefined;
      return { noun: container, fields: right };
    }
    const noun = pluralNounOf(left);
    return noun ? { noun, fields: right } : undefined;
  }
  return undefined;
}

function openEntity(item: string, out: Description, prompt: string): DescribedEntity | undefined {
  const withList = withSplit(item);
  if (withList && containerNoun(withList[0]) !== undefined && startsEntity(withList[1])) {
    // "volunteer roster with volunteers (name, phone)": the roster holds the records described.
    return openEntity(withList[1], out, prompt);
  }
  const opening = parseOpening(item);
  if (!opening) return undefined;
  const entity = entityFor(out, opening.noun);
  for (const parent of [opening.parent, opening.also]) {
    if (!parent || parent === opening.noun) continue;
    entityFor(out, parent);
    if (!entity.parents.includes(parent)) entity.parents.push(parent);
  }
  if (opening.bracket) readList(opening.bracket, entity, out, prompt);
  if (opening.fields) readList(opening.fields, entity, out, prompt);
  return entity;
}

function addField(entity: DescribedEntity, item: string, out: Description, prompt: string) {
  // "events with venue, and the guests attending each": records under each of these.
  const under = item.match(
    /^(?:the\s+|their\s+|its\s+)?([a-z][a-z ]{0,30}?)\s+(?:\w+ing\s+|for\s+|in\s+|under\s+|of\s+)?(?:each|every one|each one)$/,
  );
  const child = under ? nounOf(under[1]!, false) : undefined;
  if (child && child !== entity.noun) {
    const created = entityFor(out, child);
    if (!created.parents.includes(entity.noun)) created.parents.push(entity.noun);
    return;
  }
  // "a lead tracker with companies": records of their own, linked.
  const w = words(item);
  if (w.length === 1 && isPluralWord(w[0]!) && RECORDS.has(singularize(w[0]!))) {
    const noun = singularize(w[0]!);
    if (noun !== entity.noun) {
      entityFor(out, noun);
      if (!entity.parents.includes(noun)) entity.parents.push(noun);
      return;
    }
  }
  const field = typeOfField(item, prompt);
  if (!field) {
    if (item.trim() !== "") out.unplaced.push(item.trim());
    return;
  }
  const same = entity.fields.find((f) => f.phrase === field.phrase);
  if (same) Object.assign(same, field);
  else entity.fields.push(field);
}

function entityFor(out: Description, noun: string): DescribedEntity {
  const head = noun.split(" ").at(-1);
  const found =
    out.entities.find((e) => e.noun === noun) ??
    out.entities.find(
      (e) =>
        e.noun.split(" ").at(-1) === head && (e.noun.endsWith(` ${noun}`) || noun.endsWith(e.noun)),
    );
  if (found) {
    // "complaints" after "customer complaints": the same records.
    return found;
  }
  const created: DescribedEntity = { noun, fields: [], parents: [] };
  out.entities.push(created);
  return created;
}

/** "a vendor list" → "vendor"; "an app" → ""; not a container → undefined. */
function containerNoun(text: string): string | undefined {
  const w = words(stripRequest(text));
  const last = w.at(-1);
  if (!last || !CONTAINERS.has(last)) return undefined;
  const rest = w.slice(0, -1).filter((x) => !CONTAINERS.has(x));
  const noun = rest.slice(-2).join(" ");
  if (noun === "") return "";
  // "customer feedback tracker": feedback is the record; "customer feedback" would be its text.
  if (rest.length > 1 && inferType(noun).type !== "text") return singularize(rest.at(-1)!);
  return singularize(noun);
}

function stripRequest(text: string): string {
  let rest = text.trim().replace(/^.*\s-\s+/, "");
  for (let before = ""; before !== rest; ) {
    before = rest;
    rest = rest.replace(REQUEST, "").replace(TOOL_FOR, "").trim();
  }
  return rest;
}

/** The singular noun a phrase names: plural, or any noun when `singularOk`. */
function nounOf(text: string, singularOk = true): string | undefined {
  let phrase = stripRequest(text.toLowerCase()).replace(VERB_TAIL, "").trim();
  const container = containerNoun(phrase);
  if (container) phrase = container;
  phrase = stripRequest(phrase.replace(/^.*\bof\s+/, ""));
  const w = words(phrase).slice(-3);
  const head = w.at(-1);
  if (!head || !/^[a-z]{3,}$/.test(head) || NOT_NOUNS.has(head)) return undefined;
  if (w.some((x) => /^\d/.test(x))) return undefined;
  if (!singularOk && !isPluralWord(head) && !UNCOUNTABLE.has(head)) return undefined;
  return singularize(w.join(" "));
}

// Records people keep lists of, when named alone in a list of fields: "a lead tracker with companies".
const RECORDS = new Set(
  "project company customer client contact vendor supplier team event property vehicle candidate job patient student course member employee".split(
    " ",
  ),
);
const UNCOUNTABLE = new Set("feedback equipment inventory staff".split(" "));

function pluralNounOf(text: string): string | undefined {
  return nounOf(text, false);
}

/** "customers, cars and rentals": a list of plural nouns and nothing else. */
function bareNouns(text: string): string[] | undefined {
  const items = splitList(stripRequest(text));
  if (items.length < 2) return undefined;
  const nouns: string[] = [];
  for (const raw of items) {
    // "the projects I do for them": the noun, not what is said about it.
    const item = raw.replace(/\s+(?:i|we|you|they|that|which|who)\s+.*$/, "");
    const w = words(stripRequest(item));
    if (w.length === 0 || w.length > 2 || !isPluralWord(w.at(-1)!)) return undefined;
    const noun = nounOf(item, false);
    if (!noun) return undefined;
    nouns.push(noun);
  }
  return nouns;
}
