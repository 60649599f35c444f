import type { AgentTriggerRef } from "../../src/agents/runs";
import type { AgentDecl } from "../../src/sdk/agents";
import type { CollectionsFile } from "../../src/sdk/collections";

/** One collection as the agent is told about it; the offline agent reads the same lines back. */
export interface CollectionBrief {
  name: string;
  access: "read" | "write";
  display?: string;
  fields: { name: string; label?: string; type: string; options?: string[] }[];
}

export function collectionBriefs(
  agent: AgentDecl,
  collections: CollectionsFile | null,
): CollectionBrief[] {
  return agent.dataCollections.map((c) => {
    const decl =
      collections && Object.hasOwn(collections.collections, c.name)
        ? collections.collections[c.name]!
        : null;
    return {
      name: c.name,
      access: c.access,
      display: decl?.display,
      fields: Object.entries(decl?.fields ?? {}).map(([name, f]) => ({
        name,
        label: f.label,
        type: f.type,
        ...(f.options && { options: f.options }),
      })),
    };
  });
}

export const COLLECTIONS_HEADING = "Collections you may use (name, access, fields as JSON):";
export const INPUT_HEADING = "Input:";
export const TODAY_PREFIX = "Today is ";

/** The agent's own instructions, then the platform's: its data, its tools, how to finish. */
export function agentSystemPrompt(
  agent: AgentDecl,
  briefs: CollectionBrief[],
  scope: "draft" | "published",
) {
  const sections = [
    agent.systemPrompt,
    `You are “${agent.name}”, an agent working inside an internal app beside its people. ${agent.description}`,
    briefs.length > 0
      ? `${COLLECTIONS_HEADING}\n${briefs.map((b) => `- ${JSON.stringify(b)}`).join("\n")}\nYou work on the app's ${scope} data. Read with read_app_data; change data only with update_app_data, only in collections with write access. Every change is audited and shown to everyone viewing the app at once.`
      : "This agent uses none of the app's data.",
    `Tool results marked "mock": true are sample data, not live answers: say so when you rely on them. If a tool call fails or is refused, call report_tool_call_failed once and carry on with what you can do. Never invent data you did not read.`,
    "Finish with a short plain summary of what you did and changed (one to three sentences).",
  ];
  return sections.join("\n\n");
}

/** The run's first message: what started it and its input. */
export function agentFirstMessage(
  trigger: AgentTriggerRef,
  input: Record<string, unknown>,
  now = new Date(),
) {
  const started =
    trigger.type === "manual"
      ? "A person started this run."
      : trigger.type === "document"
        ? `A document was ${trigger.on} in ${trigger.collection} (id ${trigger.documentId}).`
        : `The schedule ${trigger.cron} started this run (due ${trigger.scheduledFor}).`;
  const today = `${TODAY_PREFIX}${now.toISOString().slice(0, 10)} (UTC).`;
  return `${started} ${today}\n\n${INPUT_HEADING}\n\`\`\`json\n${JSON.stringify(input, null, 2)}\n\`\`\``;
}
