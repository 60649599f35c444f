import { AGENTS_FILE } from "../../src/sdk/agents";
import type {
  ProviderMessage,
  ProviderRequest,
  ToolResultPart,
  ToolUsePart,
} from "../providers/types";
import { generateApp } from "./codegen";
import { afterIntegrationSetup, presentIntegrationSetup } from "./integration-setup";
import { activeRepair, isRepairPrompt, repairMove } from "./repair";
import { deriveSpec, describeSpec, planFor, rulesStep } from "./spec";
import type { AppSpec } from "./spec-types";

/**
 * The offline builder's judgement: from the conversation so far, the next move. It plans, writes
 * the app through the file tools, builds it with done_building, and repairs what the build
 * reports — the same tools and loop a model uses, so everything downstream is exercised.
 */
export type Move =
  | { kind: "say"; text: string }
  | { kind: "call"; text: string; calls: { name: string; input: Record<string, unknown> }[] };

// How the platform phrases answers to an approval card.
const CHANGES_REQUESTED = "Changes requested:";
const APPROVED = "Approved.";
/** Build attempts in a row before the builder stops and explains instead of trying again. */
const MAX_BUILD_ATTEMPTS = 3;

export function decide({ messages, tools }: ProviderRequest): Move {
  const offered = new Set(tools.map((t) => t.name));
  const last = messages.at(-1);
  const results = last?.role === "user" ? last.content.filter(isToolResult) : [];
  const said = userTextOf(last);
  const requests = requestsOf(messages);
  const answered = results.map((r) => ({ result: r, call: callFor(messages, r.toolUseId) }));
  const canBuild = offered.has("write_file") && offered.has("done_building");
  const repair = activeRepair(messages);
  if (repair) return repairMove(messages, repair, said, answered, offered);

  const feedback = results.find((r) => r.content.startsWith(CHANGES_REQUESTED));
  if (feedback && offered.has("present_plan")) {
    return {
      kind: "call",
      text: "Thanks. Here is the revised plan with your changes.",
      calls: [{ name: "present_plan", input: planOf(requests) }],
    };
  }
  // A new message from the user outranks results of calls it left unanswered.
  if (said === "") {
    const setup = answered.find((a) => a.call?.name === "present_integration_setup");
    if (setup) return { kind: "say", text: afterIntegrationSetup(deriveSpec(requests)) };
    const agentsAnswer = answered.find((a) => a.call?.name === "present_agents");
    const agentsApproved = agentsAnswer?.result.content;
    // Approved agents that reach outside services: show what those need next.
    if (agentsApproved?.startsWith(APPROVED))
      return (
        presentIntegrationSetup(deriveSpec(requests), offered) ?? {
          kind: "say",
          text: afterAgentsApproved(requests, agentsApproved),
        }
      );
    if (results.some((r) => r.content.startsWith(APPROVED))) {
      if (!canBuild)
        return { kind: "say", text: "Plan approved, but this session cannot write files." };
      return writeApp(messages, requests, "Plan approved. Writing the app now.");
    }
    const migrated = answered.find((a) => a.call?.name === "migrate_data");
    if (migrated) return afterMigration(requests, migrated.result, offered);
    const build = answered.find((a) => a.call?.name === "done_building");
    if (build) return afterBuild(messages, requests, build.result, offered);
    const writes = answered.filter((a) => a.call && WRITING_TOOLS.has(a.call.name));
    if (writes.length > 0) {
      const failed = writes.filter((w) => w.result.isError);
      if (failed.length > 0) {
        return {
          kind: "say",
          text: `I could not write ${failed.length} of the app's files:\n\n${failed.map((f) => `- ${f.result.content}`).join("\n")}\n\nTell me how you would like to proceed.`,
        };
      }
      if (offered.has("done_building")) {
        const spec = deriveSpec(requests);
        return {
          kind: "call",
          text: "All files are written. Type-checking and building the app.",
          calls: [{ name: "done_building", input: { summary: summaryOf(spec, requests) } }],
        };
      }
    }
    if (results.length > 0) return { kind: "say", text: afterTools(results) };
  }

  const question = said.trim().endsWith("?");
  if (!question && offered.has("present_plan")) {
    return {
      kind: "call",
      text: hasBuilt(messages)
        ? "Here is how I would change the app. Approve the plan or tell me what to change."
        : "Here is how I would build this. Approve the plan or tell me what to change.",
      calls: [{ name: "present_plan", input: planOf(requests) }],
    };
  }
  if (offered.has("list_files") && /\bfiles?\b/i.test(said)) {
    return {
      kind: "call",
      text: "Let me look at the files.",
      calls: [{ name: "list_files", input: {} }],
    };
  }
  return { kind: "say", text: answer(said, requests) };
}

const WRITING_TOOLS = new Set(["write_file", "delete_file"]);

/** The plan for the app as asked so far; a follow-up's own words lead it, so the user sees them heard. */
function planOf(requests: string[]) {
  const plan = planFor(deriveSpec(requests));
  if (requests.length < 2) return plan;
  const latest = requests.at(-1)!.replace(/\s+/g, " ");
  const quoted = latest.length > 160 ? `${latest.slice(0, 157)}...` : latest;
  return { ...plan, steps: [`Apply your change: "${quoted}"`, ...plan.steps] };
}

/** Writes every file of the app as the requests describe it, and removes ones it no longer has. */
function writeApp(messages: ProviderMessage[], requests: string[], intro: string): Move {
  const spec = deriveSpec(requests);
  const files = generateApp(spec);
  const wanted = new Set(files.map((f) => f.path));
  const written = writtenPaths(messages);
  const stale = [...written].filter((p) => !wanted.has(p)).sort();
  const entities = spec.entities.map((e) => e.plural.toLowerCase()).join(", ");
  return {
    kind: "call",
    text: `${intro} ${files.length} files for ${spec.name}: ${entities}.`,
    calls: [
      ...files.map((f) => ({ name: "write_file", input: { path: f.path, content: f.content } })),
      ...stale.map((path) => ({ name: "delete_file", input: { path } })),
    ],
  };
}

function builtMessage(spec: AppSpec, moved?: string): string {
  const notes = spec.notes?.length ? `\n\nNot done: ${spec.notes.join(" ")}` : "";
  const rules = spec.rules?.length ? `\n\n${rulesStep(spec)}` : "";
  const data = moved ? `\n\nYour existing records: ${moved}` : "";
  return `${spec.name} is built and running in the preview.\n\n${describeSpec(spec)}${rules}${notes}${data}\n\nTry adding a record in the preview: it is saved to the app's draft data and appears live for everyone looking at it. Tell me what to change next.`;
}

/** After migrate_data: the build's message with what happened to the stored records. */
function afterMigration(requests: string[], result: ToolResultPart, offered: Set<string>): Move {
  const spec = deriveSpec(requests);
  const moved = result.isError
    ? `they could not be moved (${result.content.replace(/^Error: /, "")}); they are unchanged.`
    : result.content;
  const agents = agentsCard(spec, offered);
  if (agents) return { ...agents, text: `Your existing records: ${moved} ${agents.text}` };
  return { kind: "say", text: builtMessage(spec, moved) };
}

/** The present_agents card after a green build, when the app declares agents. */
function agentsCard(spec: AppSpec, offered: Set<string>): Move | undefined {
  const withAgents = generateApp(spec).some((f) => f.path === AGENTS_FILE);
  if (!withAgents || !offered.has("present_agents")) return undefined;
  return {
    kind: "call",
    text: `${spec.name} is built and running in the preview. Its agents do nothing until they are approved: here is what they may do.`,
    calls: [
      {
        name: "present_agents",
        input: {
          summary: `The agents ${spec.name} declares, with every tool, collection and trigger.`,
        },
      },
    ],
  };
}

function afterBuild(
  messages: ProviderMessage[],
  requests: string[],
  result: ToolResultPart,
  offered: Set<string>,
): Move {
  const spec = deriveSpec(requests);
  if (!result.isError) {
    // A rename or type change moves the records already typed, now that the new version is live.
    if (spec.migrations?.length && offered.has("migrate_data")) {
      return {
        kind: "call",
        text: "Built. Moving your existing records to the renamed and retyped fields.",
        calls: [{ name: "migrate_data", input: { operations: spec.migrations } }],
      };
    }
    return agentsCard(spec, offered) ?? { kind: "say", text: builtMessage(spec) };
  }
  const attempts = buildAttempts(messages);
  const broken = brokenFiles(result.content);
  const generated = new Map(generateApp(spec).map((f) => [f.path, f.content]));
  const fixable = broken.filter((p) => generated.has(p));
  if (attempts >= MAX_BUILD_ATTEMPTS || fixable.length === 0) {
    return {
      kind: "say",
      text: `The build still fails, so the preview keeps showing the last version that worked. This is what the build reported:\n\n\`\`\`\n${result.content.replace(/^Error: /, "").slice(0, 3000)}\n\`\`\`\n\nI am the offline builder and cannot repair this by reasoning about the code. Describe the change you want again, or connect a model in the workspace settings.`,
    };
  }
  return {
    kind: "call",
    text: `The build reported problems in ${fixable.join(", ")}. Rewriting ${fixable.length === 1 ? "that file" : "those files"} from the app's design and building again.`,
    calls: [
      ...fixable.map((path) => ({
        name: "write_file",
        input: { path, content: generated.get(path)! },
      })),
      {
        name: "done_building",
        input: { summary: `Fixed ${fixable.join(", ")} after a failed build.` },
      },
    ],
  };
}

function afterAgentsApproved(requests: string[], answer: string): string {
  const spec = deriveSpec(requests);
  const mock = /mock data only/i.test(answer);
  return `${spec.name} is ready and its agents are approved${mock ? " for mock data only: their custom tools answer with sample data until an owner or admin approves them" : ""}.\n\n${describeSpec(spec)}\n\nRun an agent from the app's button or the Agents tab, and follow it in the Agent Runs drawer. Tell me what to change next.`;
}

/** Paths named as section headings in a done_building error (one per line, unindented). */
function brokenFiles(report: string): string[] {
  const files = new Set<string>();
  for (const line of report.split("\n")) {
    if (/^(src\/|index\.html|agents\.json)[^\s]*$/.test(line.trim()) && !line.startsWith(" "))
      files.add(line.trim());
  }
  return [...files];
}

/** done_building calls since the user last wrote something. */
function buildAttempts(messages: ProviderMessage[]): number {
  let count = 0;
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (m.role === "user" && userTextOf(m) !== "") break;
    if (m.role === "assistant")
      count += m.content.filter((p) => p.type === "tool_use" && p.name === "done_building").length;
  }
  return count;
}

/**
 * What the user asked for, in order: every message they typed and every change they requested
 * on a plan card. Approvals are not requests.
 */
export function requestsOf(messages: ProviderMessage[]): string[] {
  const requests: string[] = [];
  for (const m of messages) {
    if (m.role !== "user") continue;
    for (const part of m.content) {
      // A repair request is about one tool call, not what the app should be.
      if (part.type === "text" && part.text.trim() !== "" && !isRepairPrompt(part.text.trim()))
        requests.push(part.text.trim());
      if (part.type === "tool_result" && part.content.startsWith(CHANGES_REQUESTED)) {
        const wanted = part.content.slice(CHANGES_REQUESTED.length).trim();
        if (wanted) requests.push(wanted);
      }
    }
  }
  // Questions ask, they don't change the app.
  const changes = requests.filter((r, i) => i === 0 || !r.endsWith("?"));
  return changes.length > 0 ? changes : [""];
}

function writtenPaths(messages: ProviderMessage[]): Set<string> {
  const paths = new Set<string>();
  for (const m of messages) {
    if (m.role !== "assistant") continue;
    for (const part of m.content) {
      if (part.type !== "tool_use") continue;
      const path = (part.input as { path?: unknown } | null)?.path;
      if (typeof path !== "string") continue;
      if (part.name === "write_file") paths.add(path);
      if (part.name === "delete_file") paths.delete(path);
    }
  }
  return paths;
}

function hasBuilt(messages: ProviderMessage[]): boolean {
  return messages.some(
    (m) =>
      m.role === "assistant" &&
      m.content.some((p) => p.type === "tool_use" && p.name === "done_building"),
  );
}

function summaryOf(spec: AppSpec, requests: string[]): string {
  const entities = spec.entities.map((e) => e.plural.toLowerCase()).join(", ");
  const text =
    requests.length > 1
      ? `Updated ${spec.name} (${entities}) as requested.`
      : `First version of ${spec.name}: ${entities}.`;
  return text.slice(0, 500);
}

function callFor(messages: ProviderMessage[], id: string): ToolUsePart | undefined {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (m.role !== "assistant") continue;
    const found = m.content.find((p): p is ToolUsePart => p.type === "tool_use" && p.id === id);
    if (found) return found;
  }
  return undefined;
}

function answer(said: string, requests: string[]): string {
  const prompt = said.trim() || requests[0] || "";
  if (prompt === "") return "Hello! Tell me what you would like to build.";
  if (requests.every((r) => r.endsWith("?"))) {
    return 'I am the offline builder: describe the app your team needs, for example "a CRM for our sales team" or "track support tickets with priority and status", and I will plan it, write it and show it in the preview, with lists, forms, a detail view and a dashboard on live data.';
  }
  const spec = deriveSpec(requests);
  if (prompt.endsWith("?")) {
    return `I am the offline builder: I turn a description into a working app with lists, forms, a detail view and a dashboard on live data. For ${spec.name} I would track ${spec.entities.map((e) => e.plural.toLowerCase()).join(", ")}. Describe what you want changed and I will plan it.`;
  }
  return `Understood. Tell me when you want me to start on ${spec.name}, or ask me anything about it.`;
}

function afterTools(results: ToolResultPart[]): string {
  const failed = results.filter((r) => r.isError).length;
  if (failed > 0) return `${failed} of ${results.length} tool calls failed, so I stopped here.`;
  return `Done: ${results.length === 1 ? "the tool call" : `${results.length} tool calls`} finished. What would you like next?`;
}

/** The text of a message, when it is the user's (ignoring tool results). */
function userTextOf(message: ProviderMessage | undefined): string {
  if (message?.role !== "user") return "";
  return message.content.flatMap((p) => (p.type === "text" ? [p.text] : [])).join("\n");
}

function isToolResult(part: { type: string }): part is ToolResultPart {
  return part.type === "tool_result";
}
