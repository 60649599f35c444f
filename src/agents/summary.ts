import type { AgentsFile, AgentTool, AgentTrigger, CustomTool } from "../sdk/agents";

/**
 * What a person reviews of agents.json — on the builder's approval card and the Agents tab: every
 * agent, each tool with the domain and method it reaches, each collection with its access, and
 * what starts it. System prompts and mock data stay in the file.
 */
export interface AgentsSummary {
  hash: string;
  agents: {
    id: string;
    name: string;
    description: string;
    model: string | null;
    tools: ToolSummary[];
    dataCollections: { name: string; access: "read" | "write" }[];
    triggers: AgentTrigger[];
  }[];
  appTools: ToolSummary[];
}

export type ToolSummary =
  | { type: "builtin"; name: string; enabled: boolean }
  | {
      type: "custom";
      name: string;
      description: string;
      method: CustomTool["method"];
      domain: string;
      endpoint: string;
      enabled: boolean;
    };

function toolSummary(tool: AgentTool): ToolSummary {
  if (tool.type === "builtin") return { type: "builtin", name: tool.name, enabled: tool.enabled };
  return {
    type: "custom",
    name: tool.name,
    description: tool.description,
    method: tool.method,
    domain: tool.integration.domain,
    endpoint: tool.endpoint,
    enabled: tool.enabled,
  };
}

export function summariseAgents(file: AgentsFile, hash: string): AgentsSummary {
  return {
    hash,
    agents: file.agents.map((a) => ({
      id: a.id,
      name: a.name,
      description: a.description,
      model: a.model ?? null,
      tools: a.tools.map(toolSummary),
      dataCollections: a.dataCollections,
      triggers: a.triggers,
    })),
    appTools: file.appTools.map(toolSummary),
  };
}
