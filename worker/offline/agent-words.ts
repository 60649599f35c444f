import type { CollectionBrief } from "../runs/agent-prompt";

type Field = CollectionBrief["fields"][number];
type Doc = Record<string, unknown>;

/** What the custom tools answered, as short "key: value" facts (mock answers marked as such). */
export interface Facts {
  lines: string[];
  values: Map<string, unknown>;
  text: string;
  mock: boolean;
}

const NOTE =
  /^(ai_?)?(notes?|summary|summaries|reason|reasoning|reply|draft|draft_?reply|comments?|suggestions?|analysis|triage_?note|agent_?notes?)$/i;

export const isNoteField = (f: Field) =>
  NOTE.test(f.name) || NOTE.test((f.label ?? "").replace(/\s+/g, "_"));

const DONE =
  /^(done|closed|solved|resolved|paid|hired|rejected|reimbursed|void|cancel+ed|archived|complete[d]?|won|lost|shipped|delivered)$/i;
export const isDone = (v: unknown) => typeof v === "string" && DONE.test(v);

export function describeFacts(
  calls: { name: string; result: string | null; isError: boolean }[],
): Facts {
  const lines: string[] = [];
  const values = new Map<string, unknown>();
  let mock = false;
  for (const c of calls) {
    if (c.isError || !c.result) continue;
    let parsed: Doc | null = null;
    try {
      parsed = JSON.parse(c.result);
    } catch {
      lines.push(`${c.name}: ${c.result.slice(0, 120)}`);
      continue;
    }
    if (parsed?.mock === true) mock = true;
    const data = parsed?.mock === true ? parsed.data : parsed;
    const flat =
      data && typeof data === "object" && !Array.isArray(data)
        ? Object.entries(data as Doc).filter(([, v]) => v === null || typeof v !== "object")
        : [["value", data] as const];
    for (const [k, v] of flat) values.set(k.toLowerCase(), v);
    const shown = flat.slice(0, 4).map(([k, v]) => `${k}: ${String(v)}`);
    if (shown.length > 0) lines.push(`${c.name} → ${shown.join("; ")}`);
  }
  return { lines, values, text: lines.join(" ").toLowerCase(), mock };
}

const URGENT =
  /\b(urgent|asap|immediately|critical|outage|down|broken|cannot|can't|unable|blocked|emergency|fire|security|breach|angry|refund|lawsuit|deadline|today)\b/;
const CALM =
  /\b(question|idea|suggestion|whenever|minor|typo|nice to have|feedback|thanks|later)\b/;
const POSITIVE = /\b(experienced|senior|expert|excellent|strong|certified|award|lead|years)\b/;
const SEVERITY = [
  "low",
  "minor",
  "normal",
  "medium",
  "moderate",
  "high",
  "major",
  "urgent",
  "critical",
];
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const docText = (doc: Doc, skip: string) =>
  Object.entries(doc)
    .filter(([k, v]) => k !== skip && !k.startsWith("_") && typeof v === "string")
    .map(([, v]) => v as string)
    .join(" \n ")
    .toLowerCase();

function severity(option: string) {
  const lower = option.toLowerCase();
  const p = /^p(\d)$/.exec(lower);
  return p ? 10 - Number(p[1]) : SEVERITY.findIndex((s) => lower.includes(s));
}

/** A value from the field's declared options, with the reason it was chosen. */
export function chooseOption(field: Field, doc: Doc, facts: Facts, instructions: string) {
  const options = field.options ?? [];
  const text = `${docText(doc, field.name)} ${facts.text}`;
  const named = options
    .filter((o) => new RegExp(`\\b${escapeRe(o.toLowerCase())}\\b`).test(text))
    .sort((a, b) => b.length - a.length)[0];
  if (named) return { value: named, why: `the record mentions “${named.toLowerCase()}”` };
  const ranked = options.filter((o) => severity(o) >= 0).sort((a, b) => severity(a) - severity(b));
  if (ranked.length >= 2) {
    const urgent = URGENT.exec(text)?.[0];
    if (urgent) return { value: ranked.at(-1)!, why: `it says “${urgent}”` };
    const calm = CALM.exec(text)?.[0];
    if (calm) return { value: ranked[0]!, why: `it reads as a ${calm}` };
    return { value: ranked[Math.floor((ranked.length - 1) / 2)]!, why: "nothing in it is urgent" };
  }
  const strong = POSITIVE.exec(text)?.[0];
  const good = options.find((o) =>
    /shortlist|promising|qualified|interview|accept|advance/i.test(o),
  );
  if (good && strong) return { value: good, why: `it mentions “${strong}”` };
  const step = options.find((o) =>
    new RegExp(`\\b(${escapeRe(o.toLowerCase())})`).test(instructions.toLowerCase()),
  );
  const review = options.find((o) => /review|screen|triage|open|pending|contacted/i.test(o));
  const value = step ?? review ?? options[0]!;
  return { value, why: "it needs a person's look before anything else" };
}

const excerpt = (text: string, n = 140) => {
  const clean = text.replace(/\s+/g, " ").trim();
  return clean.length <= n ? clean : `${clean.slice(0, n - 1).replace(/\s\S*$/, "")}…`;
};

/** The record's title and the longest text beside it. */
export function gist(brief: CollectionBrief, doc: Doc) {
  const titleField = brief.display ?? brief.fields[0]?.name ?? "";
  const title = String(doc[titleField] ?? doc._id ?? "this record");
  const body = brief.fields
    .filter(
      (f) => f.name !== titleField && !isNoteField(f) && (f.type === "text" || f.type === "string"),
    )
    .map((f) => doc[f.name])
    .filter((v): v is string => typeof v === "string" && v.length > 20)
    .sort((a, b) => b.length - a.length)[0];
  return { title: excerpt(title, 80), body: body ? excerpt(body, 120) : null };
}

/** The agent's note for a record: a reply draft, a summary, suggestions, or why it chose. */
export function composeNote(
  instructions: string,
  brief: CollectionBrief,
  doc: Doc,
  facts: Facts,
  choices: string[],
  extra: string[],
  today: string,
) {
  const p = instructions.toLowerCase();
  const { title, body } = gist(brief, doc);
  const sample =
    facts.lines.length > 0
      ? ` ${facts.mock ? "Sample data (not live)" : "Looked up"}: ${facts.lines.join("; ")}.`
      : "";
  const stamp = today ? `[${today}] ` : "";
  if (extra.length > 0) return `${stamp}${extra.join(" ")}`;
  if (/repl(y|ies)|draft/.test(p)) {
    const person = brief.fields
      .filter((f) => /name|contact|customer|requester|from/i.test(f.name) && f.type !== "reference")
      .map((f) => doc[f.name])
      .find((v): v is string => typeof v === "string" && v.length > 0 && !v.includes("@"));
    const hello = person ? `Hi ${person.split(/\s+/)[0]},` : "Hello,";
    return `${stamp}Draft reply: ${hello} thank you for your message about “${title}”. ${body ? `We have read what you wrote (“${excerpt(body, 90)}”) and are` : "We are"} looking into it and will come back to you shortly with next steps.`;
  }
  if (/empty fields|missing|enrich|fill in/.test(p)) {
    const empty = brief.fields.filter(
      (f) =>
        !isNoteField(f) &&
        f.type !== "reference" &&
        (doc[f.name] === undefined || doc[f.name] === ""),
    );
    if (empty.length === 0) return null;
    const suggestions = empty.map((f) => {
      const v =
        facts.values.get(f.name.toLowerCase()) ?? facts.values.get((f.label ?? "").toLowerCase());
      return v === undefined
        ? `${f.label ?? f.name}: no source found`
        : `${f.label ?? f.name}: ${String(v)}?`;
    });
    return `${stamp}To confirm — ${suggestions.join("; ")}.${facts.mock ? " (from sample data)" : ""}`;
  }
  if (choices.length > 0) return `${stamp}Set ${choices.join("; ")}.${sample}`;
  if (/summar/.test(p)) return `${stamp}Summary: “${title}”${body ? ` — ${body}` : ""}.${sample}`;
  if (sample)
    return `${stamp}Checked “${title}”.${sample} A person should confirm before acting on it.`;
  return null;
}

/** A record from a pasted message: its title, an amount, a date, options it names. */
export function parsePasted(text: string, brief: CollectionBrief) {
  const data: Record<string, unknown> = {};
  const lower = text.toLowerCase();
  const title = brief.display ?? brief.fields[0]?.name;
  if (title) data[title] = excerpt(text.split(/\n/)[0] ?? text, 80);
  const amount =
    /(?:[$€£]\s?)(\d+(?:[.,]\d{1,2})?)|(\d+(?:[.,]\d{1,2})?)\s?(?:usd|eur|gbp|dollars|euros)/i.exec(
      text,
    );
  const date = /\b(\d{4}-\d{2}-\d{2})\b/.exec(text)?.[1];
  for (const f of brief.fields) {
    if (f.name === title || data[f.name] !== undefined) continue;
    if (
      (f.type === "number" || f.type === "integer") &&
      amount &&
      /amount|total|price|cost/i.test(f.name)
    )
      data[f.name] = Number((amount[1] ?? amount[2])!.replace(",", "."));
    else if (f.type === "date" && date) data[f.name] = date;
    else if (f.type === "select") {
      const named = f.options?.find((o) =>
        new RegExp(`\\b${escapeRe(o.toLowerCase())}\\b`).test(lower),
      );
      if (named) data[f.name] = named;
    } else if (isNoteField(f)) data[f.name] = `From a pasted message: “${excerpt(text, 200)}”`;
  }
  return data;
}
