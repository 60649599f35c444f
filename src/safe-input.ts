import { z } from "zod";

/**
 * What PostgreSQL can store: text and jsonb reject the NUL character, and UTF-8 has no encoding
 * for an unpaired UTF-16 surrogate. Checked at the zod boundary so bad input is a 400, not a 500.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const TEXT_MESSAGE = "Text cannot contain NUL characters or unpaired surrogates.";
/** Deeper than any limit a JSON field has; walking further could exhaust the stack. */
const MAX_DEPTH = 64;

export const isStorableText = (s: string) => !s.includes("\u0000") && !LONE_SURROGATE.test(s);

/** A string the database can store. Chain the usual checks after it: `text().trim().max(80)`. */
export const text = () => z.string().refine(isStorableText, TEXT_MESSAGE);

/** The first reason a JSON value cannot be stored, or null: keys, strings, numbers and depth. */
export function jsonProblem(value: unknown, depth = 0): string | null {
  if (typeof value === "string") return isStorableText(value) ? null : TEXT_MESSAGE;
  if (typeof value === "number") return Number.isFinite(value) ? null : "Numbers must be finite.";
  if (value === null || typeof value !== "object") return null;
  if (depth >= MAX_DEPTH) return `JSON is nested more than ${MAX_DEPTH} levels deep.`;
  for (const [k, v] of Object.entries(value)) {
    if (!isStorableText(k)) return `Field names: ${TEXT_MESSAGE}`;
    const problem = jsonProblem(v, depth + 1);
    if (problem) return problem;
  }
  return null;
}

/** A JSON object whose every key and value the database can store. */
export const storableJson = <T extends z.ZodType>(schema: T) =>
  schema.superRefine((value, ctx) => {
    const problem = jsonProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/** An ISO date-time that is a real calendar date from year 1 to 9999 (in UTC, as it is sent on). */
export const isoDateTime = () =>
  z.iso.datetime({ offset: true }).refine((s) => {
    const year = new Date(s).getUTCFullYear();
    return year >= 1 && year <= 9999;
  }, "Dates must be real calendar dates between the years 1 and 9999.");

/** PostgreSQL's integer column range. */
export const INT4_MAX = 2_147_483_647;
