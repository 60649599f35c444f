// Written into every generated app as-is: the helpers its entity pages share.
import type { GeneratedFile } from "../types";

export const LIB_FILES: GeneratedFile[] = [
  {
    path: "src/lib/format.ts",
    content: String.raw`export type NumberFormat = "integer" | "decimal" | "currency" | "percent";

// The currency amounts are shown in; change it to the one your team works in.
const CURRENCY = "USD";

const numberFormats: Record<NumberFormat, Intl.NumberFormat> = {
  integer: new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 }),
  decimal: new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 }),
  currency: new Intl.NumberFormat(undefined, { style: "currency", currency: CURRENCY }),
  percent: new Intl.NumberFormat(undefined, { style: "percent", maximumFractionDigits: 1 }),
};

/** Percentages are stored as the number people type: 25 is shown as 25%. */
export function formatNumber(value: unknown, format: NumberFormat = "decimal"): string {
  if (typeof value !== "number" || !Number.isFinite(value)) return "";
  return numberFormats[format].format(format === "percent" ? value / 100 : value);
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeZone: "UTC" });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  dateStyle: "medium",
  timeStyle: "short",
});

/** Dates are stored as "2025-03-14"; they are shown as that calendar day wherever you are. */
export function formatDate(value: unknown): string {
  if (typeof value !== "string" || !value) return "";
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? value + "T00:00:00Z" : value);
  return Number.isNaN(date.getTime()) ? value : dateFormat.format(date);
}

export function formatDateTime(value: string): string {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : dateTimeFormat.format(date);
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

/** "3 hours ago", "yesterday", "just now". */
export function formatRelative(value: string, now = Date.now()): string {
  const seconds = (new Date(value).getTime() - now) / 1000;
  if (Number.isNaN(seconds)) return "";
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  }
  return "just now";
}

export const formatBoolean = (value: unknown) => (value === true ? "Yes" : "No");
`,
  },
  {
    path: "src/lib/validate.ts",
    content: String.raw`/** One message per field that needs fixing. */
export type FieldErrors<T> = Partial<Record<keyof T, string>>;

export const hasErrors = (errors: object) => Object.values(errors).some(Boolean);

export const isEmail = (value: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim());

export function isUrl(value: string): boolean {
  try {
    const url = new URL(value.trim());
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

/** "1,234.50" → 1234.5; null when it is not a number. */
export function parseNumber(value: string): number | null {
  const text = value.trim().replace(/[\s,]/g, "");
  if (!text) return null;
  const number = Number(text);
  return Number.isFinite(number) ? number : null;
}

/** A moment as a date-and-time input gives it: "2025-03-14T09:30", in the reader's time zone. */
export function isDateTime(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value) && !Number.isNaN(new Date(value).getTime());
}

/** "2025-03-14T09:30" (local) → an ISO 8601 instant for storage; null when empty or invalid. */
export function toIsoDateTime(value: string): string | null {
  if (!isDateTime(value)) return null;
  return new Date(value).toISOString();
}

/** A stored instant → what a date-and-time input shows, in the reader's time zone. */
export function toLocalDateTime(value: unknown): string {
  if (typeof value !== "string" || !value) return "";
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return "";
  const pad = (n: number) => String(n).padStart(2, "0");
  return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate()) + "T" + pad(date.getHours()) + ":" + pad(date.getMinutes());
}

/** A real calendar day written as "2025-03-14" (what a date input gives). */
export function isDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(value + "T00:00:00Z");
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}
`,
  },
  {
    path: "src/lib/records.ts",
    content: String.raw`import type { Doc } from "../second/sdk";

export type SortDirection = "asc" | "desc";

export interface SortState<K extends string> {
  key: K;
  direction: SortDirection;
}

export function toggleSort<K extends string>(sort: SortState<K>, key: K): SortState<K> {
  if (sort.key !== key) return { key, direction: "asc" };
  return { key, direction: sort.direction === "asc" ? "desc" : "asc" };
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
const isBlank = (value: unknown) => value === undefined || value === null || value === "";

/** Numbers by size, text by the reader's alphabet; blanks always last. */
export function compareValues(a: unknown, b: unknown, direction: SortDirection = "asc"): number {
  if (isBlank(a) || isBlank(b)) return Number(isBlank(a)) - Number(isBlank(b));
  const sign = direction === "asc" ? 1 : -1;
  if (typeof a === "number" && typeof b === "number") return sign * (a - b);
  if (typeof a === "boolean" && typeof b === "boolean") return sign * (Number(a) - Number(b));
  return sign * collator.compare(String(a), String(b));
}

export function sortRecords<T, K extends string>(
  rows: T[],
  sort: SortState<K>,
  valueOf: (row: T, key: K) => unknown,
): T[] {
  return [...rows].sort((x, y) =>
    compareValues(valueOf(x, sort.key), valueOf(y, sort.key), sort.direction),
  );
}

/** Whether every word of the query appears in one of the values. */
export function matchesSearch(query: string, values: unknown[]): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const text = values
    .filter((v) => !isBlank(v))
    .join(" ")
    .toLowerCase();
  return words.every((word) => text.includes(word));
}

/** Each record's title by id: how relation fields are shown. */
export function titlesById<T extends object>(
  docs: Doc<T>[],
  titleOf: (doc: Doc<T>) => string,
): Map<string, string> {
  return new Map(docs.map((doc) => [doc._id, titleOf(doc)]));
}
`,
  },
];
