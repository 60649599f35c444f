import type { ProviderRequest, ToolSpec } from "../providers/types";
import { COLLECTIONS_HEADING, type CollectionBrief, INPUT_HEADING } from "../runs/agent-prompt";
import { chooseOption, composeText, describeFacts, type Facts, isNoteField } from "./agent-words";

export interface AgentMove {
  text: string;
  calls: { name: string; input: Record<string, unknown> }[];
}

type Doc = Record<string, unknown> & { _id: string };
const PLATFORM = new Set([
  "read_app_data",
  "update_app_data",
  "report_tool_call_failed",
  "WebFetch",
  "WebSearch",
]);

/** What the request tells an agent: its instructions, data, input, tools and what happened so far. */
interface Reading {
  instructions: string;
  briefs: CollectionBrief[];
  input: Record<string, unknown>;
  trigger: { collection?: string; documentId?: string };
  tools: ToolSpec[];
  calls: {
    name: string;
    input: Record<string, unknown>;
    result: string | null;
    isError: boolean;
  }[];
}

function read(request: ProviderRequest): Reading {
  const cut = request.system.indexOf("\n\nYou are “");
  const instructions = cut >= 0 ? request.system.slice(0, cut) : request.system;
  const after = request.system.split(`${COLLECTIONS_HEADING}\n`)[1] ?? "";
  const briefs: CollectionBrief[] = [];
  for (const line of after.split("\n")) {
    if (!line.startsWith("- {")) break;
    briefs.push(JSON.parse(line.slice(2)) as CollectionBrief);
  }
  const first = request.messages[0];
  const firstText =
    first?.role === "user"
      ? first.content.map((p) => (p.type === "text" ? p.text : "")).join("")
      : "";
  const json = firstText.split(`${INPUT_HEADING}\n\`\`\`json\n`)[1]?.split("\n```")[0];
  let input: Record<string, unknown> = {};
  try {
    const parsed = json ? JSON.parse(json) : {};
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) input = parsed;
  } catch {
    input = {};
  }
  const started = /in ([A-Za-z][\w-]*) \(id ([\w-]+)\)/.exec(firstText);
  const results = new Map<string, { content: string; isError: boolean }>();
  for (const m of request.messages)
    if (m.role === "user")
      for (const p of m.content)
        if (p.type === "tool_result")
          results.set(p.toolUseId, { content: p.content, isError: p.isError ?? false });
  const calls: Reading["calls"] = [];
  for (const m of request.messages)
    if (m.role === "assistant")
      for (const p of m.content)
        if (p.type === "tool_use") {
          const r = results.get(p.id);
          calls.push({
            name: p.name,
            input: (p.input ?? {}) as Record<string, unknown>,
            result: r?.content ?? null,
            isError: r?.isError ?? false,
          });
        }
  return {
    instructions,
    briefs,
    input,
    trigger: { collection: started?.[1], documentId: started?.[2] },
    tools: request.tools,
    calls,
  };
}

const str = (v: unknown) => (typeof v === "string" && v.length > 0 ? v : undefined);
const offered = (r: Reading, name: string) => r.tools.some((t) => t.name === name);
const parse = (text: string | null): Record<string, unknown> | null => {
  try {
    const v = text ? JSON.parse(text) : null;
    return v && typeof v === "object" ? v : null;
  } catch {
    return null;
  }
};

/** The collection and document the input points at, if any. */
function target(r: Reading) {
  const nested = r.input.document as Record<string, unknown> | undefined;
  const name = str(r.input.collection) ?? r.trigger.collection;
  const brief = r.briefs.find((b) => b.name === name) ?? r.briefs[0];
  const id =
    str(r.input.documentId) ??
    str(r.input.id) ??
    str(r.input._id) ??
    str(nested?._id) ??
    r.trigger.documentId;
  return { brief, id };
}

/** Arguments for a custom tool from its schema and what the run has: the input, then the document. */
function argumentsFor(spec: ToolSpec, r: Reading, doc: Doc | null) {
  const props = (spec.inputSchema.properties ?? {}) as Record<string, { type?: string }>;
  const required = new Set(spec.inputSchema.required ?? []);
  const sources = [r.input, doc ?? {}];
  const firstText =
    Object.values(r.input).find((v) => typeof v === "string") ??
    Object.values(doc ?? {}).find(
      (v) => typeof v === "string" && !String(v).match(/^[0-9a-f-]{36}$/),
    );
  const out: Record<string, unknown> = {};
  for (const [key, prop] of Object.entries(props)) {
    const found = sources.map((s) => s[key]).find((v) => v !== undefined && v !== null);
    const fits =
      prop.type === "string"
        ? typeof found === "string"
        : prop.type === "boolean"
          ? typeof found === "boolean"
          : typeof found === "number";
    if (fits) out[key] = found;
    else if (required.has(key))
      out[key] =
        prop.type === "string" ? String(firstText ?? "sample") : prop.type === "boolean" ? true : 1;
  }
  return out;
}

/** Turn one: read the input document (or the collection) and call each custom tool once. */
function gather(r: Reading): AgentMove {
  const { brief, id } = target(r);
  const calls: AgentMove["calls"] = [];
  if (brief && offered(r, "read_app_data"))
    calls.push({
      name: "read_app_data",
      input: id ? { collection: brief.name, id } : { collection: brief.name, limit: 20 },
    });
  for (const spec of r.tools)
    if (!PLATFORM.has(spec.name))
      calls.push({ name: spec.name, input: argumentsFor(spec, r, null) });
  const what = [
    brief ? (id ? `the ${brief.name} record` : `the ${brief.name}`) : null,
    calls.some((c) => !PLATFORM.has(c.name)) ? "my tools" : null,
  ].filter(Boolean);
  return {
    text: calls.length > 0 ? `Checking ${what.join(" and ")}.` : "",
    calls,
  };
}

/** The fields of a writable collection this agent should fill, with their values. */
function patchFor(r: Reading, brief: CollectionBrief, doc: Doc, facts: Facts) {
  const prompt = r.instructions.toLowerCase();
  const mentions = (f: CollectionBrief["fields"][number]) =>
    [f.name, f.label ?? ""]
      .filter((w) => w.length > 2)
      .some(
        (w) =>
          prompt.includes(w.toLowerCase().replaceAll("_", " ")) || prompt.includes(w.toLowerCase()),
      );
  const title = brief.display ?? brief.fields[0]?.name;
  const keep = /keep any value|never overwrite|do not overwrite|don't overwrite/.test(prompt);
  const writable = brief.fields.filter(
    (f) => f.name !== title && (f.type === "select" || f.type === "string" || f.type === "text"),
  );
  const named = writable.filter(mentions);
  const notes = writable.filter((f) => f.type !== "select" && isNoteField(f));
  const fields = [...named, ...notes.filter((n) => !named.includes(n))];
  const patch: Record<string, unknown> = {};
  const choices: string[] = [];
  for (const f of fields.filter((f) => f.type === "select")) {
    if (keep && str(doc[f.name])) continue;
    const choice = chooseOption(f, doc, facts);
    if (choice.value !== doc[f.name]) {
      patch[f.name] = choice.value;
      choices.push(`${f.label ?? f.name} “${choice.value}” (${choice.why})`);
    }
  }
  for (const f of fields.filter((f) => f.type !== "select")) {
    if (keep && str(doc[f.name]) && !isNoteField(f)) continue;
    patch[f.name] = composeText(f, r.instructions, brief, doc, facts, choices);
  }
  return { patch, choices };
}

/** Turn two: write back what the instructions ask, or report what the data says. */
function act(r: Reading): AgentMove {
  const reads = r.calls.filter((c) => c.name === "read_app_data" && !c.isError);
  const got = parse(reads[0]?.result ?? null);
  const doc = (got?.document as Doc | undefined) ?? null;
  const list = (got?.documents as Doc[] | undefined) ?? [];
  const facts = describeFacts(r.calls.filter((c) => !PLATFORM.has(c.name)));
  const failed = r.calls.filter((c) => c.isError && c.name !== "report_tool_call_failed");
  const calls: AgentMove["calls"] = failed.slice(0, 1).map((c) => ({
    name: "report_tool_call_failed",
    input: { toolName: c.name, reason: (c.result ?? "no result").slice(0, 300) },
  }));
  if (!offered(r, "report_tool_call_failed")) calls.length = 0;
  const collection = String(reads[0]?.input.collection ?? "");
  const brief = r.briefs.find((b) => b.name === collection);
  if (brief?.access === "write" && offered(r, "update_app_data")) {
    const targets = doc ? [doc] : list.slice(0, 5);
    for (const d of targets) {
      const { patch } = patchFor(r, brief, d, facts);
      if (Object.keys(patch).length > 0)
        calls.push({
          name: "update_app_data",
          input: { collection: brief.name, op: "update", id: d._id, data: patch },
        });
    }
  }
  if (calls.some((c) => c.name === "update_app_data"))
    return { text: "Writing my results back.", calls };
  if (calls.length > 0) return { text: "Recording a failed tool call.", calls };
  return finish(r);
}

/** The last turn: a short honest account of what was read, called and changed. */
function finish(r: Reading): AgentMove {
  const said: string[] = [];
  const read = r.calls.find((c) => c.name === "read_app_data");
  const got = parse(read?.result ?? null);
  const brief = r.briefs.find((b) => b.name === read?.input.collection);
  if (read?.isError)
    said.push(`I could not read ${read.input.collection}: ${firstLine(read.result)}`);
  else if (got?.document) {
    const d = got.document as Doc;
    const title = brief ? d[brief.display ?? brief.fields[0]?.name ?? "_id"] : d._id;
    said.push(`Read “${String(title ?? d._id)}” in ${read?.input.collection}.`);
  } else if (got?.documents) {
    said.push(countLine(got.documents as Doc[], brief, String(read?.input.collection)));
  }
  const custom = r.calls.filter((c) => !PLATFORM.has(c.name));
  const mocked = custom.filter((c) => parse(c.result)?.mock === true);
  if (mocked.length > 0)
    said.push(
      `Used sample data from ${mocked.map((c) => c.name).join(", ")} (${String(parse(mocked[0]!.result)?.mockReason).replaceAll("_", " ")}), not live answers.`,
    );
  for (const c of custom.filter((c) => c.isError))
    said.push(`${c.name} failed: ${firstLine(c.result)}`);
  const writes = r.calls.filter((c) => c.name === "update_app_data");
  const done = writes.filter((c) => !c.isError);
  if (done.length > 0) {
    const fields = [...new Set(done.flatMap((c) => Object.keys((c.input.data ?? {}) as object)))];
    said.push(
      `Updated ${done.length === 1 ? "the record" : `${done.length} records`} in ${done[0]!.input.collection}: ${fields.join(", ")}.`,
    );
    const choices = done.flatMap((c) =>
      Object.entries((c.input.data ?? {}) as Record<string, unknown>),
    );
    const selects = choices.filter(
      ([k]) => brief?.fields.find((f) => f.name === k)?.type === "select",
    );
    if (selects.length > 0)
      said.push(`Set ${selects.map(([k, v]) => `${k} to “${String(v)}”`).join(", ")}.`);
  }
  for (const w of writes.filter((c) => c.isError))
    said.push(`My change was not saved: ${firstLine(w.result)}`);
  if (writes.length === 0 && brief?.access === "write" && (got?.document || got?.documents))
    said.push("Nothing needed changing.");
  if (said.length === 0) said.push("I had no data or tools to work with, so I did nothing.");
  return { text: said.join(" "), calls: [] };
}

function countLine(docs: Doc[], brief: CollectionBrief | undefined, name: string) {
  const select = brief?.fields.find((f) => f.type === "select");
  if (!select || docs.length === 0) return `Read ${docs.length} ${name}.`;
  const counts = new Map<string, number>();
  for (const d of docs) {
    const v = str(d[select.name]) ?? "not set";
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  const parts = [...counts].map(([v, n]) => `${n} ${v}`);
  return `Read ${docs.length} ${name}, by ${select.label ?? select.name}: ${parts.join(", ")}.`;
}

const firstLine = (text: string | null) => (text ?? "no answer").split("\n")[0]!.slice(0, 200);

export function decideAgentMove(request: ProviderRequest): AgentMove {
  const r = read(request);
  const turn = request.messages.filter((m) => m.role === "assistant").length;
  if (turn === 0) {
    const move = gather(r);
    return move.calls.length > 0 ? move : finish(r);
  }
  if (turn === 1) return act(r);
  if (
    turn === 2 &&
    r.calls.some((c) => c.name === "update_app_data" && c.isError) &&
    !r.calls.some((c) => c.name === "report_tool_call_failed") &&
    offered(r, "report_tool_call_failed")
  ) {
    const w = r.calls.find((c) => c.name === "update_app_data" && c.isError)!;
    return {
      text: "Recording the failed change.",
      calls: [
        {
          name: "report_tool_call_failed",
          input: { toolName: w.name, reason: firstLine(w.result) },
        },
      ],
    };
  }
  return finish(r);
}
