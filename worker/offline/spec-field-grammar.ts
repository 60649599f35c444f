import type { DraftField } from "./spec-draft";
import { inferType, normalizePhrase } from "./spec-fields";
import { isPluralWord, words } from "./spec-text";

/**
 * One field as people write it in a list, read into a name, a type and what the words state:
 *
 *   field := ["whether"…] name [unit] [options | bounds | "yes/no" | "?" | "checkbox"] ["(" hint ")"]
 *   options := "(" a "," b ["or"] c ")" | a "/" b "/" c | "(" a "|" b ")"
 *   bounds := "from" N "to" M | N "-" M | "out of" M | "on a scale of" N "to" M
 *   unit := "in" (USD | EUR | GBP | dollars | € | km | kg | hours | minutes | days | …) | "%" | "percent"
 *   hint := currency | "yes/no" | "datetime" | "date" | "required" | "optional" | "%"
 *
 * "reported at" and "timestamp" are moments (date and time); "borrowed on" and "… date" are dates.
 */

const CURRENCY = /^(?:usd|eur|gbp|chf|cad|aud|jpy|dollars?|euros?|pounds?|€|\$|£|¥)$/;
const DECIMAL_UNITS =
  /^(?:km|kms|kilometers?|kilometres?|miles?|mi|kg|kgs|kilos?|lbs?|pounds weight|g|grams?|hours?|hrs?|m|meters?|metres?|cm|liters?|litres?|l|ml|°c|°f|c|f|celsius|fahrenheit|degrees)$/;
const INTEGER_UNITS = /^(?:minutes?|mins?|seconds?|secs?|days?|weeks?|months?|years?|nights?)$/;
const BOOLEAN_TAILS = /\s+(?:checkbox|check box|tick ?box|toggle|flag|switch)$/;
const YES_NO = /^(?:yes\s*\/\s*no|y\s*\/\s*n|true\s*\/\s*false|no\s*\/\s*yes)$/;
const WHETHER =
  /^(?:whether|if)\s+(?:(?:it['’]s|they['’]re|we['’]re|we|it|they|he|she|i|you|the \w+|this)\s+)?(?:(?:is|was|are|were|has been|have been|got|has|have)\s+)?/;

export function typeOfField(item: string, prompt = ""): DraftField | undefined {
  let text = item.trim().toLowerCase();
  const field: DraftField = { phrase: "" };
  // Bracketed words: options, a unit or a type hint.
  for (const paren of [...text.matchAll(/\(([^)]*)\)/g)]) {
    readHint(paren[1]!.trim(), field, prompt);
    text = text.replace(paren[0], " ");
  }
  text = text.replace(/\s+/g, " ").trim();
  if (/\b(?:required|mandatory)\b/.test(text)) {
    field.required = true;
    text = text.replace(/\b(?:required|mandatory)\b/g, " ").trim();
  }
  text = text.replace(/\boptional\b/g, " ").trim();
  if (/\?$/.test(text)) {
    field.type = "boolean";
    text = text.replace(/\?+$/, "").trim();
  }
  if (WHETHER.test(text)) {
    field.type = "boolean";
    text = text.replace(WHETHER, "").replace(/\s+(?:it|them|one)$/, "");
  }
  if (BOOLEAN_TAILS.test(text)) {
    field.type = "boolean";
    text = text.replace(BOOLEAN_TAILS, "");
  }
  text = readBounds(text, field);
  // "status draft/scheduled/published", "read yes/no".
  const slash = text.match(/^(.+?)\s+([\w-]+(?:\s*\/\s*[\w-]+)+)$/);
  if (slash) {
    readHint(slash[2]!, field, prompt);
    text = slash[1]!;
  }
  const yes = text.match(/^(.+?)\s+(?:yes\/no|y\/n)$/);
  if (yes) {
    field.type = "boolean";
    text = yes[1]!;
  }
  text = readUnits(text, field);
  if (/\btimestamp$/.test(text)) {
    field.type ??= "datetime";
    text = text.replace(/\s*\btimestamp$/, "") || "timestamp";
  }
  if (/\bdatetime\b/.test(text)) {
    field.type ??= "datetime";
    text = text.replace(/\bdatetime\b/, "date and time");
  }
  // "plus-one" is one word, not the list word "plus" before "one".
  const joined = text.replace(/^(?:an?|the)\s+/, "").match(/^([a-z]+)-[a-z]/)?.[1];
  let phrase = normalizePhrase(text.replace(/-/g, " "));
  if (joined && !phrase.startsWith(joined)) phrase = `${joined} ${phrase}`;
  if (phrase.length < 2 || words(phrase).length > 5 || !/[a-z]/.test(phrase)) return undefined;
  field.phrase = phrase;
  if (field.options) field.type = "status";
  if (!field.type) {
    // Plain text stays untyped, so a field named after another entity can become a link to it.
    const typed = typeOfPhrase(phrase);
    if (typed.type !== "text") field.type = typed.type;
    if (typed.format) field.format = typed.format;
  }
  if ((field.min !== undefined || field.max !== undefined) && field.type !== "number") {
    field.type = "number";
    field.format = "integer";
  }
  return field;
}

/** The type a field's name implies, with the grammar's extra readings. */
export function typeOfPhrase(phrase: string): Pick<DraftField, "type" | "format"> {
  const w = words(phrase);
  const last = w.at(-1) ?? "";
  // "starts at", "reported at", "checked out at": a moment.
  if (w.length > 1 && last === "at") return { type: "datetime" };
  if (w.length > 1 && /^(?:start|end|starts|ends|from|until|till|through)$/.test(last))
    return { type: "date" };
  // "price per bottle", "hours worked", "amount requested": the head word types the field.
  const per = phrase.split(/\s+per\s+/)[0]!;
  if (per !== phrase) return inferType(per);
  const base = inferType(phrase);
  // "number of guests", "how many volunteers": a count, whatever is counted.
  if (/^(?:(?:number|no|count|#)\s+of|how many)\s+\S/.test(phrase))
    return { type: "number", format: "integer" };
  // "quantity on hand", "units in stock": the head word before the preposition types the field.
  const head = phrase.split(/\s+(?:on|in|at)\s+/)[0]!;
  if (base.type === "text" && head !== phrase) {
    const headType = inferType(head);
    if (headType.type === "number") return headType;
  }
  // "departure time", "start time": a moment; "prep time" stays a duration.
  if (w.length > 1 && last === "time" && base.type !== "number") return { type: "datetime" };
  // "seats left", "copies remaining", "spots available": a count of what is left.
  if (base.type === "text" && w.length > 1 && /^(?:left|remaining|available|free|open)$/.test(last))
    if (isPluralWord(w.at(-2)!)) return { type: "number", format: "integer" };
  // "min players", "max guests", "number of seats": a count.
  if (base.type === "text" && w.length > 1 && /^(?:min|max|minimum|maximum|total|num)$/.test(w[0]!))
    return { type: "number", format: "integer" };
  if (base.type === "text" && w.length === 2 && /(?:ed|^read|^spent)$/.test(last)) {
    const first = inferType(w[0]!);
    if (first.type === "number") return first;
  }
  if (base.type === "text" && EXTRA_INTEGER.has(last)) return { type: "number", format: "integer" };
  // "table number", "floor number": a small count; "phone number" or "serial number" stays text.
  if (w.length === 2 && last === "number" && NUMBERED.has(w[0]!))
    return { type: "number", format: "integer" };
  if (base.type === "text" && EXTRA_DECIMAL.has(last)) return { type: "number", format: "decimal" };
  return base;
}

const EXTRA_INTEGER = new Set(
  "bedrooms bathrooms rooms floors seats tickets guests sets reps repetitions laps votes".split(
    " ",
  ),
);
const NUMBERED = new Set("table seat row floor lane round week level".split(" "));
const EXTRA_DECIMAL = new Set("mileage odometer ph gpa".split(" "));

function readHint(inner: string, field: DraftField, prompt: string): void {
  const t = inner.toLowerCase().trim();
  if (t === "") return;
  if (YES_NO.test(t)) {
    field.type = "boolean";
    return;
  }
  if (CURRENCY.test(t)) {
    field.type = "number";
    field.format = "currency";
    return;
  }
  if (t === "%" || t === "percent" || t === "percentage") {
    field.type = "number";
    field.format = "percent";
    return;
  }
  if (/^(?:datetime|timestamp|date and time)$/.test(t)) {
    field.type = "datetime";
    return;
  }
  if (t === "date") {
    field.type = "date";
    return;
  }
  if (/^(?:required|mandatory)$/.test(t)) {
    field.required = true;
    return;
  }
  if (readBounds(t, field) !== t) return;
  const options = t
    .split(/\s*(?:[,/|]|\bor\b)\s*/)
    .map((o) => o.trim())
    .filter(Boolean);
  if (options.length >= 2) field.options = options.map((o) => optionLabel(o, prompt));
}

/** "from 1 to 5", "1-5", "out of 100": bounds, taken off the name. */
function readBounds(text: string, field: DraftField): string {
  // "severity sev1-sev3", "priority p1-p4": a range of named levels, one option each.
  const levels = text.match(/\s+([a-z]{1,4})(\d)\s*-\s*(?:\1)?(\d)$/);
  if (
    levels &&
    Number(levels[3]) > Number(levels[2]) &&
    Number(levels[3]) - Number(levels[2]) < 10
  ) {
    const prefix = levels[1]!.toUpperCase();
    field.options = [];
    for (let n = Number(levels[2]); n <= Number(levels[3]); n++)
      field.options.push(`${prefix}${n}`);
    return text.slice(0, levels.index).trim();
  }
  const range = text.match(
    /\s*(?:\b(?:on a scale|scale)\s+(?:of|from)\s+|\bfrom\s+|\bbetween\s+)?(-?\d+(?:\.\d+)?)\s*(?:-|–|to|and)\s*(-?\d+(?:\.\d+)?)\s*(stars?|points?|%)?$/,
  );
  if (range) {
    field.min = Number(range[1]);
    field.max = Number(range[2]);
    // "confidence 0-100%": a bounded percentage.
    if (range[3] === "%") Object.assign(field, { type: "number", format: "percent" });
    return text.slice(0, range.index).trim();
  }
  const outOf = text.match(/\s*\bout of\s+(\d+(?:\.\d+)?)\s*(?:stars?|points?)?$/);
  if (outOf) {
    field.max = Number(outOf[1]);
    return text.slice(0, outOf.index).trim();
  }
  return text;
}

/** "distance in km", "amount in USD", "progress %": the unit types the field and leaves its name. */
function readUnits(text: string, field: DraftField): string {
  let rest = text;
  const unit = rest.match(/^(.+?)\s+in\s+(\S+(?:\s+\S+)?)$/);
  const word = unit?.[2]?.replace(/^(?:us\s+)?/, "");
  if (unit && word) {
    if (CURRENCY.test(word)) Object.assign(field, { type: "number", format: "currency" });
    else if (DECIMAL_UNITS.test(word)) Object.assign(field, { type: "number", format: "decimal" });
    else if (INTEGER_UNITS.test(word)) Object.assign(field, { type: "number", format: "integer" });
    if (field.type === "number" && !field.options) rest = unit[1]!;
  }
  const percent = rest.match(/^(.+?)\s*(?:%|\bpercent|\bpercentage|\bin %)$/);
  if (percent && words(percent[1]!).length > 0) {
    Object.assign(field, { type: "number", format: "percent" });
    rest = percent[1]!;
  }
  const symbol = rest.match(/^(.+?)\s*[€$£]$/) ?? rest.match(/^[€$£]\s*(.+)$/);
  if (symbol) {
    Object.assign(field, { type: "number", format: "currency" });
    rest = symbol[1]!;
  }
  return rest.trim();
}

/** An option as the prompt wrote it when that says more than lower case: "LinkedIn", "P1". */
export function optionLabel(option: string, prompt: string): string {
  const escaped = option.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const original = prompt.match(new RegExp(`(?<![\\w-])${escaped}(?![\\w-])`, "i"))?.[0];
  if (original && /[A-Z]/.test(original.slice(1))) return original;
  return option.charAt(0).toUpperCase() + option.slice(1);
}
