import type { DraftAgent } from "./spec-draft";

// Agents are added only when the prompt asks for software that acts on its own. "Support agents"
// and "an assigned agent" are people, so the words around "agent" decide.

const AGENT_WORD =
  /\b(ai|llm|gpt|claude|agents?|assistants?|bots?|chatbots?|copilots?|helpers?|automations?|automate[sd]?|automatically)\b/g;
const HUMAN_BEFORE = new Set(
  "support sales human travel estate assigned service insurance field customer our their live call center executive booking leasing talent ticket real".split(
    " ",
  ),
);
const HUMAN_AFTER = new Set("name names email emails field column phone team teams who".split(" "));
const SOFTWARE_BEFORE = new Set("ai smart llm gpt automated virtual digital".split(" "));
const ACTING_AFTER = new Set(
  "that which to for can will should could would named called in".split(" "),
);

/** Where the prompt asks for an agent: the index of each asking word in `text` (lower case). */
export function agentMentions(text: string): number[] {
  const found: number[] = [];
  for (const match of text.matchAll(AGENT_WORD)) {
    const word = match[1]!;
    const index = match.index ?? 0;
    const before = text.slice(0, index).trim().split(/\s+/).at(-1) ?? "";
    const after =
      text
        .slice(index + word.length)
        .trim()
        .split(/\s+/)[0] ?? "";
    if (/^(ai|llm|gpt|claude|automat)/.test(word)) {
      found.push(index);
      continue;
    }
    if (HUMAN_BEFORE.has(before) || HUMAN_AFTER.has(after)) continue;
    const software = SOFTWARE_BEFORE.has(before);
    const acting = ACTING_AFTER.has(after.replace(/[^a-z]/g, ""));
    if (/^(helper|bot)/.test(word) && !software && !acting) continue;
    if (software || acting || /^(an?|the|one|some|with|add|plus|and|also|two|three)$/.test(before))
      found.push(index);
  }
  return found;
}

interface Kind {
  kind: string;
  verbs: RegExp;
}

// Tried in order; the first whose verb appears in the request wins.
const KINDS: Kind[] = [
  {
    kind: "triage",
    verbs: /triag|classif|categori[sz]|prioriti[sz]|rout(e|ing)|assign|sort|tag|label/,
  },
  { kind: "reply", verbs: /repl(y|ies)|respond|response|answer|email/ },
  { kind: "summary", verbs: /summar|digest|report|recap|brief/ },
  { kind: "screening", verbs: /screen|score|qualif|rank|evaluat|review|rate|grade/ },
  { kind: "followup", verbs: /follow.?up|remind|nudge|chase|overdue|notif|alert|escalat/ },
  { kind: "restock", verbs: /reorder|restock|low stock|running low/ },
  { kind: "research", verbs: /enrich|research|looks?.?up|find (info|details)/ },
  { kind: "cleanup", verbs: /dedup|duplicate|clean|tidy|merge/ },
  { kind: "scheduling", verbs: /schedul|book|plan|calendar/ },
  { kind: "intake", verbs: /extract|pars|import|intake|capture|fill/ },
  // Writing says only that text comes out: what it writes (a summary, a reminder) says more.
  { kind: "reply", verbs: /draft|compose|write/ },
];

/** The kind of work a request describes ("assistant" when no verb says). */
export function agentKind(request: string): string {
  return KINDS.find((k) => k.verbs.test(request))?.kind ?? "assistant";
}

/** The agents `text` asks for, each with the words of its request (to find its entities). */
export function detectAgents(text: string): DraftAgent[] {
  const lower = text.toLowerCase();
  const agents: DraftAgent[] = [];
  for (const index of agentMentions(lower)) {
    const clause = lower
      .slice(index)
      .split(/[.!?;\n]/)[0]!
      .slice(0, 200);
    for (const request of clause.split(/\b(?:and|plus|with) (?:another|a second|one more)\b/)) {
      const kind = agentKind(request);
      if (!agents.some((a) => a.kind === kind)) agents.push({ kind, request });
    }
  }
  const specific = agents.filter((a) => a.kind !== "assistant");
  return specific.length > 0 ? specific : agents.slice(0, 1);
}
