import { agentSpecs } from "./spec-agent-specs";
import type { Draft, DraftEntity, DraftField } from "./spec-draft";
import { inferType, resolveField } from "./spec-fields";
import { camelKey, joinAnd, lastWord, sentenceCase, snakeKey, words } from "./spec-text";
import type {
  AccessRuleChange,
  AppSpec,
  DataMigration,
  EntitySpec,
  EntityView,
  FieldSpec,
  ViewKind,
} from "./spec-types";
import { VIEW_FIELD_TYPES } from "./spec-views";

export const MAX_ENTITIES = 6;
export const MAX_FIELDS = 12;

const TITLE_WORDS = new Set(
  "name title subject headline label reference item borrower learner description".split(" "),
);
export const NOT_TITLES = new Set(
  "phone address location tags sku isbn code zip city tag".split(" "),
);
const RESERVED = new Set(
  "id constructor prototype toString valueOf hasOwnProperty break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await".split(
    " ",
  ),
);

export const isTitleLike = (phrase: string) => TITLE_WORDS.has(lastWord(phrase));

interface Placed {
  draft: DraftEntity;
  key: string;
}

/** Settles types, keys, labels and relations: the draft becomes the contract's `AppSpec`. */
export function finalize(draft: Draft, acronyms: ReadonlySet<string>): AppSpec {
  const placed: Placed[] = [];
  for (const entity of draft.entities) {
    const key = snakeKey(entity.plural) || "items";
    if (placed.some((p) => p.key === key || p.draft.noun === entity.noun)) continue;
    if (placed.length < MAX_ENTITIES) placed.push({ draft: entity, key });
  }
  const entities = placed.map((p) => buildEntity(p, placed, acronyms));
  const hasStatus = entities.some((e) => e.fields.some((f) => f.type === "status"));
  const name = draft.name ?? draft.domainName ?? `${entities[0]!.singular} tracker`;
  const agents = agentSpecs(
    draft.agents,
    entities,
    placed.map((p) => p.draft),
  );
  return {
    name,
    summary: summarize(
      name,
      entities,
      agents.map((a) => a.name),
    ),
    entities,
    dashboard: hasStatus || entities.length > 1,
    agents,
    ...(draft.unplaced?.length ? { unplaced: draft.unplaced.slice(0, 10) } : {}),
    ...(draft.notes?.length ? { notes: draft.notes.slice(0, 10) } : {}),
    ...migrationsOf(draft, placed, entities),
    ...rulesOf(draft, placed),
  };
}

/** The latest follow-up's access rules, by the collections' final keys. */
function rulesOf(draft: Draft, placed: Placed[]): { rules?: AccessRuleChange[] } {
  const rules = (draft.rules ?? []).flatMap((r) => {
    const at = placed.find((p) => p.draft === r.entity);
    return at ? [{ collection: at.key, who: r.who, to: r.to }] : [];
  });
  return rules.length > 0 ? { rules } : {};
}

/** The latest follow-up's renames and type changes as moves of stored records, by final keys. */
function migrationsOf(
  draft: Draft,
  placed: Placed[],
  entities: EntitySpec[],
): { migrations?: DataMigration[] } {
  const out: DataMigration[] = [];
  const keyOf = (e: DraftEntity) => placed.find((p) => p.draft === e)?.key;
  const built = (e: DraftEntity) => entities.find((x) => x.key === keyOf(e));
  for (const change of draft.changes ?? []) {
    const collection = keyOf(change.entity);
    if (!collection) continue;
    if (change.kind === "rename-entity") {
      const from = snakeKey(change.oldPlural);
      if (from !== collection) out.push({ op: "rename-collection", from, to: collection });
    }
  }
  for (const change of draft.changes ?? []) {
    const collection = keyOf(change.entity);
    const entity = built(change.entity);
    if (!collection || !entity || change.kind === "rename-entity") continue;
    const field = entity.fields.find(
      (f) => f.key === safeKey(camelKey(change.field.phrase), "Value"),
    );
    if (!field) continue;
    if (change.kind === "rename-field") {
      const from = safeKey(camelKey(change.oldPhrase), "Value");
      if (from !== field.key) out.push({ op: "rename-field", collection, from, to: field.key });
    } else {
      out.push({
        op: "retype-field",
        collection,
        field: field.key,
        type: field.type,
        ...(field.format ? { format: field.format } : {}),
        ...(field.options ? { options: field.options } : {}),
      });
    }
  }
  return out.length > 0 ? { migrations: out } : {};
}

function buildEntity(self: Placed, all: Placed[], acronyms: ReadonlySet<string>): EntitySpec {
  const fields: FieldSpec[] = [];
  let viewed: FieldSpec | undefined;
  for (const draft of self.draft.fields) {
    const field = buildField(draft, self, all, acronyms);
    if (field && !fields.some((f) => f.key === field.key)) fields.push(field);
    if (field && draft === self.draft.view?.field) viewed = field;
  }
  const texts = fields.filter((f) => f.type === "text");
  let title = texts.find((f) =>
    ["name", "title", "subject", "full name"].includes(f.label.toLowerCase()),
  );
  title ??= texts.find((f) => isTitleLike(f.label.toLowerCase()));
  title ??= texts.find((f) => !NOT_TITLES.has(lastWord(f.label.toLowerCase())));
  if (!title) {
    title = {
      key: fields.some((f) => f.key === "name") ? "title" : "name",
      label: "",
      type: "text",
      required: true,
    };
    title.label = sentenceCase(title.key);
  }
  title.required = true;
  const rest = fields.filter((f) => f !== title).slice(0, MAX_FIELDS - 1);
  return {
    key: self.key,
    singular: sentenceCase(self.draft.noun, acronyms),
    plural: sentenceCase(self.draft.plural, acronyms),
    titleField: title.key,
    fields: [title, ...rest],
    ...(self.draft.access ? { access: { ...self.draft.access } } : {}),
    ...viewOf(self.draft.view?.kind, viewed, rest),
  };
}

/** The draft's view, kept only while its field survived with a type the view can use. */
function viewOf(
  kind: ViewKind | undefined,
  field: FieldSpec | undefined,
  kept: FieldSpec[],
): { view?: EntityView } {
  if (!kind || !field || !kept.includes(field)) return {};
  return VIEW_FIELD_TYPES[kind].includes(field.type) ? { view: { kind, field: field.key } } : {};
}

function buildField(
  draft: DraftField,
  self: Placed,
  all: Placed[],
  acronyms: ReadonlySet<string>,
): FieldSpec | undefined {
  const phrase = words(draft.phrase).join(" ");
  if (phrase === "") return undefined;
  const label = sentenceCase(phrase, acronyms);
  const target = relationTarget(draft, phrase, self, all);
  if (target) {
    const key = safeKey(camelKey(phrase), "Id");
    return {
      key,
      label,
      type: "relation",
      required: draft.required ?? false,
      relation: target.key,
    };
  }
  // A link whose target this app lacks stays as text, and never blocks saving a record.
  const required = draft.relation ? false : (draft.required ?? false);
  const resolved = resolveField(
    { ...draft, type: draft.type === "relation" ? undefined : draft.type },
    self.draft.noun,
  );
  const field: FieldSpec = {
    key: safeKey(camelKey(phrase), "Value"),
    label,
    type: resolved.type,
    required,
  };
  if (resolved.options) field.options = uniqueOptions(resolved.options);
  if (resolved.format) field.format = resolved.format;
  if (field.type === "number") {
    if (draft.min !== undefined) field.min = draft.min;
    if (draft.max !== undefined && (draft.min === undefined || draft.max >= draft.min))
      field.max = draft.max;
  }
  return field;
}

function relationTarget(
  draft: DraftField,
  phrase: string,
  self: Placed,
  all: Placed[],
): Placed | undefined {
  if (draft.relation) {
    const named = all.find(
      (p) => p.draft.noun === draft.relation || p.draft.aliases.includes(draft.relation!),
    );
    if (named) return named;
  }
  if (draft.type && draft.type !== "relation") return undefined;
  const base = inferType(phrase).type;
  if (base !== "text" && base !== "status") return undefined;
  return all.find((p) => p !== self && names(p, phrase));
}

function names(p: Placed, phrase: string): boolean {
  const candidates = [p.draft.noun, p.draft.plural, ...p.draft.aliases];
  return candidates.some(
    (c) =>
      phrase === c ||
      phrase.endsWith(` ${c}`) ||
      // "the article discussed", "the book read": the record something was done with.
      (phrase.startsWith(`${c} `) && DONE_WITH.test(phrase.slice(c.length + 1))),
  );
}

const DONE_WITH = /^(?:[a-z]+ed|[a-z]+en|read|sold|bought|won|lost|kept|held|met|seen|chosen)$/;

function safeKey(key: string, suffix: string): string {
  return RESERVED.has(key) ? `${key}${suffix}` : key;
}

function uniqueOptions(options: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const option of options) {
    const label = option.trim().slice(0, 60);
    if (label !== "" && !seen.has(label.toLowerCase())) {
      seen.add(label.toLowerCase());
      out.push(label);
    }
  }
  return out.length > 0 ? out : ["New", "In progress", "Done"];
}

function summarize(name: string, entities: EntitySpec[], agents: string[]): string {
  const tracked = joinAnd(entities.slice(0, 4).map((e) => e.plural.toLowerCase()));
  const more = entities.length > 4 ? " and more" : "";
  const helpers =
    agents.length > 0 ? `, with ${joinAnd(agents.map((a) => `a ${a.toLowerCase()}`))}` : "";
  return `${name}: an app for the team to track ${tracked}${more}${helpers}.`;
}

/** "Support desk" → "A support desk"; "CRM" keeps its capitals: "A CRM". */
export function withArticle(name: string): string {
  const first = name.split(" ")[0] ?? "";
  const lowered =
    first === first.toUpperCase() ? name : name.charAt(0).toLowerCase() + name.slice(1);
  const vowel = /^[aeiou]/i.test(lowered) || /^[FHLMNRSX][A-Z]/.test(lowered);
  return `${vowel ? "An" : "A"} ${lowered}`;
}
