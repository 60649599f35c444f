import { cadenceOf, triggersFor } from "./spec-agent-triggers";
import type { DraftAgent, DraftEntity } from "./spec-draft";
import { joinAnd } from "./spec-text";
import type { AgentSpec, EntitySpec, FieldSpec } from "./spec-types";

interface Template {
  name: string;
  description: (e: Words) => string;
  instructions: (e: Words) => string;
}

/** The words an agent's text is written from, read off its main entity. */
interface Words {
  one: string;
  many: string;
  title: string;
  body: string;
  statuses: string;
  when: string;
  quantity: string;
  /** How often a scheduled agent runs ("every day"), or the template's own cadence if null. */
  every: string | null;
}

const TEMPLATES: Record<string, Template> = {
  triage: {
    name: "Triage assistant",
    description: (w) =>
      `Sorts each new ${w.one} by ${w.statuses} so the team sees what needs attention first.`,
    instructions: (w) =>
      `When a ${w.one} is created, read its ${w.title}${w.body}. Set ${w.statuses} from what it says, keep any value a person already chose, and add a one-line note explaining your choice. Never delete records.`,
  },
  reply: {
    name: "Reply drafter",
    description: (w) => `Drafts a reply to each ${w.one} for a person to review and send.`,
    instructions: (w) =>
      `For each ${w.one} that is waiting on the team, read its ${w.title}${w.body} and write a short, friendly reply as a note on the record. Never send anything yourself: a person reviews every draft.`,
  },
  summary: {
    name: "Summary writer",
    description: (w) =>
      w.every
        ? `Writes a short summary of the ${w.many} and what changed, ${w.every}.`
        : `Writes a short daily summary of the ${w.many} and what changed.`,
    instructions: (w) =>
      `${w.every ? sentence(w.every) : "Once a day"}, read the ${w.many} created or changed since the last run and write a summary: how many there are by ${w.statuses}, which need attention and which are overdue by ${w.when}. Do not change records.`,
  },
  screening: {
    name: "Screening assistant",
    description: (w) => `Reviews each new ${w.one} and suggests how promising it is.`,
    instructions: (w) =>
      `For each new ${w.one}, read its ${w.title}${w.body}, suggest ${w.statuses} and add a short reason. Flag borderline cases for a person instead of rejecting them.`,
  },
  followup: {
    name: "Follow-up reminder",
    description: (w) =>
      `Finds ${w.many} that are overdue or stuck and reminds the people who own them.`,
    instructions: (w) =>
      `${sentence(w.every ?? "every morning")}, list the ${w.many} whose ${w.when} has passed or whose ${w.statuses} has not changed for a week, each with a suggested next step. Do not change the records yourself.`,
  },
  restock: {
    name: "Restock watcher",
    description: (w) => `Flags ${w.many} that are running low and need reordering.`,
    instructions: (w) =>
      `${w.every ? sentence(w.every) : "Each day"}, compare every ${w.one}'s ${w.quantity} with its reorder point and list the ones at or below it with a suggested order quantity. Do not place orders.`,
  },
  research: {
    name: "Research assistant",
    description: (w) => `Fills in missing details on ${w.many} for the team to confirm.`,
    instructions: (w) =>
      `For each ${w.one} with empty fields, suggest values from its ${w.title}${w.body} and related records, and mark each suggestion for a person to confirm.`,
  },
  cleanup: {
    name: "Data cleaner",
    description: (w) => `Finds duplicate or incomplete ${w.many} and proposes fixes.`,
    instructions: (w) =>
      `Look for ${w.many} with the same ${w.title} and for required fields left empty; propose merges and fixes as notes for a person to approve. Never delete records.`,
  },
  scheduling: {
    name: "Scheduling assistant",
    description: (w) => `Checks the dates of ${w.many} and flags clashes.`,
    instructions: (w) =>
      `When a ${w.one} is created or moved, compare its ${w.when} with the other ${w.many} and flag overlaps and dates in the past, suggesting a free alternative.`,
  },
  intake: {
    name: "Intake assistant",
    description: (w) => `Turns pasted messages into complete ${w.many}.`,
    instructions: (w) =>
      `When someone pastes a message, create a ${w.one} from it: fill its ${w.title}${w.body} and ${w.statuses}, and leave anything you are unsure of empty.`,
  },
  assistant: {
    name: "Assistant",
    description: (w) => `Answers questions about the ${w.many} and updates them on request.`,
    instructions: (w) =>
      `Help the team with their ${w.many}: answer questions from the records, create or update a ${w.one} when asked, and say exactly what you changed.`,
  },
};

/** The agents of the spec, each tied to the entities its request names (the main one if none). */
export function agentSpecs(
  agents: DraftAgent[],
  entities: EntitySpec[],
  drafts: DraftEntity[],
): AgentSpec[] {
  const out: AgentSpec[] = [];
  for (const agent of agents) {
    const template = TEMPLATES[agent.kind] ?? TEMPLATES.assistant!;
    const named = entities.filter((_, i) => mentions(agent.request, drafts[i]!));
    const collections = (named.length > 0 ? named : [fallbackFor(agent.kind, entities)]).map(
      (e) => e.key,
    );
    const main = entities.find((e) => e.key === collections[0])!;
    const w = wordsFor(main, cadenceOf(agent.request)?.every ?? null);
    const name = agent.kind === "assistant" ? `${main.singular} assistant` : template.name;
    let id = kebab(name);
    while (out.some((a) => a.id === id)) id = `${id}-2`;
    out.push({
      id,
      name,
      description: template.description(w),
      instructions: template.instructions(w),
      collections,
      triggers: triggersFor(agent.request, main.key),
    });
  }
  return out;
}

/** With no entity named, the one the kind of work suits: replies go to records with an email. */
function fallbackFor(kind: string, entities: EntitySpec[]): EntitySpec {
  const wants: Record<string, (f: FieldSpec) => boolean> = {
    reply: (f) => f.type === "email",
    followup: (f) => f.type === "email" || f.type === "date",
    restock: (f) => f.type === "number" && f.format === "integer",
    scheduling: (f) => f.type === "date",
  };
  const test = wants[kind];
  return (test && entities.find((e) => e.fields.some(test))) ?? entities[0]!;
}

function mentions(request: string, entity: DraftEntity): boolean {
  // The request starts with the word that asked for the agent; it names no entity.
  const asked = request.replace(
    /^(?:\W*(?:ai|llm|gpt|smart|agents?|assistants?|bots?|helpers?|copilots?)\b)+/,
    "",
  );
  const padded = ` ${asked.replace(/[^a-z0-9]+/g, " ")} `;
  return [entity.noun, entity.plural, ...entity.aliases].some((n) => padded.includes(` ${n} `));
}

function wordsFor(e: EntitySpec, every: string | null): Words {
  const label = (f: FieldSpec) => f.label.toLowerCase();
  const title = e.fields[0]!;
  const body = e.fields.find((f) => f.type === "longtext");
  const statuses = e.fields.filter((f) => f.type === "status").slice(0, 2);
  const when = e.fields.find((f) => f.type === "date");
  const quantity = e.fields.find((f) => f.type === "number" && f.format === "integer");
  return {
    one: e.singular.toLowerCase(),
    many: e.plural.toLowerCase(),
    title: label(title),
    body: body ? ` and ${label(body)}` : "",
    statuses: statuses.length > 0 ? joinAnd(statuses.map(label)) : "its details",
    when: when ? label(when) : "last update",
    quantity: quantity ? label(quantity) : "quantity",
    every,
  };
}

const kebab = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "") || "assistant";

const sentence = (words: string) => `${words[0]!.toUpperCase()}${words.slice(1)}`;
