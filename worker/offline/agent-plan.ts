import type { CollectionBrief } from "../runs/agent-prompt";
import { PLATFORM_TOOLS, type Reading, readBack, str } from "./agent-decide";
import {
  chooseOption,
  composeNote,
  describeFacts,
  type Facts,
  isDone,
  isNoteField,
  parsePasted,
} from "./agent-words";

export type Doc = Record<string, unknown> & { _id: string };
type Field = CollectionBrief["fields"][number];

/** What the instructions ask of the agent, read from their words. */
export function intentOf(instructions: string) {
  const p = instructions.toLowerCase();
  return {
    readOnly:
      /(do not|don't|never) (change|modify|edit|update) (the )?(records|data)|do not place/.test(p),
    keepChoices: /keep any value|never overwrite|(do not|don't) overwrite/.test(p),
    intake: /paste|create an? [\w ]{0,20}from/.test(p),
    duplicates: /duplicate|same (name|title)|merge/.test(p),
    clashes: /overlap|clash|conflict/.test(p),
    missing: /empty fields|missing|enrich|fill in/.test(p),
  };
}

const mentions = (instructions: string, f: Field) => {
  const p = instructions.toLowerCase();
  return [f.name, f.label ?? "", f.name.replace(/([a-z])([A-Z])/g, "$1 $2")]
    .map((w) => w.toLowerCase().replaceAll("_", " "))
    .filter((w) => w.length > 2)
    .some((w) => new RegExp(`\\b${w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`).test(p));
};

const titleOf = (brief: CollectionBrief) => brief.display ?? brief.fields[0]?.name ?? "_id";

/** A select still at its default (empty, or the first option a new record starts with) is open. */
const unset = (f: Field, v: unknown) => !str(v) || v === f.options?.[0];

/** The patch for one document: the selects the instructions name, and a note explaining them. */
function patchFor(r: Reading, brief: CollectionBrief, doc: Doc, facts: Facts, extra: string[]) {
  const intent = intentOf(r.instructions);
  const selects = brief.fields.filter(
    (f) => f.type === "select" && f.name !== titleOf(brief) && mentions(r.instructions, f),
  );
  const patch: Record<string, unknown> = {};
  const choices: string[] = [];
  for (const f of selects) {
    const current = doc[f.name];
    if (intent.keepChoices ? str(current) && current !== f.options?.[0] : !unset(f, current))
      continue;
    const choice = chooseOption(f, doc, facts, r.instructions);
    if (choice.value === current) continue;
    patch[f.name] = choice.value;
    choices.push(`${f.label ?? f.name} “${choice.value}” because ${choice.why}`);
  }
  const note = brief.fields.find((f) => f.type !== "select" && isNoteField(f));
  if (note) {
    const text = composeNote(r.instructions, brief, doc, facts, choices, extra, r.today);
    const before = str(doc[note.name]);
    if (text && !before?.includes(text)) patch[note.name] = before ? `${before}\n\n${text}` : text;
  }
  return patch;
}

/** Notes on records that share a title with another, or lack a required value. */
function duplicateNotes(list: Doc[], brief: CollectionBrief) {
  const title = titleOf(brief);
  const seen = new Map<string, Doc[]>();
  for (const d of list) {
    const key = String(d[title] ?? "")
      .trim()
      .toLowerCase();
    if (key) seen.set(key, [...(seen.get(key) ?? []), d]);
  }
  const notes = new Map<string, string[]>();
  for (const group of seen.values())
    if (group.length > 1)
      for (const d of group)
        notes.set(d._id, [
          `Possible duplicate of ${group
            .filter((o) => o !== d)
            .map((o) => `“${String(o[title])}” (${o._id})`)
            .join(", ")}: check and merge if they are the same.`,
        ]);
  return notes;
}

/** Notes on records whose date falls on another's, or has passed. */
function clashNotes(list: Doc[], brief: CollectionBrief, today: string) {
  const date = brief.fields.find((f) => f.type === "date" || f.type === "datetime");
  const notes = new Map<string, string[]>();
  if (!date) return notes;
  const title = titleOf(brief);
  for (const d of list) {
    const day = String(d[date.name] ?? "").slice(0, 10);
    if (!day) continue;
    const same = list.filter((o) => o !== d && String(o[date.name] ?? "").slice(0, 10) === day);
    const lines: string[] = [];
    if (same.length > 0)
      lines.push(
        `Clashes with ${same.map((o) => `“${String(o[title])}”`).join(", ")} on ${day}: move one of them.`,
      );
    if (today && day < today) lines.push(`Its ${date.label ?? date.name} (${day}) has passed.`);
    if (lines.length > 0) notes.set(d._id, lines);
  }
  return notes;
}

const MAX_WRITES = 5;

/** The update_app_data calls for this run, from what it read and what its tools answered. */
export function planWrites(r: Reading): Record<string, unknown>[] {
  const intent = intentOf(r.instructions);
  const { brief, doc, list } = readBack(r);
  if (brief?.access !== "write" || intent.readOnly) return [];
  const facts = describeFacts(r.calls.filter((c) => !PLATFORM_TOOLS.has(c.name)));
  const pasted = Object.values(r.input).find(
    (v): v is string => typeof v === "string" && v.length > 10,
  );
  if (intent.intake && pasted && !doc) {
    const data = parsePasted(pasted, brief);
    return Object.keys(data).length > 0 ? [{ collection: brief.name, op: "insert", data }] : [];
  }
  const writes: Record<string, unknown>[] = [];
  const update = (d: Doc, extra: string[] = []) => {
    const data = patchFor(r, brief, d, facts, extra);
    if (Object.keys(data).length > 0 && writes.length < MAX_WRITES)
      writes.push({ collection: brief.name, op: "update", id: d._id, data });
  };
  if (doc) {
    update(doc);
    return writes;
  }
  const rows = list ?? [];
  const flagged = intent.duplicates
    ? duplicateNotes(rows, brief)
    : intent.clashes
      ? clashNotes(rows, brief, r.today)
      : null;
  if (flagged) {
    for (const d of rows) if (flagged.has(d._id)) update(d, flagged.get(d._id));
    return writes;
  }
  // No record named: work on the open ones the instructions are about, a few per run.
  const open = rows.filter(
    (d) => !brief.fields.some((f) => f.type === "select" && isDone(d[f.name])),
  );
  for (const d of open) update(d);
  return writes;
}
