import type { EntitySpec, FieldSpec } from "../spec-types";

/** A string literal for generated TS: quotes, backslashes and line breaks escaped. */
export const lit = (text: string) => JSON.stringify(text);

/** JSX text as an expression, so `{`, `<` and quotes in a label stay text. */
export const jsxText = (text: string) => `{${JSON.stringify(text)}}`;

const RESERVED_WORDS = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends " +
    "false finally for function if import in instanceof new null return super switch this throw " +
    "true try typeof var void while with yield let static implements interface package private " +
    "protected public await async of type any unknown never undefined arguments eval"
  ).split(" "),
);

/** Names a generated type must not take: globals, React, the UI kit and the generated shell. */
const TAKEN_TYPE_NAMES = new Set(
  (
    "Map Set WeakMap WeakSet Record Partial Required Readonly Pick Omit Date Event Object Array " +
    "String Number Boolean Symbol BigInt Function Error Promise Proxy Reflect JSON Math Intl " +
    "RegExp URL Node Element Document Window Text Comment Image Option Audio File Blob Response " +
    "Request Headers Storage Location History Navigator Notification Selection Range Animation " +
    "Performance Worker Crypto React App Dashboard AgentsOverview Doc SecondError Button Input " +
    "Textarea Select Label Checkbox Card Badge Table Dialog Toast Field Spinner Skeleton " +
    "EmptyState ConfirmDialog SortHeader Route Section Props Fragment Component"
  ).split(" "),
);

function words(text: string): string[] {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
}

export function pascalCase(text: string): string {
  const name = words(text)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join("")
    .replace(/^[0-9]+/, "");
  return name;
}

export function camelCase(text: string): string {
  const name = pascalCase(text);
  return name ? name[0]!.toLowerCase() + name.slice(1) : "";
}

/** A local variable name not in `taken` (and then taken). */
export function localName(wanted: string, taken: Set<string>): string {
  let name = RESERVED_WORDS.has(wanted) ? `${wanted}List` : wanted;
  for (let i = 2; taken.has(name); i++) name = `${wanted}${i}`;
  taken.add(name);
  return name;
}

export interface EntityNames {
  /** "Task": the record type. */
  type: string;
  /** "task": the prefix of the entity module's values. */
  value: string;
  /** "TasksPage". */
  page: string;
  form: string;
  details: string;
  /** "tasks": the folder of the page's pieces. */
  folder: string;
}

/**
 * Names for every entity, unique across the app: the type comes from the singular ("Support
 * ticket" → SupportTicket), falls back to the key, and takes a `Record` suffix when it would
 * shadow a global or a shell component ("Event" → EventRecord).
 */
export function entityNames(entities: EntitySpec[]): Map<string, EntityNames> {
  const pages = entities.map((e) => `${pascalCase(e.key) || "Entity"}Page`);
  const taken = new Set([...TAKEN_TYPE_NAMES, ...pages]);
  const names = new Map<string, EntityNames>();
  entities.forEach((entity, i) => {
    let base = pascalCase(entity.singular) || pascalCase(entity.key) || "Item";
    if (taken.has(base) || taken.has(`${base}Draft`)) base = `${base}Record`;
    let type = base;
    for (let n = 2; taken.has(type); n++) type = `${base}${n}`;
    for (const suffix of ["", "Draft", "Form", "Details"]) taken.add(type + suffix);
    names.set(entity.key, {
      type,
      value: type[0]!.toLowerCase() + type.slice(1),
      page: pages[i]!,
      form: `${type}Form`,
      details: `${type}Details`,
      folder: entity.key,
    });
  });
  return names;
}

export const titleField = (entity: EntitySpec): FieldSpec =>
  entity.fields.find((f) => f.key === entity.titleField) ?? entity.fields[0]!;

/** "in progress" stays as written; only the sentence's first letter is lowered for "New …". */
export const lowerFirst = (text: string) =>
  text && text[0] === text[0]!.toUpperCase() && text[1] !== text[1]?.toUpperCase()
    ? text[0]!.toLowerCase() + text.slice(1)
    : text;
