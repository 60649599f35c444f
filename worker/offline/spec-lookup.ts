import type { Draft, DraftEntity, DraftField } from "./spec-draft";
import { splitList } from "./spec-extract";
import { inferType, normalizePhrase } from "./spec-fields";
import { names } from "./spec-merge";
import { camelKey, nearlyEquals, pluralize, singularize } from "./spec-text";

// How a follow-up's words find the entity and the fields it means.

/** "add a priority to each one": the main entity, when what is added is plainly a field. */
export function fieldTarget(draft: Draft, list: string): DraftEntity | undefined {
  const items = splitList(list);
  const fieldy = (item: string) =>
    /\b(field|column|property|attribute)s?\b/.test(item) ||
    inferType(singularize(normalizePhrase(item))).type !== "text";
  return items.length > 0 && items.every(fieldy) ? draft.entities[0] : undefined;
}

// "each piece of feedback", "all the lead records": the words around the noun that name records.
const RECORD_WORDS =
  /^(?:(?:each|every|all|any|one|single|piece|pieces|bit|bits|kind|kinds|type|types|of|the|our|my|new)\s+)+/;

/** The entity a phrase names: exactly, by alias, or with a typo when `fuzzy`. */
export function findEntity(draft: Draft, phrase: string, fuzzy = true): DraftEntity | undefined {
  const cleaned = normalizePhrase(phrase)
    .replace(/\b(entity|table|collection|section|page|tab|records?|list)\b/g, "")
    .replace(/\s+/g, " ")
    .trim()
    .replace(RECORD_WORDS, "")
    .replace(/(\S)\s+(?:entries|entry|items|item|rows?)$/, "$1");
  const noun = singularize(cleaned);
  if (noun === "") return undefined;
  const exact = draft.entities.find(
    (e) => names(e, noun) || names(e, cleaned) || e.noun.endsWith(` ${noun}`),
  );
  if (exact || !fuzzy) return exact;
  return draft.entities.find((e) => nearlyEquals(noun, e.noun) || nearlyEquals(cleaned, e.plural));
}

/**
 * Fields a phrase names, in `scope` or else in every entity (`everywhere`) or the first entity
 * that has one: exact matches first, then partial ones ("budget" → "budget hours").
 */
export function findField(
  draft: Draft,
  phrase: string,
  scope?: DraftEntity,
  everywhere = false,
): DraftField[] | undefined {
  const p = normalizePhrase(phrase);
  if (p === "") return undefined;
  const keys = new Set([camelKey(p), camelKey(singularize(p)), camelKey(pluralize(p))]);
  const tests = [
    (f: DraftField) => keys.has(camelKey(f.phrase)),
    (f: DraftField) => f.phrase.startsWith(`${p} `) || f.phrase.endsWith(` ${p}`),
  ];
  for (const test of tests) {
    const perEntity = (scope ? [scope] : draft.entities).map((e) => e.fields.filter(test));
    const hits = everywhere ? perEntity.flat() : (perEntity.find((h) => h.length > 0) ?? []);
    if (hits.length > 0) return hits;
  }
  return undefined;
}
