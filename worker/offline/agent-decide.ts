import type { ProviderRequest, ToolSpec } from "../providers/types";
import {
  COLLECTIONS_HEADING,
  type CollectionBrief,
  INPUT_HEADING,
  TODAY_PREFIX,
} from "../runs/agent-prompt";
import { type Doc, planWrites } from "./agent-plan";
import { report } from "./agent-report";

export interface AgentMove {
  text: string;
  calls: { name: string; input: Record<string, unknown> }[];
}

export const PLATFORM_TOOLS = new Set([
  "read_app_data",
  "update_app_data",
  "report_tool_call_failed",
  "WebFetch",
  "WebSearch",
]);

export interface Call {
  name: string;
  input: Record<string, unknown>;
  result: string | null;
  isError: boolean;
}

/** What the request tells an agent: its instructions, data, input, tools and what happened so far. */
export interface Reading {
  instructions: string;
  briefs: CollectionBrief[];
  input: Record<string, unknown>;
  today: string;
  trigger: { collection?: string; documentId?: string };
  tools: ToolSpec[];
  calls: Call[];
}

function firstText(request: ProviderRequest) {
  const first = request.messages[0];
  if (first?.role !== "user") return "";
  return first.content.map((p) => (p.type === "text" ? p.text : "")).join("");
}

function readInput(text: string): Record<string, unknown> {
  const json = text.split(`${INPUT_HEADING}\n\`\`\`json\n`)[1]?.split("\n```")[0];
  try {
    const parsed = json ? JSON.parse(json) : {};
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

export function readRequest(request: ProviderRequest): Reading {
  const cut = request.system.indexOf("\n\nYou are “");
  const after = request.system.split(`${COLLECTIONS_HEADING}\n`)[1] ?? "";
  const briefs: CollectionBrief[] = [];
  for (const line of after.split("\n")) {
    if (!line.startsWith("- {")) break;
    briefs.push(JSON.parse(line.slice(2)) as CollectionBrief);
  }
  const text = firstText(request);
  const started = /in ([A-Za-z][\w-]*) \(id ([\w-]+)\)/.exec(text);
  const today = new RegExp(`${TODAY_PREFIX}(\\d{4}-\\d{2}-\\d{2})`).exec(text)?.[1] ?? "";
  const results = new Map<string, { content: string; isError: boolean }>();
  for (const m of request.messages)
    if (m.role === "user")
      for (const p of m.content)
        if (p.type === "tool_result")
          results.set(p.toolUseId, { content: p.content, isError: p.isError ?? false });
  const calls: Call[] = [];
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
    instructions: cut >= 0 ? request.system.slice(0, cut) : request.system,
    briefs,
    input: readInput(text),
    today,
    trigger: { collection: started?.[1], documentId: started?.[2] },
    tools: request.tools,
    calls,
  };
}

export const str = (v: unknown) => (typeof v === "string" && v.length > 0 ? v : undefined);
export const offered = (r: Reading, name: string) => r.tools.some((t) => t.name === name);
export function parseJson(text: string | null): Record<string, unknown> | null {
  try {
    const v = text ? JSON.parse(text) : null;
    return v && typeof v === "object" ? v : null;
  } catch {
    return null;
  }
}

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

/** Arguments for a custom tool from its schema and what the run has been given. */
function argumentsFor(spec: ToolSpec, r: Reading) {
  const props = (spec.inputSchema.properties ?? {}) as Record<string, { type?: string }>;
  const required = new Set(spec.inputSchema.required ?? []);
  const nested = (r.input.document ?? {}) as Record<string, unknown>;
  const anyText = [...Object.values(r.input), ...Object.values(nested)].find(
    (v) => typeof v === "string",
  );
  const out: Record<string, unknown> = {};
  for (const [key, prop] of Object.entries(props)) {
    const found = r.input[key] ?? nested[key];
    const kind = prop.type === "integer" ? "number" : prop.type;
    if (found !== undefined && typeof found === kind) out[key] = found;
    else if (required.has(key))
      out[key] = kind === "string" ? String(anyText ?? "sample") : kind === "boolean" ? true : 1;
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
      input: id ? { collection: brief.name, id } : { collection: brief.name, limit: 50 },
    });
  for (const spec of r.tools)
    if (!PLATFORM_TOOLS.has(spec.name))
      calls.push({ name: spec.name, input: argumentsFor(spec, r) });
  const what = [
    brief ? (id ? `the ${brief.name} record` : `the ${brief.name}`) : null,
    calls.some((c) => !PLATFORM_TOOLS.has(c.name)) ? "my tools" : null,
  ].filter(Boolean);
  return { text: calls.length > 0 ? `Checking ${what.join(" and ")}.` : "", calls };
}

export const firstLine = (text: string | null) =>
  (text ?? "no answer").split("\n")[0]!.slice(0, 200);

/** What read_app_data returned: the one document, or the list. */
export function readBack(r: Reading) {
  const read = r.calls.find((c) => c.name === "read_app_data");
  const got = read && !read.isError ? parseJson(read.result) : null;
  const brief = r.briefs.find((b) => b.name === read?.input.collection);
  return {
    read,
    brief,
    doc: (got?.document as Doc | undefined) ?? null,
    list: (got?.documents as Doc[] | undefined) ?? null,
  };
}

/** Turn two: write back what the instructions ask (if anything), reporting failed calls. */
function act(r: Reading): AgentMove {
  const calls: AgentMove["calls"] = [];
  const failed = r.calls.find((c) => c.isError);
  if (failed && offered(r, "report_tool_call_failed"))
    calls.push({
      name: "report_tool_call_failed",
      input: { toolName: failed.name, reason: firstLine(failed.result) },
    });
  if (offered(r, "update_app_data"))
    for (const w of planWrites(r)) calls.push({ name: "update_app_data", input: w });
  if (calls.some((c) => c.name === "update_app_data"))
    return { text: "Writing my results back.", calls };
  if (calls.length > 0) return { text: "Recording a failed tool call.", calls };
  return report(r);
}

export function decideAgentMove(request: ProviderRequest): AgentMove {
  const r = readRequest(request);
  const turn = request.messages.filter((m) => m.role === "assistant").length;
  if (turn === 0) {
    const move = gather(r);
    return move.calls.length > 0 ? move : report(r);
  }
  if (turn === 1) return act(r);
  const badWrite = r.calls.find((c) => c.name === "update_app_data" && c.isError);
  const reported = r.calls.some((c) => c.name === "report_tool_call_failed");
  if (turn === 2 && badWrite && !reported && offered(r, "report_tool_call_failed"))
    return {
      text: "Recording the failed change.",
      calls: [
        {
          name: "report_tool_call_failed",
          input: { toolName: badWrite.name, reason: firstLine(badWrite.result) },
        },
      ],
    };
  return report(r);
}
