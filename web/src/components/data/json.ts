import type { AppDocument } from "../../lib/types";

const SYSTEM_FIELDS = new Set(["_id", "_version", "_createdAt", "_updatedAt", "_createdBy"]);

/** The document's own fields, without the ones the store keeps for it. */
export function fieldsOf(doc: AppDocument): Record<string, unknown> {
  return Object.fromEntries(Object.entries(doc).filter(([k]) => !SYSTEM_FIELDS.has(k)));
}

const RANK: Record<string, number> = { string: 0, number: 1, boolean: 2 };

/**
 * Field names for table columns. The store keeps no field order, so text fields (usually the
 * title) come first, then numbers, flags and nested values.
 */
export function columnsOf(docs: AppDocument[], max: number): string[] {
  const seen = new Map<string, number>();
  for (const doc of docs.slice(0, 50)) {
    for (const [key, value] of Object.entries(doc)) {
      if (SYSTEM_FIELDS.has(key)) continue;
      const rank = value === null ? 4 : (RANK[typeof value] ?? 3);
      seen.set(key, Math.min(rank, seen.get(key) ?? rank));
    }
  }
  return [...seen]
    .sort((a, b) => a[1] - b[1])
    .slice(0, max)
    .map(([key]) => key);
}

export const pretty = (value: unknown) => JSON.stringify(value, null, 2);

export type Parsed = { data: Record<string, unknown>; error?: undefined } | { error: string };

/** A JSON object typed by a person, or what is wrong with it. */
export function parseDocument(text: string): Parsed {
  if (!text.trim()) return { error: 'Enter a JSON object, like { "name": "Ada" }.' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { error: `Not valid JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return { error: "A document is a JSON object: wrap the fields in { }." };
  }
  return { data: value as Record<string, unknown> };
}

/**
 * Updates merge into the stored fields, so a field taken out in the editor is sent as null:
 * otherwise it would silently stay.
 */
export function patchFor(before: Record<string, unknown>, after: Record<string, unknown>) {
  const patch: Record<string, unknown> = { ...after };
  for (const key of Object.keys(before)) if (!(key in after)) patch[key] = null;
  return patch;
}

/** A short, single-line rendering of a value for a table cell. */
export function cellText(value: unknown): string {
  if (value === undefined) return "";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

export function downloadJson(filename: string, value: unknown) {
  const url = URL.createObjectURL(new Blob([pretty(value)], { type: "application/json" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
