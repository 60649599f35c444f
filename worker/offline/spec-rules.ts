import type { Draft, DraftEntity } from "./spec-draft";
import { normalizePhrase } from "./spec-fields";
import { findEntity } from "./spec-lookup";

// Who may read and write a collection (collections.json `access`), in the words people use:
// "make the reports collection read-only for viewers", "hide the audit collection from viewers",
// "let agents write to tickets", "viewers can edit comments".

export type RuleWho = "viewers" | "agents";
export type ViewerAccess = "read" | "write" | "none";
export type AgentAccess = "read" | "write";

export interface DraftAccess {
  viewers?: ViewerAccess;
  agents?: AgentAccess;
}

/** One rule a follow-up set, for the plan and the closing message. */
export interface RuleChange {
  entity: DraftEntity;
  who: RuleWho;
  to: ViewerAccess;
}

const VIEWERS =
  "viewers?|users?|people|everyone|everybody|members|team members|the team|teams?|readers|colleagues|staff|employees|non-admins|the people (?:it is|it's|the app is) published to";
const AGENTS = "(?:the |our |any )?(?:ai )?(?:agents?|bots?|assistants?|automations?)";
const WHO = `(?:the\\s+)?(${VIEWERS}|${AGENTS})`;
const READ = "read|see|view|look at|open";
const WRITE = "write|edit|change|update|modify|add|create|delete|manage";
const VERB = `(${READ}|${WRITE})`;
const STATE =
  "(read[- ]?only|view[- ]?only|readable|writ(?:e)?able|editable|changeable|hidden|invisible|private|visible)";
const THING = "(?:the\\s+)?(.+?)";
/** Words after a collection's name that only say it is one: "the reports collection". */
const SUFFIX = /\s+(?:collection|table|list|records|entries|data|section|page|log)$/;

const PATTERNS: { re: RegExp; read: (m: RegExpMatchArray) => Parsed | null }[] = [
  {
    // make the reports collection read-only for viewers
    re: new RegExp(
      `^(?:make|set|mark|keep|turn)\\s+${THING}\\s+${STATE}\\s+(?:for|to|by)\\s+${WHO}$`,
    ),
    read: (m) => fromState(m[1]!, m[2]!, m[3]!),
  },
  {
    // the reports should be read-only for viewers
    re: new RegExp(
      `^${THING}\\s+(?:should|must|will|need to|needs to)\\s+be\\s+${STATE}\\s+(?:for|to|by)\\s+${WHO}$`,
    ),
    read: (m) => fromState(m[1]!, m[2]!, m[3]!),
  },
  {
    // hide the audit collection from viewers
    re: new RegExp(`^hide\\s+${THING}\\s+from\\s+${WHO}$`),
    read: (m) => fromState(m[1]!, "hidden", m[2]!),
  },
  {
    // show the audit collection to viewers
    re: new RegExp(`^(?:show|reveal)\\s+${THING}\\s+to\\s+${WHO}$`),
    read: (m) => fromState(m[1]!, "visible", m[2]!),
  },
  {
    // let agents write to tickets; allow viewers to edit comments
    re: new RegExp(
      `^(?:let|allow|permit)\\s+${WHO}\\s+(?:to\\s+)?(only\\s+)?${VERB}(?:\\s+(?:to|in|on|into))?\\s+${THING}$`,
    ),
    read: (m) => fromVerb(m[4]!, m[3]!, m[1]!),
  },
  {
    // viewers can edit comments; agents can only read tickets; viewers can read but not edit reports
    re: new RegExp(
      `^${WHO}\\s+(?:can|may|should be able to|are allowed to|should|must)\\s+(only\\s+)?${VERB}(?:\\s+but\\s+not\\s+(?:${WRITE}))?(?:\\s+(?:to|in|on|into))?\\s+${THING}$`,
    ),
    read: (m) => fromVerb(m[4]!, m[3]!, m[1]!),
  },
  {
    // viewers can't see salaries; agents shouldn't change tickets
    re: new RegExp(
      `^${WHO}\\s+(?:can'?t|cannot|can not|shouldn'?t|should not|must not|mustn'?t|may not|are not allowed to)\\s+${VERB}(?:\\s+(?:to|in|on|into))?\\s+${THING}$`,
    ),
    read: (m) => fromDenied(m[3]!, m[2]!, m[1]!),
  },
];

interface Parsed {
  thing: string;
  who: RuleWho;
  to: ViewerAccess;
}

const whoOf = (word: string): RuleWho =>
  new RegExp(`^${AGENTS}$`).test(word.trim()) ? "agents" : "viewers";
const isRead = (verb: string) => new RegExp(`^(?:${READ})$`).test(verb);

function fromState(thing: string, state: string, who: string): Parsed | null {
  const w = whoOf(who);
  if (/^(?:read|view)/.test(state)) return { thing, who: w, to: "read" };
  if (/^(?:hidden|invisible|private)$/.test(state)) return { thing, who: w, to: "none" };
  if (state === "visible") return { thing, who: w, to: "read" };
  return { thing, who: w, to: "write" };
}

/** "can read" or "can only read" is reading; any writing verb is writing. */
function fromVerb(thing: string, verb: string, who: string): Parsed | null {
  return { thing, who: whoOf(who), to: isRead(verb) ? "read" : "write" };
}

function fromDenied(thing: string, verb: string, who: string): Parsed | null {
  const w = whoOf(who);
  return { thing, who: w, to: isRead(verb) ? "none" : "read" };
}

/** Whether a clause reads as an access rule (before any collection is looked up). */
export const isRuleClause = (clause: string) => PATTERNS.some(({ re }) => re.test(clause));

/**
 * Applies a clause that sets who may read or write a collection; false when the clause says no
 * such thing. The rule lands on the entity (collections.json `access`) and in `draft.rules`.
 */
export function applyRuleClause(draft: Draft, clause: string): boolean {
  for (const { re, read } of PATTERNS) {
    const match = clause.match(re);
    if (!match) continue;
    const parsed = read(match);
    if (!parsed) continue;
    const phrase = normalizePhrase(parsed.thing.replace(/["'“”]/g, ""));
    const bare = phrase.replace(SUFFIX, "");
    const entity =
      draft.entities.find((e) => e.plural === phrase || e.noun === phrase) ??
      findEntity(draft, phrase) ??
      (bare !== phrase ? findEntity(draft, bare) : undefined);
    if (!entity) {
      draft.notes?.push(
        `There is no “${parsed.thing.trim()}” collection to set the rule of, so no rule changed.`,
      );
      return true;
    }
    if (parsed.who === "agents" && parsed.to === "none") {
      draft.notes?.push(
        `Agents can always read the collections they are given; to keep an agent out of ${entity.plural}, take it off that agent instead.`,
      );
      return true;
    }
    const access: DraftAccess = { ...entity.access };
    if (parsed.who === "agents") access.agents = parsed.to as AgentAccess;
    else access.viewers = parsed.to;
    entity.access = access;
    draft.rules = [
      ...(draft.rules ?? []).filter((r) => !(r.entity === entity && r.who === parsed.who)),
      { entity, who: parsed.who, to: parsed.to },
    ];
    return true;
  }
  return false;
}
