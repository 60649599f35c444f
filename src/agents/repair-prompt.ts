import { CATEGORY_LABELS, FAILURE_CATEGORIES, type FailureCategory } from "./tool-failure";

/**
 * A repair request: what the builder is told about one failed tool call of an app agent, and
 * what the chat's "Repair request" card shows. Every field is the platform's own record (names,
 * codes, the spec's path template) or a note bounded and redacted before it gets here.
 */
export interface RepairRequest {
  agentRunId: string;
  toolCallId: string;
  agentId: string;
  agentName: string;
  toolName: string;
  category: FailureCategory;
  code: string;
  httpStatus: number | null;
  method: string;
  domain: string;
  keySlug: string;
  path: string;
  message: string;
  hint: string;
  /** What the agent said when it reported the failure (report_tool_call_failed), redacted. */
  agentNote: string | null;
  /** Who asked for the repair: the agent itself, or a person (with their own note). */
  reportedBy: { kind: "agent" } | { kind: "person"; name: string; note: string | null };
}

export const REPAIR_HEADING = "Repair request from agent";
export const NOTE_CHARS = 500;

const one = (text: string) => text.replace(/\s+/g, " ").trim();

/** The builder's prompt: a heading it recognises, one labelled line per fact, then the task. */
export function repairPrompt(r: RepairRequest): string {
  const lines = [
    `${REPAIR_HEADING} “${one(r.agentName)}”: a call of its tool ${r.toolName} failed.`,
    "",
    `Agent: ${r.agentId}`,
    `Tool: ${r.toolName}`,
    `Request: ${r.method} ${r.domain} ${r.path}`,
    `Integration: ${r.domain} (key ${r.keySlug})`,
    `Error: ${CATEGORY_LABELS[r.category]} (${r.code})${r.httpStatus ? `, HTTP ${r.httpStatus}` : ""}`,
    `Platform says: ${one(r.message)} ${one(r.hint)}`,
  ];
  if (r.agentNote) lines.push(`Agent's note: ${one(r.agentNote)}`);
  if (r.reportedBy.kind === "person")
    lines.push(
      `Reported by: ${one(r.reportedBy.name)}`,
      ...(r.reportedBy.note ? [`Their note: ${one(r.reportedBy.note)}`] : []),
    );
  else lines.push("Reported by: the agent");
  lines.push(
    "",
    `Find the cause. If the spec is wrong (endpoint path, method, domain, inputs), fix the tool "${r.toolName}" of agent "${r.agentId}" in agents.json — and the service in integration-setup.json when the domain changes — build again with done_building, and say what you changed. If the failure is the integration's setup (credentials, permissions, a connected account), change no file: say what to do in Settings → Integrations.`,
  );
  return lines.join("\n");
}

export interface ParsedRepair {
  agentId: string;
  toolName: string;
  method: string;
  domain: string;
  keySlug: string;
  path: string;
  category: FailureCategory;
  code: string;
  httpStatus: number | null;
  notes: string[];
}

const line = (text: string, label: string) =>
  text.match(new RegExp(`^${label}: (.*)$`, "m"))?.[1]?.trim() ?? null;

/** The facts of a repair prompt, or null when the text is not one. */
export function parseRepairPrompt(text: string): ParsedRepair | null {
  if (!text.startsWith(REPAIR_HEADING)) return null;
  const agentId = line(text, "Agent");
  const toolName = line(text, "Tool");
  const request = line(text, "Request")?.match(/^(\S+) (\S+) (.*)$/);
  const keySlug = line(text, "Integration")?.match(/\(key ([a-z0-9-]+)\)/)?.[1] ?? "default";
  const error = line(text, "Error")?.match(/\(([a-z_]+)\)(?:, HTTP (\d{3}))?/);
  if (!agentId || !toolName || !request || !error) return null;
  const label = line(text, "Error")?.split(" (")[0] ?? "";
  const category =
    FAILURE_CATEGORIES.find((c) => CATEGORY_LABELS[c] === label) ?? ("request" as const);
  return {
    agentId,
    toolName,
    method: request[1]!,
    domain: request[2]!,
    path: request[3]!,
    keySlug,
    category,
    code: error[1]!,
    httpStatus: error[2] ? Number(error[2]) : null,
    notes: [line(text, "Agent's note"), line(text, "Their note")].filter((n): n is string => !!n),
  };
}

/**
 * A note as it may go to the builder: secret values the app holds for the tool's integration,
 * bearer tokens, key=value credentials, long opaque tokens and every URL's query removed, on
 * one line, at most NOTE_CHARS characters.
 */
export function redactNote(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const value of secrets) if (value.length >= 4) out = out.split(value).join("[redacted]");
  out = out
    .replace(/\b(bearer|basic)\s+[^\s,;]+/gi, "$1 [redacted]")
    .replace(
      /\b(api[_-]?key|access[_-]?token|token|secret|password|passwd|authorization|cookie)(["']?\s*[:=]\s*["']?)[^\s,;"'&]+/gi,
      "$1$2[redacted]",
    )
    .replace(/(https?:\/\/[^\s?#]+)[?#][^\s]*/gi, "$1")
    .replace(/[A-Za-z0-9_\-+=]{32,}/g, "[redacted]");
  out = one(out);
  return out.length > NOTE_CHARS ? `${out.slice(0, NOTE_CHARS - 1)}…` : out;
}
