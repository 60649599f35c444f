import type { AgentTrigger } from "../../src/sdk/agents";

// When an agent runs follows the words that asked for it: "each new ticket" runs it on every
// inserted record, "every monday" on a schedule (UTC). The manual trigger always stays, so a
// person can still start it with the ▶ button.

/** How often a scheduled agent runs, in words its text can use. */
export interface Cadence {
  cron: string;
  /** "every day", "every Monday": for the middle of a sentence. */
  every: string;
}

const DAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

/** The schedule the request implies, or null when it names no cadence. */
export function cadenceOf(request: string): Cadence | null {
  const text = request.toLowerCase();
  if (/\b(hourly|every hour|each hour)\b/.test(text))
    return { cron: "0 * * * *", every: "every hour" };
  const day = text.match(
    /\b(?:every|each|on)\s+(monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\b/,
  );
  if (day) {
    const name = day[1]!;
    return {
      cron: `0 9 * * ${DAYS.indexOf(name)}`,
      every: `every ${name[0]!.toUpperCase()}${name.slice(1)}`,
    };
  }
  if (/\b(every|each) morning\b/.test(text)) return { cron: "0 8 * * *", every: "every morning" };
  if (/\b(weekly|every week|each week|once a week)\b/.test(text))
    return { cron: "0 9 * * 1", every: "every week" };
  if (/\b(daily|every day|each day|once a day|every night|nightly)\b/.test(text))
    return { cron: "0 9 * * *", every: "every day" };
  return null;
}

/**
 * The record event the request implies: new records, changed records, or none. With a schedule
 * (`scheduled`), "summarises new tickets weekly" names what the weekly run reads, so only "when…",
 * "each new…" or "as they come in" make it run per record too.
 */
export function recordEventOf(request: string, scheduled = false): "inserted" | "updated" | null {
  const text = request.toLowerCase();
  if (scheduled) {
    const each =
      /\b(?:when(?:ever)?|each|every|any|on|for each|as soon as)\s+(?:an?\s+|the\s+)?new\b|\b(?:when(?:ever)?|as soon as|once)\b[^.;]*\b(?:is|are|gets?) (?:created|added|submitted|received|filed|logged|opened)\b|\bas (?:they|it) (?:comes?|arrives?)\b/;
    if (each.test(text)) return "inserted";
    if (
      /\bwhen(?:ever)?\b[^.;]*\b(?:changes?|changed|(?:is|are|gets?) (?:updated|edited|modified))\b/.test(
        text,
      )
    )
      return "updated";
    return null;
  }
  if (
    /\b(each|every|any|all|the|incoming)?\s*new\b|\b(?:is|are|gets?|get) (?:created|added|submitted|received|filed|logged|opened)\b|\bcomes? in\b|\barrives?\b/.test(
      text,
    )
  )
    return "inserted";
  if (/\b(?:changes?|changed|(?:is|are|gets?) (?:updated|edited|modified))\b/.test(text))
    return "updated";
  return null;
}

/** The triggers of an agent asked for by `request`, working on `collection`: manual first. */
export function triggersFor(request: string, collection: string): AgentTrigger[] {
  const triggers: AgentTrigger[] = [{ type: "manual" }];
  const cadence = cadenceOf(request);
  // "sorts new tickets and reports every day": each part of the request keeps its own timing.
  const on = cadence
    ? (request
        .split(/[,;]|\band\b|\bthen\b/)
        .map((part) => recordEventOf(part, cadenceOf(part) !== null))
        .find(Boolean) ?? null)
    : recordEventOf(request);
  if (on) triggers.push({ type: "document", collection, on });
  if (cadence) triggers.push({ type: "schedule", cron: cadence.cron });
  return triggers;
}
