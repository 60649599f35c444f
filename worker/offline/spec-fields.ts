import type { DraftField } from "./spec-draft";
import { statusOptions } from "./spec-options";
import { lastWord, words } from "./spec-text";
import type { FieldSpec, FieldType } from "./spec-types";

// What a field's name says about its type. Checked in order: a phrase like "due date" is a date
// even though "due" alone could be read otherwise.

const set = (list: string) => new Set(list.split(" "));

const BOOLEAN_WORDS = set(
  "active done completed complete paid archived approved remote billable verified enabled published returned signed confirmed favorite favourite pinned attended resolved vegetarian vegan featured read shipped reimbursed invoiced subscribed flagged starred public private blocked closed onboarded received delivered cancelled canceled checked",
);
const URL_WORDS = set(
  "website url link links linkedin github homepage site portfolio twitter instagram facebook repo repository webpage uri",
);
const DATE_WORDS = set(
  "date dates due deadline birthday birthdate anniversary joined hired expiry expiration expires renewal scheduled when on at",
);
const DATE_LEADS = set("start end due starts ends last next check checked arrival departure");
// After a leading "last"/"next"/"start": the words that make the phrase a moment in time.
const DATE_TAILS = set(
  "time day contacted contact visit visited service seen updated reviewed review follow up activity meeting order purchase payment login inspection maintenance checkup in out",
);
const DURATION_LEADS = set("prep cook cooking travel response resolution lead total run reading");
const CURRENCY_WORDS = set(
  "amount price cost costs budget salary fee fees revenue value total balance deposit spend spent mrr arr income expense payment tax profit rent wage pay tip refund donation prices worth retainer",
);
const PERCENT_WORDS = set(
  "percent percentage progress probability discount completion margin rate conversion",
);
const DECIMAL_WORDS = set("hours weight height distance miles km temperature kg lbs");
const INTEGER_WORDS = set(
  "quantity count age score rating points capacity stock minutes mins servings calories pages year years days nights seats guests headcount votes upvotes streak rank units views clicks likes followers size estimate effort target current reorder allowance visitors attendance duration length",
);
const LONG_WORDS = set(
  "notes note description descriptions comments comment details body content bio instructions ingredients steps agenda decisions feedback review reason message text answer requirements justification transcript resolution remarks recap highlights learnings lessons diagnosis symptoms directions",
);
const STATUS_WORDS = set(
  "status stage priority type category level severity state phase tier kind condition frequency difficulty urgency impact sentiment department method channel quarter rsvp outcome seniority mood source genre cuisine course membership",
);

const SYNONYMS: Record<string, string> = {
  "assigned to": "assignee",
  due: "due date",
  "due by": "due date",
  qty: "quantity",
  desc: "description",
  dob: "birthday",
  "date of birth": "birthday",
  "e mail": "email",
  "email address": "email",
  mail: "email",
  tel: "phone",
  telephone: "phone",
  "phone no": "phone",
  "mobile number": "phone",
  "web site": "website",
  "checked out": "checked out date",
  "check in": "check in date",
  "check out": "check out date",
};
const LEADING =
  /^(?:(?:a|an|the|their|its|his|her|our|my|your|some|any|each|every|optional|required|mandatory|also|plus|and|or|with)\s+)+/;
const TRAILING = /\s+(?:field|fields|column|columns|property|properties|attribute|attributes)$/;

/** Lower-case words only, determiners and "field" dropped, common spellings unified. */
export function normalizePhrase(raw: string): string {
  const lower = raw
    .toLowerCase()
    .replace(/e-mail/g, "email")
    .replace(/#\s*of\b/g, "number of")
    .replace(/[’']s\b/g, "")
    .replace(/[^a-z0-9 ]+/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .replace(
      /^(?:whether|if)\s+(?:(?:it|they|he|she|we)\s+)?(?:(?:is|was|are|were|has been|have been|got)\s+)?/,
      "",
    )
    .replace(LEADING, "")
    .replace(TRAILING, "");
  return Object.hasOwn(SYNONYMS, lower) ? SYNONYMS[lower]! : lower;
}

function numberFormat(phrase: string, last: string): FieldSpec["format"] | undefined {
  if (last === "rate")
    return /\b(hourly|daily|day|nightly|billing)\b/.test(phrase) ? "currency" : "percent";
  if (last === "value" && /^(target|current|start|starting|baseline)\b/.test(phrase))
    return "decimal";
  if (CURRENCY_WORDS.has(last) || /\b(usd|eur|gbp|dollars?|euros?)\b/.test(phrase))
    return "currency";
  if (PERCENT_WORDS.has(last)) return "percent";
  if (DECIMAL_WORDS.has(last)) return "decimal";
  if (INTEGER_WORDS.has(last) || /^(number|count) of\b/.test(phrase)) return "integer";
  return undefined;
}

/** The type a field's phrase implies, before relations to other entities are considered. */
export function inferType(phrase: string): { type: FieldType; format?: FieldSpec["format"] } {
  const w = words(phrase);
  const last = lastWord(phrase);
  const first = w[0] ?? "";
  if (/^(is|has|was|needs|can|should|whether|if|include|includes|allow|allows)\b/.test(phrase))
    return { type: "boolean" };
  if (BOOLEAN_WORDS.has(phrase)) return { type: "boolean" };
  if (last === "email" || last === "emails") return { type: "email" };
  if (URL_WORDS.has(last) || w.includes("url") || /^link to\b/.test(phrase)) return { type: "url" };
  if (w.includes("steps") || LONG_WORDS.has(last)) return { type: "longtext" };
  if (last === "minutes" && w.includes("meeting")) return { type: "longtext" };
  if (last === "time" && DURATION_LEADS.has(first)) return { type: "number", format: "integer" };
  if (w.includes("reorder") || (last === "level" && w.includes("stock")))
    return { type: "number", format: "integer" };
  const format = numberFormat(phrase, last);
  const dateish =
    DATE_WORDS.has(last) ||
    /\b(date|deadline|birthday)\b/.test(phrase) ||
    (DATE_LEADS.has(first) && (w.length === 1 || DATE_TAILS.has(last)));
  if (dateish && (!format || last === "date")) return { type: "date" };
  if (last === "number")
    return first === "number" ? { type: "number", format: "integer" } : { type: "text" };
  if (format) return { type: "number", format };
  if (STATUS_WORDS.has(last)) return { type: "status" };
  return { type: "text" };
}

/** The settled type, format and options of a draft field in the entity `noun`. */
export function resolveField(
  field: DraftField,
  noun: string,
): { type: FieldType; format?: FieldSpec["format"]; options?: string[] } {
  const inferred = inferType(field.phrase);
  const type = field.type ?? inferred.type;
  if (type === "number") return { type, format: field.format ?? inferred.format ?? "decimal" };
  if (type === "status") {
    const options = field.options?.length ? field.options : statusOptions(field.phrase, noun);
    return { type, options };
  }
  return { type };
}
