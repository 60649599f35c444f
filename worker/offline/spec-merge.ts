import { libraryEntity } from "./spec-domains";
import {
  cloneEntity,
  type DraftEntity,
  type DraftField,
  entityFromNoun,
  parseFieldList,
} from "./spec-draft";
import { inferType } from "./spec-fields";
import { isTitleLike, NOT_TITLES } from "./spec-finalize";
import { camelKey, lastWord, pluralize } from "./spec-text";

// Phrases that name the same field, so a user's word replaces the known one instead of doubling it.
const SAME = new Map([
  ["deadline", "due date"],
  ["due by", "due date"],
  ["full name", "name"],
  ["email address", "email"],
  ["contact email", "email"],
  ["phone number", "phone"],
  ["web site", "website"],
  ["comments", "notes"],
]);
const GENERIC_FIELDS = "name!, status, notes";

/**
 * Adds the fields a user named to an entity: the entity's title first (or the user's own title
 * word in its place), then the user's fields in their order, then the entity's other fields.
 * A named field the entity already knows keeps its known type and options.
 */
export function mergeFields(entity: DraftEntity, user: DraftField[]): void {
  if (user.length === 0) return;
  const canTitle = (f: DraftField) =>
    (f.type ?? inferType(f.phrase).type) === "text" && !NOT_TITLES.has(lastWord(f.phrase));
  const dropName = entity.generic && user.some(canTitle);
  entity.generic = false;
  const base = dropName ? entity.fields.slice(1) : entity.fields;
  const key = (f: DraftField) => camelKey(SAME.get(f.phrase) ?? f.phrase);
  const title = dropName ? undefined : base[0];
  const used = new Set<DraftField>();
  const merged: DraftField[] = [];
  const userTitle = user[0] && isTitleLike(user[0].phrase) ? user[0] : undefined;
  const replacesTitle = Boolean(userTitle && title && isTitleLike(title.phrase));
  if (title && !replacesTitle) {
    merged.push(title);
    used.add(title);
  }
  for (const u of user) {
    const known =
      base.find((b) => key(b) === key(u)) ?? (u === userTitle && replacesTitle ? title : undefined);
    const field: DraftField = known ? { ...known, phrase: u.phrase } : { ...u };
    if (known) used.add(known);
    if (u.required) field.required = true;
    if (u.options) Object.assign(field, { type: "status", options: u.options });
    if (u.type && !known) field.type = u.type;
    const twin = merged.findIndex((f) => key(f) === key(field));
    if (twin >= 0) merged[twin] = { ...merged[twin]!, ...field, phrase: merged[twin]!.phrase };
    else merged.push(field);
  }
  for (const b of base) if (!used.has(b) && !merged.some((f) => key(f) === key(b))) merged.push(b);
  entity.fields = merged;
}

export function names(entity: DraftEntity, noun: string): boolean {
  return (
    entity.noun === noun ||
    entity.plural === noun ||
    entity.aliases.includes(noun) ||
    pluralize(noun) === entity.plural ||
    [entity.noun, ...entity.aliases].some((n) => noun.endsWith(` ${n}`))
  );
}

/** An entity for a noun: the knowledge base's fields when it knows the noun, generic ones if not. */
export function fromLibrary(noun: string): DraftEntity {
  const known = libraryEntity(noun);
  if (known && known.noun === noun) return cloneEntity(known);
  if (known) return entityFromNoun(noun, cloneEntity(known).fields);
  return { ...entityFromNoun(noun, parseFieldList(GENERIC_FIELDS)), generic: true };
}

export const fallbackEntity = (): DraftEntity => ({
  ...entityFromNoun("item", parseFieldList("name!, notes, status")),
  generic: true,
});
