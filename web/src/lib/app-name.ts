// The name a new app gets from the prompt that starts it, before the builder has read it.

const LEAD =
  /^(please\s+)?((i|we)\s+(need|want)\s+|((build|create|make|write|design|give)(\s+(me|us))?\s+))?((an?|the|my|our)\s+)?(simple\s+|small\s+|little\s+|basic\s+)?/i;
const CALLED = /\b(?:called|named|titled)\s+["“'‘]?([A-Za-z0-9][^"”'’.,;:!?()\n]{0,60})/i;
// What follows the name rather than being part of it: "… tracker for our office", "… with tags".
const TAIL =
  /\s+(?:with|that|which|where|so|for|to|who|because|and then|including)\s+|\s+[-–—]\s+|\s*[,:;(]\s*/i;
const MAX_WORDS = 6;
// "an app to track my plants": what it is for names it ("Plant tracker").
const PURPOSE =
  /^(?:app|tool|system|place|way|site)\s+(?:to|for|that\s+helps\s+(?:me|us)\s+)\s*(track(?:ing)?|manag(?:e|ing)|log(?:ging)?|plan(?:ning)?|organi[sz](?:e|ing)|schedul(?:e|ing)|collect(?:ing)?|catalogu?(?:e|ing)?)\s+(?:(?:my|our|the|all|your)\s+)?([a-z][a-z-]*(?:\s+[a-z][a-z-]*)?)/i;
const DOER: Record<string, string> = {
  track: "tracker",
  manage: "manager",
  log: "log",
  plan: "planner",
  organi: "organiser",
  schedule: "scheduler",
  collect: "collection",
  catalog: "catalog",
  catalogue: "catalogue",
};

/** "tracking" → "tracker", "manage" → "manager": the verb's first letters pick it. */
const doer = (verb: string) =>
  Object.entries(DOER).find(([v]) => verb.toLowerCase().startsWith(v.slice(0, 4)))?.[1] ??
  "tracker";

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * A short app name: the name the prompt gives ("… called Pawprints"), else its first phrase
 * without "Build me a" and without what follows ("for our office", "with tags and owners").
 */
export function appNameFrom(prompt: string): string {
  const given = prompt.match(CALLED)?.[1]?.split(TAIL)[0]?.trim();
  if (given && !/^(app|tool|system)$/i.test(given)) return clip(given);
  const line = (prompt.trim().split(/\n|[.!?](\s|$)/)[0] ?? "").replace(LEAD, "");
  const purpose = line.match(PURPOSE);
  if (purpose) {
    const what = purpose[2]!.split(
      /\s+(?:and|or|with|when|that|in|on|at|from|by|of|for|to|per)\b/i,
    )[0]!;
    return clip(`${singular(what)} ${doer(purpose[1]!)}`);
  }
  const phrase = line.split(TAIL)[0]?.trim() ?? "";
  // One word ("Tracker for bugs") says too little: keep the line then.
  const name = phrase.split(/\s+/).length >= 2 ? phrase : line.trim();
  return name.length >= 2 ? clip(name) : "New app";
}

/** "plants" → "plant" (the last word): "glasses" → "glass", "activities" → "activity"; "bus" stays. */
function singular(words: string) {
  return words.replace(/[a-z-]+$/i, (w) => {
    if (w.length <= 3 || /(ss|us|is)$/i.test(w)) return w;
    if (/ies$/i.test(w)) return `${w.slice(0, -3)}y`;
    if (/(ss|sh|ch|x)es$/i.test(w)) return w.slice(0, -2);
    return w.replace(/s$/i, "");
  });
}

function clip(name: string) {
  return capital(name.split(/\s+/).slice(0, MAX_WORDS).join(" ").slice(0, 60).trim());
}
