import { lit, lowerFirst } from "./names";
import type { EntityPlan, FieldPlan } from "./plan";
import type { GeneratedFile } from "./types";

const DANGER = /block|cancel|lost|reject|fail|overdue|urgent|critical|declin|churn|stuck|error/i;
const SUCCESS = /done|complete|closed|resolved|won|paid|approved|shipped|deliver|active|hired/i;

/** Badge tones in workflow order: start neutral, finish green, trouble red, the rest between. */
export function toneFor(option: string, index: number, count: number): string {
  if (DANGER.test(option)) return "danger";
  if (SUCCESS.test(option) || (count > 1 && index === count - 1)) return "success";
  if (index === 0) return "neutral";
  return index % 2 === 1 ? "info" : "warning";
}

function valueType(f: FieldPlan): string {
  const nullable = f.required ? "" : " | null";
  switch (f.type) {
    case "number":
      return `number${nullable}`;
    case "date":
    case "datetime":
    case "relation":
      return `string${nullable}`;
    case "boolean":
      return "boolean";
    case "status":
      return f.statusType;
    default:
      return "string";
  }
}

const draftType = (f: FieldPlan) =>
  f.type === "boolean" ? "boolean" : f.type === "status" ? f.statusType : "string";

function emptyDraftValue(f: FieldPlan): string {
  if (f.type === "boolean") return "false";
  // A new record starts with no votes; the ▲ button counts from there.
  if (f.widget === "votes") return '"0"';
  if (f.type === "status") return lit(f.options[0]!);
  return '""';
}

function toDraftValue(f: FieldPlan): string {
  const v = `record.${f.key}`;
  switch (f.type) {
    case "boolean":
      return `${v} === true`;
    case "number":
      return `${v} == null ? "" : String(${v})`;
    case "status":
      return `${v} ?? ${lit(f.options[0]!)}`;
    case "datetime":
      return `toLocalDateTime(${v})`;
    default:
      return `${v} ?? ""`;
  }
}

function fromDraftValue(f: FieldPlan): string {
  const v = `draft.${f.key}`;
  switch (f.type) {
    case "number":
      return f.required ? `parseNumber(${v}) ?? 0` : `parseNumber(${v})`;
    case "date":
    case "relation":
      return f.required ? v : `${v} || null`;
    case "datetime":
      return f.required ? `toIsoDateTime(${v}) ?? ""` : `toIsoDateTime(${v})`;
    case "boolean":
    case "status":
      return v;
    default:
      return `${v}.trim()`;
  }
}

function checks(f: FieldPlan): string[] {
  const v = `draft.${f.key}`;
  const set = (message: string) => `errors.${f.key} = ${lit(message)};`;
  const required = f.required && f.type !== "boolean" && f.type !== "status";
  const lines: string[] = [];
  const format = (test: string, message: string) =>
    required ? `else if (${test}) ${set(message)}` : `if (${v}.trim() && ${test}) ${set(message)}`;
  if (required) {
    const what =
      f.type === "relation" && f.target
        ? `Choose ${lowerFirst(f.target.singular)}.`
        : `${f.label} is required.`;
    lines.push(`if (!${v}.trim()) ${set(what)}`);
  }
  if (f.type === "email")
    lines.push(format(`!isEmail(${v})`, "Enter an email address, like name@example.com."));
  if (f.type === "url")
    lines.push(format(`!isUrl(${v})`, "Enter a web address that starts with https://."));
  if (f.type === "number") lines.push(format(`parseNumber(${v}) === null`, "Enter a number."));
  if (f.type === "number" && (f.min !== undefined || f.max !== undefined)) {
    const n = `parseNumber(${v})`;
    const low = f.min !== undefined ? `${n}! < ${f.min}` : "";
    const high = f.max !== undefined ? `${n}! > ${f.max}` : "";
    const outside = [low, high].filter(Boolean).join(" || ");
    const range =
      f.min !== undefined && f.max !== undefined
        ? `from ${f.min} to ${f.max}`
        : f.min !== undefined
          ? `of at least ${f.min}`
          : `of at most ${f.max}`;
    lines.push(
      `if (!errors.${f.key} && ${n} !== null && (${outside})) ${set(`Enter a number ${range}.`)}`,
    );
  }
  if (f.type === "datetime") lines.push(format(`!isDateTime(${v})`, "Enter a date and time."));
  if (f.type === "date") lines.push(format(`!isDate(${v})`, "Enter a date."));
  if (f.type === "status")
    lines.push(`if (!${f.optionsConst}.includes(${v})) ${set(`Choose a ${lowerFirst(f.label)}.`)}`);
  return lines;
}

export function entityModule(entity: EntityPlan): GeneratedFile {
  const { type, value } = entity.names;
  const fields = entity.fields;
  const statuses = fields.filter((f) => f.type === "status");
  const needs: Record<string, FieldPlan["type"]> = {
    isDate: "date",
    isDateTime: "datetime",
    isEmail: "email",
    isUrl: "url",
    parseNumber: "number",
    toIsoDateTime: "datetime",
    toLocalDateTime: "datetime",
  };
  const validators = Object.keys(needs).filter((name) =>
    fields.some((f) => f.type === needs[name]),
  );
  const out: string[] = [];
  if (statuses.length) out.push(`import type { BadgeTone } from "../components/ui/badge";`);
  out.push(
    `import { ${["type FieldErrors", ...validators].join(", ")} } from "../lib/validate";`,
    "",
    `export const ${value}Collection = ${lit(entity.key)};`,
    "",
  );
  for (const f of statuses) {
    out.push(
      `export const ${f.optionsConst} = [${f.options.map(lit).join(", ")}] as const;`,
      `export type ${f.statusType} = (typeof ${f.optionsConst})[number];`,
      `export const ${f.tonesConst}: Record<${f.statusType}, BadgeTone> = {`,
      ...f.options.map((o, i) => `  ${lit(o)}: ${lit(toneFor(o, i, f.options.length))},`),
      "};",
      "",
    );
  }
  out.push(
    `export interface ${type} {`,
    ...fields.map((f) => `  ${f.key}: ${valueType(f)};`),
    "}",
    "",
    '/** What the form edits: numbers and dates as typed, empty relations as "". */',
    `export interface ${type}Draft {`,
    ...fields.map((f) => `  ${f.key}: ${draftType(f)};`),
    "}",
    "",
    `export const ${value}Labels: Record<keyof ${type}, string> = {`,
    ...fields.map((f) => `  ${f.key}: ${lit(f.label)},`),
    "};",
    "",
    `export function ${value}Title(record: Partial<${type}>): string {`,
    `  return String(record.${entity.title.key} ?? "").trim() || ${lit(`Untitled ${lowerFirst(entity.singular)}`)};`,
    "}",
    "",
    `export function new${type}Draft(): ${type}Draft {`,
    "  return {",
    ...fields.map((f) => `    ${f.key}: ${emptyDraftValue(f)},`),
    "  };",
    "}",
    "",
    `export function to${type}Draft(record: Partial<${type}>): ${type}Draft {`,
    "  return {",
    ...fields.map((f) => `    ${f.key}: ${toDraftValue(f)},`),
    "  };",
    "}",
    "",
    `export function validate${type}(draft: ${type}Draft): FieldErrors<${type}Draft> {`,
    `  const errors: FieldErrors<${type}Draft> = {};`,
    ...fields.flatMap(checks).map((line) => `  ${line}`),
    "  return errors;",
    "}",
    "",
    `/** The record to save, once \`validate${type}\` finds nothing to fix. */`,
    `export function from${type}Draft(draft: ${type}Draft): ${type} {`,
    "  return {",
    ...fields.map((f) => `    ${f.key}: ${fromDraftValue(f)},`),
    "  };",
    "}",
    "",
  );
  return { path: `src/entities/${entity.key}.ts`, content: out.join("\n") };
}
