import { type ParsedRepair, parseRepairPrompt } from "../../src/agents/repair-prompt";
import { AGENTS_FILE } from "../../src/sdk/agents";
import { INTEGRATION_SETUP_FILE } from "../../src/sdk/integration-setup";
import type { ProviderMessage, ToolResultPart, ToolUsePart } from "../providers/types";
import type { Move } from "./builder";

/**
 * The offline builder's answer to a repair request (src/agents/repair-prompt.ts): it reads the
 * tool's files, decides from the platform's classification of the failure and the notes what
 * to change — a 404 → the endpoint path, an unreachable host → the domain, credentials → no file
 * at all, Settings → Integrations — edits agents.json (and integration-setup.json for a domain),
 * builds, shows the agents card again (the change makes their approval stale) and says what it
 * changed. A repair request never becomes part of the app's description.
 */

type Json = Record<string, unknown>;
interface Spec {
  type?: string;
  name?: string;
  endpoint?: string;
  integration?: { domain?: string; keySlug?: string };
}

export const isRepairPrompt = (text: string) => parseRepairPrompt(text) !== null;

/** The repair request the conversation is answering: the latest thing the user said, if one. */
export function activeRepair(messages: ProviderMessage[]): ParsedRepair | null {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (m.role !== "user") continue;
    const text = m.content.flatMap((p) => (p.type === "text" ? [p.text] : [])).join("\n");
    if (text.trim() !== "") return parseRepairPrompt(text.trim());
  }
  return null;
}

interface Answered {
  result: ToolResultPart;
  call: ToolUsePart | undefined;
}

export function repairMove(
  messages: ProviderMessage[],
  repair: ParsedRepair,
  said: string,
  answered: Answered[],
  offered: Set<string>,
): Move {
  if (said !== "") {
    if (!offered.has("read_file"))
      return { kind: "say", text: "I cannot read the app's files in this session." };
    return {
      kind: "call",
      text: `Looking into the failed call of ${repair.toolName}: reading its spec and the integration setup.`,
      calls: [
        { name: "read_file", input: { path: AGENTS_FILE } },
        { name: "read_file", input: { path: INTEGRATION_SETUP_FILE } },
      ],
    };
  }
  const named = (name: string) => answered.find((a) => a.call?.name === name);
  const cardAnswer = named("present_agents");
  if (cardAnswer)
    return {
      kind: "say",
      text: finished(
        repair,
        sinceRepair(messages),
        cardAnswer.result.content.startsWith("Approved."),
      ),
    };
  const build = named("done_building");
  if (build) return afterBuild(repair, build.result, sinceRepair(messages), offered);
  const reads = answered.filter((a) => a.call?.name === "read_file");
  if (reads.length > 0) return decideFix(repair, reads, offered);
  return { kind: "say", text: "I could not look into the failed call. Report it again to retry." };
}

const readOf = (reads: Answered[], path: string) => {
  const hit = reads.find((r) => (r.call?.input as { path?: unknown })?.path === path);
  return hit && !hit.result.isError ? hit.result.content : null;
};

const parse = (text: string | null): Json | null => {
  if (text === null) return null;
  try {
    const v = JSON.parse(text);
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : null;
  } catch {
    return null;
  }
};

/** Every custom tool spec in agents.json: the agents' and the app's own. */
function customTools(file: Json): Spec[] {
  const agents = Array.isArray(file.agents) ? (file.agents as { tools?: unknown }[]) : [];
  const tools = [
    ...agents.flatMap((a) => (Array.isArray(a.tools) ? (a.tools as Spec[]) : [])),
    ...(Array.isArray(file.appTools) ? (file.appTools as Spec[]) : []),
  ];
  return tools.filter((t) => t && typeof t === "object" && t.type !== "builtin");
}

function toolOf(file: Json, repair: ParsedRepair): Spec | null {
  const agents = Array.isArray(file.agents)
    ? (file.agents as { id?: unknown; tools?: unknown }[])
    : [];
  const agent = agents.find((a) => a.id === repair.agentId);
  const tools = Array.isArray(agent?.tools) ? (agent.tools as Spec[]) : [];
  return tools.find((t) => t.type === "custom" && t.name === repair.toolName) ?? null;
}

const URL_RE = /https?:\/\/([a-z0-9.-]+)(?::\d+)?(\/[^\s?#"'<>)]*)?/gi;
const HOST_RE = /\b((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63})\b/gi;
const PATH_RE = /(?:^|[\s"'(`])(\/[A-Za-z0-9._~\-/{}%:]+)/g;
const FILE_SUFFIX = /\.(json|tsx?|jsx?|css|html|md)$/i;

/** A host and a path the notes name, other than the ones that failed. */
function hintsOf(repair: ParsedRepair) {
  const text = repair.notes.join(" ");
  let host: string | null = null;
  let path: string | null = null;
  for (const m of text.matchAll(URL_RE)) {
    const h = m[1]!.toLowerCase();
    if (!host && h !== repair.domain) host = h;
    if (!path && m[2] && m[2] !== "/" && m[2] !== repair.path) path = m[2];
  }
  const bare = text.replace(URL_RE, " ");
  const words = bare.replace(/\{\{[^}]*\}\}/g, " ");
  if (!host)
    for (const m of words.matchAll(HOST_RE)) {
      const h = m[1]!.toLowerCase();
      if (h !== repair.domain && !FILE_SUFFIX.test(h)) {
        host = h;
        break;
      }
    }
  if (!path)
    for (const m of bare.matchAll(PATH_RE)) {
      const p = m[1]!.replace(/[.,;:]+$/, "");
      if (p !== repair.path && p.length > 1) {
        path = p;
        break;
      }
    }
  return { host, path };
}

const VERSION = /^(.*?\/)(v\d+(?:\.\d+)?)(?=\/|$)/;

/**
 * The path with the API version the tool's siblings on the same domain agree on, when this one
 * differs: the commonest cause of a 404 in a spec written from memory.
 */
function siblingPath(file: Json, repair: ParsedRepair): string | null {
  const siblings = customTools(file).filter(
    (t) => t.name !== repair.toolName && t.integration?.domain === repair.domain,
  );
  const versions = new Set(
    siblings
      .map((t) => pathOf(t.endpoint ?? "").match(VERSION))
      .filter((m): m is RegExpMatchArray => !!m)
      .map((m) => `${m[1]}${m[2]}`),
  );
  if (versions.size !== 1) return null;
  const [prefix] = [...versions];
  const mine = repair.path.match(VERSION);
  const next = mine
    ? `${prefix}${repair.path.slice(mine[0].length)}`
    : `${prefix}${repair.path.startsWith("/") ? "" : "/"}${repair.path}`;
  return next !== repair.path ? next : null;
}

const pathOf = (endpoint: string) =>
  endpoint.replace(/^https?:\/\/[^/?#]*/i, "").split(/[?#]/)[0] || "/";

function withPath(endpoint: string, path: string) {
  const m = endpoint.match(/^(https?:\/\/[^/?#]*)([^?#]*)(.*)$/i);
  return m ? `${m[1]}${path}${m[3]}` : endpoint;
}

function withHost(endpoint: string, host: string) {
  return endpoint.replace(/^(https?:\/\/)([^/:?#]+)/i, `$1${host}`);
}

interface Fix {
  files: { path: string; content: string }[];
  changes: string[];
  regrant: boolean;
}

function setupExplanation(repair: ParsedRepair): string {
  const http = repair.httpStatus ? ` (HTTP ${repair.httpStatus})` : "";
  switch (repair.category) {
    case "auth":
      return `The service at ${repair.domain} refused the credentials${http}. The tool's spec is not the problem, so I changed no file. An owner or admin should open Settings → Integrations, find this app's ${repair.domain} integration and enter its secrets again (or reconnect the account, for an OAuth service), checking that the key has the permissions the tool needs. Then run the agent again.`;
    case "rate_limit":
      return `The service at ${repair.domain} is rate limiting requests${http}. That is not something the spec can fix, so I changed no file: run the agent again later, or less often.`;
    case "server":
      return `The service at ${repair.domain} had an error of its own${http}. The spec looks fine, so I changed no file: try again later, and check the service's status page if it keeps failing.`;
    case "network":
      return `${repair.domain} could not be reached (${repair.code.replaceAll("_", " ")}). If the domain is wrong, tell me the right one (for example "the API is at api.example.com") and I will change it in agents.json and integration-setup.json; otherwise try again later.`;
    case "not_found":
      return `The service answered 404 for ${repair.method} ${repair.path} on ${repair.domain}. I cannot tell the right path from the failure alone and the app's other tools on that domain give no clue. Tell me the correct path (for example "the path is /v2/customers/{{input.id}}"), or report the call again with a note, and I will fix the spec.`;
    default:
      return `The call failed with ${repair.code.replaceAll("_", " ")}${http}. I could not find what to change in the spec from that alone: tell me what the service expects and I will fix it.`;
  }
}

function decideFix(repair: ParsedRepair, reads: Answered[], offered: Set<string>): Move {
  const agents = parse(readOf(reads, AGENTS_FILE));
  if (!agents)
    return {
      kind: "say",
      text: `I could not read ${AGENTS_FILE}, so I cannot repair ${repair.toolName}. Nothing was changed.`,
    };
  const tool = toolOf(agents, repair);
  if (!tool?.endpoint)
    return {
      kind: "say",
      text: `${AGENTS_FILE} no longer has a tool ${repair.toolName} on agent ${repair.agentId}: it changed since the call failed, so there is nothing to repair. Run the agent again to see whether it still fails.`,
    };
  // Credentials, rate limits and the service's own errors are not the spec's: no file changes.
  // A wrong path shows as a 404 (or a rejected request); a wrong host as an unreachable one.
  const hints = hintsOf(repair);
  const c = repair.category;
  const pathFixable = c === "not_found" || c === "request";
  const hostFixable = pathFixable || c === "network" || c === "refused";
  const host = hostFixable ? hints.host : null;
  const path = pathFixable
    ? (hints.path ?? (c === "not_found" ? siblingPath(agents, repair) : null))
    : null;
  if (!host && !path) return { kind: "say", text: setupExplanation(repair) };
  if (!offered.has("write_file") || !offered.has("done_building"))
    return { kind: "say", text: "I cannot write the app's files in this session." };

  const fix: Fix = { files: [], changes: [], regrant: false };
  if (path) {
    const before = pathOf(tool.endpoint);
    tool.endpoint = withPath(tool.endpoint, path);
    fix.changes.push(`the endpoint path of ${repair.toolName} from ${before} to ${path}`);
  }
  if (host) {
    // Every tool on the wrong domain moves with it, so none is left without its grant.
    const moved = customTools(agents).filter((t) => t.integration?.domain === repair.domain);
    for (const t of moved) {
      if (t.endpoint) t.endpoint = withHost(t.endpoint, host);
      t.integration = { ...t.integration, domain: host };
    }
    fix.changes.push(
      `the domain of ${moved.length === 1 ? repair.toolName : `${moved.length} tools`} from ${repair.domain} to ${host}`,
    );
    const setup = parse(readOf(reads, INTEGRATION_SETUP_FILE));
    const services = Array.isArray(setup?.services) ? (setup.services as Json[]) : [];
    const service = services.find((s) => s.domain === repair.domain);
    if (setup && service) {
      service.domain = host;
      fix.regrant = true;
      fix.files.push({
        path: INTEGRATION_SETUP_FILE,
        content: `${JSON.stringify(setup, null, 2)}\n`,
      });
      fix.changes.push(`the service ${String(service.name ?? host)} in ${INTEGRATION_SETUP_FILE}`);
    }
  }
  fix.files.unshift({ path: AGENTS_FILE, content: `${JSON.stringify(agents, null, 2)}\n` });
  return {
    kind: "call",
    text: `The failure points at the spec: changing ${fix.changes.join(" and ")}. Building again.`,
    calls: [
      ...fix.files.map((f) => ({ name: "write_file", input: f })),
      {
        name: "done_building",
        input: { summary: `Repaired ${repair.toolName}: ${fix.changes.join("; ")}.`.slice(0, 500) },
      },
    ],
  };
}

/** What this repair wrote and how its build summed the change up. */
function sinceRepair(messages: ProviderMessage[]) {
  const files: string[] = [];
  let summary = "";
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (m.role === "user" && m.content.some((p) => p.type === "text" && p.text.trim() !== ""))
      break;
    if (m.role !== "assistant") continue;
    for (const p of m.content) {
      if (p.type !== "tool_use") continue;
      const input = p.input as { path?: unknown; summary?: unknown };
      if (p.name === "write_file" && typeof input.path === "string") files.unshift(input.path);
      if (p.name === "done_building" && !summary && typeof input.summary === "string")
        summary = input.summary;
    }
  }
  return { files: [...new Set(files)], summary };
}

type Done = ReturnType<typeof sinceRepair>;

function afterBuild(
  repair: ParsedRepair,
  build: ToolResultPart,
  done: Done,
  offered: Set<string>,
): Move {
  if (build.isError)
    return {
      kind: "say",
      text: `I changed the spec of ${repair.toolName}, but the build failed, so the app keeps its last working version:\n\n\`\`\`\n${build.content.replace(/^Error: /, "").slice(0, 2000)}\n\`\`\`\n\nTell me how to proceed.`,
    };
  if (offered.has("present_agents"))
    return {
      kind: "call",
      text: `Built with the repaired ${repair.toolName}. Changing ${AGENTS_FILE} makes the agents' approval stale: here is what they may do now.`,
      calls: [
        {
          name: "present_agents",
          input: { summary: `The agents after repairing ${repair.toolName}.` },
        },
      ],
    };
  return { kind: "say", text: finished(repair, done, null) };
}

function finished(repair: ParsedRepair, done: Done, approved: boolean | null) {
  const what = done.summary || `Repaired ${repair.toolName}.`;
  const regrant = done.files.includes(INTEGRATION_SETUP_FILE)
    ? " The integration moved to a new domain, so its secrets have to be entered again in Settings → Integrations."
    : "";
  const next =
    approved === true
      ? `Run the agent ${repair.agentId} again to check the call.`
      : "Approve the agents again in the Agents tab, then run the agent again to check the call.";
  return `${what} Files changed: ${done.files.join(", ")}. The new build is live.${regrant} ${next}`;
}
