import type { ToolSpec } from "../providers/types";
import { presentAgentsTool } from "./present-agents";
import { presentIntegrationSetupTool } from "./present-integration-setup";
import { presentPlanTool } from "./present-plan";
import { presentSuggestionsTool } from "./present-suggestions";
import { builderTools, toolDefinitions } from "./registry";
import type { BuilderTool } from "./tool";

/** Tools that end the run in awaiting_approval; the user's answer becomes their result. */
export const approvalStopTools: readonly BuilderTool[] = [
  presentPlanTool,
  presentSuggestionsTool,
  presentAgentsTool,
  presentIntegrationSetupTool,
];

export const approvalStopToolNames: readonly string[] = approvalStopTools.map((t) => t.name);

/** Everything the builder agent is offered: the file tools, then the approval stops. */
export const allBuilderTools: readonly BuilderTool[] = [...builderTools, ...approvalStopTools];

/** The provider-neutral specs a model sees for these tools. */
export function toolSpecs<C>(
  tools: readonly BuilderTool<C>[] = allBuilderTools as never,
): ToolSpec[] {
  return toolDefinitions(tools).map((d) => ({
    name: d.name,
    description: d.description,
    inputSchema: d.input_schema,
  }));
}
