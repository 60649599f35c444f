import { agentKind, detectAgents } from "./spec-agents";
import { applyBehaviours, withoutBehaviourWords } from "./spec-behaviours";
import { containerPhrase } from "./spec-container";
import { matchDomain } from "./spec-domain-match";
import { libraryEntity } from "./spec-domains";
import type { DraftField } from "./spec-draft";
import { cloneEntity, type Draft, type DraftEntity } from "./spec-draft";
import { extract, type Mention } from "./spec-extract";
import { finalize, MAX_ENTITIES, NOT_TITLES } from "./spec-finalize";
import { applyFollowUp, clausesOf, sentencesOf } from "./spec-followup";
import { type Description, describePrompt } from "./spec-grammar";
import { containerMain } from "./spec-main";
import { fallbackEntity, fromLibrary, mergeFields, names } from "./spec-merge";
import { applyRuleClause, isRuleClause } from "./spec-rules";
import { detectServices } from "./spec-services";
import { pluralize } from "./spec-text";
import type { AppSpec } from "./spec-types";
import { chooseViews } from "./spec-views";

export { describeSpec, planFor, rulesStep } from "./spec-plan";
export { validateSpec } from "./spec-validate";

// Entities worth creating when the user names one as a field: "each task has a project".
const PROMOTABLE = new Set(
  "project company customer client contact vendor supplier team event property vehicle candidate job patient student course member employee".split(
    " ",
  ),
);

/**
 * What the offline builder makes of a conversation: `requests[0]` is the original prompt, later
 * entries are follow-ups applied in order. Pure and deterministic; never throws on odd input.
 */
export function deriveSpec(requests: string[]): AppSpec {
  const [asked = "", ...followUps] = requests;
  // "Viewers can only read reports.": a sentence of access rules is set once the entities exist,
  // and never read as data ("viewers" is no record).
  const { prompt: said, rules } = ruleSentences(asked);
  // "Highlight products below their reorder level.": a behaviour, read once the fields exist
  // (applyBehaviours); its words name no record or field of their own.
  const prompt = withoutBehaviourWords(said) || said;
  // A prompt that describes its data gets exactly that; one that only names a kind of app gets
  // the knowledge base's entities for it.
  const described = describePrompt(prompt);
  const draft = described ? draftFromDescription(prompt, described) : draftFromPrompt(prompt);
  // An agent asked for in a behaviour's sentence ("flag overdue invoices with an agent") counts.
  if (prompt !== said && draft.agents.length === 0) draft.agents = detectAgents(said);
  if (draft.entities.length === 0) draft.entities.push(fallbackEntity());
  // "Show the tasks on a board": a view asked for in a behaviour's sentence counts too.
  chooseViews(draft, said);
  if (rules.length > 0) draft.notes = [];
  for (const clause of rules) applyRuleClause(draft, clause);
  for (const followUp of followUps) {
    // Only the latest follow-up's changes move stored records; earlier ones already have.
    draft.changes = [];
    draft.notes = [];
    draft.rules = [];
    // "Also highlight overdue tasks": a behaviour, applied with the others once the fields exist.
    const asked = withoutBehaviourWords(followUp, true);
    const before = new Set(draft.entities);
    if (asked.trim() !== "") applyFollowUp(draft, asked);
    // Records a follow-up adds get the view their words and data ask for, like the prompt's.
    const fresh = draft.entities.filter((e) => !before.has(e));
    if (fresh.length > 0) chooseViews({ ...draft, entities: fresh }, asked);
  }
  const services = detectServices(requests.join("\n"));
  // Naming a service to look things up in or post to asks for something that acts: an agent.
  if (services.length > 0 && draft.agents.length === 0) {
    const request = prompt.toLowerCase();
    draft.agents.push({ kind: agentKind(request), request });
  }
  const spec = applyBehaviours(
    finalize(draft, acronymsIn(requests.join(" "))),
    requests.join("\n"),
  );
  return services.length > 0 ? { ...spec, services } : spec;
}

function ruleSentences(text: string): { prompt: string; rules: string[] } {
  const kept: string[] = [];
  const rules: string[] = [];
  for (const sentence of sentencesOf(text)) {
    const clauses = clausesOf(sentence).filter((c) => c !== "");
    if (clauses.length > 0 && clauses.every(isRuleClause)) rules.push(...clauses);
    else kept.push(sentence);
  }
  return rules.length > 0 ? { prompt: kept.join(" "), rules } : { prompt: text, rules };
}

function draftFromPrompt(prompt: string): Draft {
  const matched = matchDomain(prompt);
  const main = containerMain(prompt, matched);
  const domain = main?.rest === "none" ? undefined : matched;
  const { mentions, looseFields } = extract(prompt);
  const entities: DraftEntity[] = main?.entity ? [main.entity] : [];
  if (domain) {
    const own = domain.entities.map(cloneEntity).filter((e) => e.noun !== main?.entity?.noun);
    const named = new Set(mentions.flatMap((m) => own.filter((e) => names(e, m.noun))));
    const first = main?.entity ?? own[0];
    const any = named.size > 0 || mentions.some((m) => first && names(first, m.noun));
    const all = main?.rest !== "named" && !any;
    entities.push(...(all ? own : own.filter((e, i) => (i === 0 && !main) || named.has(e))));
  }
  for (const m of mentions) {
    if (!entities.some((e) => names(e, m.noun))) entities.push(fromLibrary(m.noun));
  }
  if (entities.length === 0 && looseFields.length > 0) entities.push(fallbackEntity());
  for (const m of mentions) applyMention(entities, m);
  if (looseFields.length > 0 && entities[0]) mergeFields(entities[0], looseFields);
  promoteFields(entities, mentions);
  return {
    name: appName(prompt) ?? main?.name,
    domainName: domain?.name,
    entities: entities.slice(0, MAX_ENTITIES),
    agents: detectAgents(prompt),
  };
}

function draftFromDescription(prompt: string, described: Description): Draft {
  const entities: DraftEntity[] = described.entities.map((e) => {
    const fields = e.fields.map((f) => ({ ...f }));
    for (const parent of e.parents) {
      const named = fields.find((f) => f.phrase === parent);
      if (named) {
        named.relation = parent;
        delete named.type;
      } else fields.push({ phrase: parent, relation: parent });
    }
    return {
      noun: e.noun,
      plural: pluralize(e.noun),
      aliases: [],
      fields: withTitle(e.noun, fields),
    };
  });
  return {
    name: appName(prompt) ?? containerPhrase(prompt)?.name ?? domainName(prompt, entities),
    entities: entities.slice(0, MAX_ENTITIES),
    agents: detectAgents(prompt),
    unplaced: described.unplaced,
  };
}

/** "Support desk" for a prompt about support tickets: a known kind of app whose main record it is. */
function domainName(prompt: string, entities: DraftEntity[]): string | undefined {
  const domain = matchDomain(prompt);
  const main = domain?.entities[0];
  const first = entities[0];
  if (!main || !first) return undefined;
  const head = first.noun.split(" ").at(-1) ?? "";
  return names(main, first.noun) || names(main, head) ? domain.name : undefined;
}

/**
 * A record needs a title. When the prompt names none, the one the knowledge base gives such
 * records ("subject" for a ticket) is the obviously implied field; otherwise finalize adds "name".
 */
function withTitle(noun: string, fields: DraftField[]): DraftField[] {
  const titled = fields.some(
    (f) => !f.type && !f.relation && !NOT_TITLES.has(f.phrase.split(" ").at(-1) ?? ""),
  );
  if (titled) return fields;
  const known = libraryEntity(noun) ?? libraryEntity(noun.split(" ").at(-1) ?? "");
  const title = known?.fields[0];
  if (!title || title.type || title.relation || fields.some((f) => f.phrase === title.phrase))
    return fields;
  return [{ phrase: title.phrase }, ...fields];
}

function applyMention(entities: DraftEntity[], m: Mention): void {
  const entity = entities.find((e) => names(e, m.noun));
  if (!entity) return;
  mergeFields(entity, m.fields);
  for (const parent of m.belongsTo) {
    const target = entities.find((e) => names(e, parent));
    if (
      !target ||
      entity.fields.some((f) => f.relation === target.noun || f.phrase === target.noun)
    )
      continue;
    entity.fields.splice(1, 0, { phrase: target.noun, relation: target.noun });
  }
}

function promoteFields(entities: DraftEntity[], mentions: Mention[]): void {
  for (const m of mentions) {
    for (const field of m.fields) {
      if (entities.length >= MAX_ENTITIES) return;
      if (!PROMOTABLE.has(field.phrase) || entities.some((e) => names(e, field.phrase))) continue;
      entities.push(fromLibrary(field.phrase));
    }
  }
}

/** "an app called Acme Desk that…" → "Acme Desk". */
function appName(prompt: string): string | undefined {
  const match = prompt.match(
    /\b(?:called|named|name it|titled)\s+["“'‘]?([A-Za-z0-9][^"”'’.,;:!?\n]{0,60})/i,
  );
  if (!match) return undefined;
  const cut = match[1]!.split(/\s+(?:that|which|to|for|with|where|so|and|who|because)\b/i)[0]!;
  const name = cut.trim().split(/\s+/).slice(0, 4).join(" ");
  if (name === "") return undefined;
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function acronymsIn(text: string): Set<string> {
  const found = text.match(/\b[A-Z][A-Z0-9]{1,5}\b/g) ?? [];
  // A prompt typed in capitals says nothing about acronyms.
  if (found.length * 3 > (text.match(/\b[A-Za-z]+\b/g) ?? []).length) return new Set();
  return new Set(found.filter((w) => w !== "I" && w !== "A").map((w) => w.toLowerCase()));
}
