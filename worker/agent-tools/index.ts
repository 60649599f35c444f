import type { BuilderTool } from "../tools/tool";
import { builtinAgentTool } from "./builtin-tool";
import { type AgentToolContext, refuseOutright } from "./context";
import { customAgentTool } from "./custom-tool";
import { readAppDataTool } from "./read-app-data";
import { reportToolCallFailedTool } from "./report-failure";
import type { AgentDecl } from "./types";
import { updateAppDataTool } from "./update-app-data";

export type AgentTool = BuilderTool<AgentToolContext>;

/**
 * What the agent is offered: the data tools when it has collections (writing only with a write
 * collection), its enabled tools, and report_tool_call_failed. Disabled tools are not offered.
 */
export function agentToolsFor(agent: AgentDecl): AgentTool[] {
  const tools: AgentTool[] = [];
  if (agent.dataCollections.length > 0) tools.push(readAppDataTool);
  if (agent.dataCollections.some((c) => c.access === "write")) tools.push(updateAppDataTool);
  for (const tool of agent.tools) {
    if (!tool.enabled) continue;
    tools.push(tool.type === "custom" ? customAgentTool(tool) : builtinAgentTool(tool.name));
  }
  tools.push(reportToolCallFailedTool);
  return tools;
}

/** A call of a tool the run did not offer: refused (and audited) when it names a known one. */
export function unofferedTool(agent: AgentDecl) {
  return async (ctx: AgentToolContext, name: string) => {
    const declared = agent.tools.find((t) => t.name === name);
    if (declared && !declared.enabled)
      return refuseOutright(ctx, name, {
        code: "tool_disabled",
        message: `“${name}” is disabled.`,
      });
    if (name === "update_app_data")
      return refuseOutright(ctx, name, {
        code: "read_only_collection",
        message: "This agent is approved to read data only.",
      });
    return null;
  };
}
