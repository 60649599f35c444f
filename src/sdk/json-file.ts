import type { z } from "zod";

export type ParsedFile<T> = { ok: true; file: T } | { ok: false; problems: string[] };

/** A JSON file's text checked against its schema, or its first problems as "path: problem" lines a person can act on. */
export function parseJsonFile<S extends z.ZodType>(
  schema: S,
  text: string,
): ParsedFile<z.infer<S>> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, problems: [`not valid JSON (${(err as Error).message})`] };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, file: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues
      .slice(0, 10)
      .map((i) => `${i.path.length ? i.path.join(".") : "(file)"}: ${i.message}`),
  };
}
