import type { DraftAccess, RuleChange } from "./spec-rules";
import { pluralize, singularize } from "./spec-text";
import type { FieldSpec, FieldType, ViewKind } from "./spec-types";

/**
 * The working shape while a spec is derived: fields are still phrases ("requester email") and
 * relations name nouns, so follow-ups can add, rename and remove things before types and keys
 * are settled once by `finalize` (spec-finalize.ts).
 */
export interface DraftField {
  phrase: string;
  type?: FieldType;
  options?: string[];
  format?: FieldSpec["format"];
  required?: boolean;
  min?: number;
  max?: number;
  /** Singular noun of the entity it points at, when known up front. */
  relation?: string;
}

export interface DraftEntity {
  /** Singular, lower case: "support ticket". */
  noun: string;
  plural: string;
  /** Other phrases that name this entity when used as a field: "agent", "assignee". */
  aliases: string[];
  fields: DraftField[];
  /** Made up for an unknown noun: its "name" gives way to a title the user names. */
  generic?: boolean;
  /** Who may read and write it, where a request said so (collections.json `access`). */
  access?: DraftAccess;
  /** The view its page opens on and the field it is built on (renames carry it along). */
  view?: { kind: ViewKind; field: DraftField };
}

export interface DraftAgent {
  kind: string;
  /** The words that asked for it; the entities they name are the ones it works on. */
  request: string;
}

/** A follow-up's change that moves stored records: a rename or a new type. */
export type DraftChange =
  | { kind: "rename-entity"; entity: DraftEntity; oldPlural: string }
  | { kind: "rename-field"; entity: DraftEntity; field: DraftField; oldPhrase: string }
  | { kind: "retype-field"; entity: DraftEntity; field: DraftField };

export interface Draft {
  name?: string;
  domainName?: string;
  entities: DraftEntity[];
  agents: DraftAgent[];
  /** Items of the request nothing could hold: "said in the plan, not invented". */
  unplaced?: string[];
  /** The latest follow-up's renames and type changes, for the records already stored. */
  changes?: DraftChange[];
  /** What the latest follow-up asked for that the builder could not do, in words. */
  notes?: string[];
  /** The access rules the latest follow-up set: they reach viewers through a reviewed publish. */
  rules?: RuleChange[];
}

const FORMATS = new Set(["integer", "decimal", "currency", "percent"]);
const TYPES = new Set<FieldType>([
  "text",
  "longtext",
  "number",
  "date",
  "datetime",
  "status",
  "email",
  "url",
  "boolean",
  "relation",
]);

/**
 * One field of the knowledge base's compact notation: `phrase[!][=A|B][>noun][:type]`, where `!`
 * marks it required, `=` lists status options, `>` names a relation target and `:` forces a type
 * or a number format.
 */
export function parseFieldNotation(item: string): DraftField {
  let rest = item.trim();
  const field: DraftField = { phrase: "" };
  if (rest.includes("!")) {
    field.required = true;
    rest = rest.replace(/!/g, "");
  }
  const colon = rest.match(/:(\w+)$/);
  if (colon) {
    const tag = colon[1]!;
    if (FORMATS.has(tag)) {
      field.type = "number";
      field.format = tag as FieldSpec["format"];
    } else if (TYPES.has(tag as FieldType)) field.type = tag as FieldType;
    rest = rest.slice(0, colon.index);
  }
  const eq = rest.indexOf("=");
  if (eq >= 0) {
    field.type = "status";
    field.options = rest
      .slice(eq + 1)
      .split("|")
      .map((o) => o.trim());
    rest = rest.slice(0, eq);
  }
  const gt = rest.indexOf(">");
  if (gt >= 0) {
    field.relation = rest.slice(gt + 1).trim();
    rest = rest.slice(0, gt);
  }
  field.phrase = rest.trim();
  return field;
}

export function parseFieldList(list: string): DraftField[] {
  return list.split(",").map(parseFieldNotation);
}

/** `noun[/plural][~alias~alias]`: "support agent~agent~assignee", "person/people". */
export function draftEntity(head: string, fields: string): DraftEntity {
  const [names = "", ...aliases] = head.split("~");
  const [noun = "", plural] = names.split("/");
  return {
    noun,
    plural: plural ?? pluralize(noun),
    aliases,
    fields: parseFieldList(fields),
  };
}

export function entityFromNoun(phrase: string, fields: DraftField[] = []): DraftEntity {
  const noun = singularize(phrase);
  return { noun, plural: pluralize(noun), aliases: [], fields };
}

export function cloneEntity(e: DraftEntity): DraftEntity {
  const fields = e.fields.map((f) => (f.options ? { ...f, options: [...f.options] } : { ...f }));
  const { view, ...rest } = e;
  const at = view ? e.fields.indexOf(view.field) : -1;
  return {
    ...rest,
    aliases: [...e.aliases],
    ...(e.access ? { access: { ...e.access } } : {}),
    fields,
    ...(view && at >= 0 ? { view: { kind: view.kind, field: fields[at]! } } : {}),
  };
}
