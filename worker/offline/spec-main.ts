import { containerPhrase } from "./spec-container";
import { type Domain, libraryEntity } from "./spec-domains";
import { cloneEntity, type DraftEntity, entityFromNoun, parseFieldList } from "./spec-draft";
import { nounPhrase } from "./spec-extract";
import { fromLibrary, names } from "./spec-merge";
import { lastWord, pluralize, singularize, words } from "./spec-text";

/** What "a lead tracker" makes of the app: its name and, unless the domain says it better, its
 * main entity. */
export interface ContainerMain {
  name: string;
  entity?: DraftEntity;
  /** Which of the matched domain's other entities join: all, only those the prompt names, or none. */
  rest: "all" | "named" | "none";
}

const DATED = new Set("log logbook register inbox".split(" "));

export function containerMain(prompt: string, domain?: Domain): ContainerMain | undefined {
  const found = containerPhrase(prompt);
  if (!found) return undefined;
  // "customer feedback" reads as a long-text field, yet its last word is a known record.
  const last = singularize(lastWord(found.phrase));
  const noun = nounPhrase(found.phrase, true) ?? (libraryEntity(last) ? last : undefined);
  if (!noun) return undefined;
  const name = found.name;
  const head = lastWord(noun);
  const own = domain?.entities.find((e) => names(e, noun) || names(e, head));
  if (own) return { name, entity: cloneEntity(own), rest: "all" };
  const known = [noun, head].find((n) => libraryEntity(n));
  if (known) {
    const inDomain = domain?.extras.some((e) => names(e, known)) ?? false;
    return { name, entity: fromLibrary(known), rest: inDomain ? "named" : "none" };
  }
  const keywords = new Set(domain?.keywords ?? []);
  if ([noun, head, pluralize(noun), found.phrase].some((w) => keywords.has(w)))
    return { name, rest: "all" };
  return { name, entity: unknownEntity(noun, found.kind), rest: "none" };
}

/** "plant watering" keeps plants and when they were watered; other nouns get generic fields. */
function unknownEntity(noun: string, kind: string): DraftEntity {
  const all = words(noun);
  const act = all.at(-1) ?? "";
  if (all.length > 1 && /[a-z]{3}ing$/.test(act)) {
    const subject = all.slice(0, -1).join(" ");
    const fields = `name!, last ${act} date, ${act} frequency, status, notes`;
    return entityFromNoun(subject, parseFieldList(fields));
  }
  const entity = fromLibrary(noun);
  if (DATED.has(kind)) entity.fields.splice(1, 0, { phrase: "date" });
  return entity;
}
