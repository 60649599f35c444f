import type { CollectionBrief } from "../runs/agent-prompt";

type Field = CollectionBrief["fields"][number];
type Doc = Record<string, unknown>;

/** What the custom tools answered, as short "key: value" facts (mock answers marked as such). */
export interface Facts {
  lines: string[];
  text: string;
  mock: boolean;
}

const NOTE =
  /^(ai_?)?(notes?|summary|summaries|reason|reasoning|reply|draft|draft_?reply|comments?|suggestions?|analysis|triage_?note|agent_?notes?)$/i;

export const isNoteField = (f: Field) =>
  NOTE.test(f.name) || NOTE.test((f.label ?? "").replace(/\s+/g, "_"));

function scalars(value: unknown, prefix = ""): string[] {
  if (value === null || value === undefined) return [];
  if (typeof value !== "object") return [`${prefix || "value"}: ${String(value)}`];
  if (Array.isArray(value)) return value.slice(0, 3).flatMap((v) => scalars(v, prefix));
  return Object.entries(value as Doc)
    .slice(0, 6)
    .flatMap(([k, v]) => (typeof v === "object" && v !== null ? [] : scalars(v, k)));
}

export function describeFacts(
  calls: { name: string; result: string | null; isError: boolean }[],
): Facts {
  const lines: string[] = [];
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
    const facts = scalars(parsed?.mock === true ? parsed.data : parsed).slice(0, 4);
    if (facts.length > 0) lines.push(`${c.name} → ${facts.join("; ")}`);
  }
  return { lines, text: lines.join(" ").toLowerCase(), mock };
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
  "p3",
  "p2",
  "p1",
  "p0",
];

const docText = (doc: Doc, skip: string) =>
  Object.entries(doc)
    .filter(([k, v]) => k !== skip && !k.startsWith("_") && typeof v === "string")
    .map(([, v]) => v as string)
    .join(" \n ")
    .toLowerCase();

/** A value from the field's declared options, with the reason it was chosen. */
export function chooseOption(field: Field, doc: Doc, facts: Facts) {
  const options = field.options ?? [];
  const text = `${docText(doc, field.name)} ${facts.text}`;
  const named = options
    .filter((o) =>
      new RegExp(`\\b${o.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`).test(text),
    )
    .sort((a, b) => b.length - a.length)[0];
  if (named) return { value: named, why: `the record mentions “${named.toLowerCase()}”` };
  const ranked = options
    .map((o) => ({ o, rank: SEVERITY.findIndex((s) => o.toLowerCase().includes(s)) }))
    .filter((x) => x.rank >= 0);
  if (ranked.length >= 2) {
    ranked.sort((a, b) => rankOf(a.o) - rankOf(b.o));
    const urgent = URGENT.exec(text)?.[0];
    if (urgent) return { value: ranked.at(-1)!.o, why: `it says “${urgent}”` };
    const calm = CALM.exec(text)?.[0];
    if (calm) return { value: ranked[0]!.o, why: `it reads as a ${calm}` };
    return {
      value: ranked[Math.floor((ranked.length - 1) / 2)]!.o,
      why: "nothing in it signals urgency",
    };
  }
  const good = options.find((o) =>
    /shortlist|promising|qualified|yes|accept|advance|interview/i.test(o),
  );
  const strong = POSITIVE.exec(text)?.[0];
  if (good && strong) return { value: good, why: `it mentions “${strong}”` };
  const review = options.find((o) => /review|triage|new|open|pending|todo|to do/i.test(o));
  const current = typeof doc[field.name] === "string" ? (doc[field.name] as string) : undefined;
  const value = review ?? current ?? options[0]!;
  return { value, why: "it needs a person's review" };
}

function rankOf(option: string) {
  const lower = option.toLowerCase();
  const p = /^p(\d)$/.exec(lower);
  if (p) return 10 - Number(p[1]);
  return SEVERITY.findIndex((s) => lower.includes(s));
}

const excerpt = (text: string, n = 140) => {
  const clean = text.replace(/\s+/g, " ").trim();
  return clean.length <= n ? clean : `${clean.slice(0, n - 1).replace(/\s\S*$/, "")}…`;
};

/** Text for a notes / summary / reply field, built from the record and the tools' answers. */
export function composeText(
  field: Field,
  instructions: string,
  brief: CollectionBrief,
  doc: Doc,
  facts: Facts,
  choices: string[],
) {
  const titleField = brief.display ?? brief.fields[0]?.name ?? "";
  const title = String(doc[titleField] ?? doc._id ?? "this record");
  const body = brief.fields
    .filter(
      (f) =>
        f.name !== titleField &&
        f.name !== field.name &&
        (f.type === "text" || f.type === "string"),
    )
    .map((f) => doc[f.name])
    .find((v): v is string => typeof v === "string" && v.length > 20);
  const person = brief.fields
    .filter((f) => /name|contact|customer|requester|from/i.test(f.name) && f.name !== titleField)
    .map((f) => doc[f.name])
    .find((v): v is string => typeof v === "string" && v.length > 0);
  const factLine =
    facts.lines.length > 0
      ? ` ${facts.mock ? "Sample data" : "Tools"}: ${facts.lines.join("; ")}.`
      : "";
  const wants = `${field.name} ${field.label ?? ""} ${instructions}`.toLowerCase();
  if (
    /repl|draft|respon/.test(`${field.name} ${field.label ?? ""}`.toLowerCase()) ||
    (/repl(y|ies)|draft/.test(wants) && !/summar/.test(field.name))
  ) {
    const greeting = person ? `Hi ${person.split(/\s+/)[0]},` : "Hello,";
    return `${greeting} thank you for your message about “${excerpt(title, 80)}”. ${body ? `We have read your note (“${excerpt(body, 90)}”) and` : "We"} are looking into it; we will get back to you shortly with next steps.`;
  }
  if (choices.length > 0)
    return `Set ${choices.join(", ")}. “${excerpt(title, 80)}”${body ? `: ${excerpt(body, 100)}` : ""}.${factLine}`;
  if (/summar/.test(wants))
    return `“${excerpt(title, 80)}”${body ? `: ${excerpt(body)}` : ""}.${describeFields(brief, doc, field.name, titleField)}${factLine}`;
  return `Reviewed “${excerpt(title, 80)}”.${describeFields(brief, doc, field.name, titleField)}${factLine} A person should confirm before acting on it.`;
}

function describeFields(brief: CollectionBrief, doc: Doc, self: string, title: string) {
  const parts = brief.fields
    .filter((f) => f.name !== self && f.name !== title && f.type !== "text")
    .map((f) => [f.label ?? f.name, doc[f.name]] as const)
    .filter(([, v]) => v !== undefined && v !== null && v !== "" && typeof v !== "object")
    .slice(0, 4)
    .map(([k, v]) => `${k}: ${String(v)}`);
  return parts.length > 0 ? ` ${parts.join(", ")}.` : "";
}
