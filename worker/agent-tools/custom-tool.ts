import { createHash } from "node:crypto";
import { z } from "zod";
import { defineTool, type ToolResult } from "../tools/tool";
import type { AgentToolContext, Refusal } from "./context";
import { underApproval } from "./context";
import type { AgentDecl, ApprovalModeLike, CustomTool } from "./types";

export type MockReason = "not_configured" | "mock_only_approval";

/** The tool's declared inputs as the zod schema its calls are checked against. */
export function inputSchemaOf(tool: CustomTool) {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, field] of Object.entries(tool.inputSchema.properties)) {
    const base =
      field.type === "string"
        ? z.string().max(4000)
        : field.type === "boolean"
          ? z.boolean()
          : field.type === "integer"
            ? z.number().int()
            : z.number();
    const described = field.description ? base.describe(field.description) : base;
    shape[name] = tool.inputSchema.required.includes(name) ? described : described.optional();
  }
  return z.strictObject(shape);
}

/** The approved agent still has this custom tool, enabled. */
export function customToolAllowed(agent: AgentDecl, name: string): Refusal | null {
  const tool = agent.tools.find((t) => t.type === "custom" && t.name === name);
  if (!tool)
    return {
      code: "tool_not_approved",
      message: `“${name}” is not a tool this agent was approved to use.`,
    };
  if (!tool.enabled) return { code: "tool_disabled", message: `“${name}” is disabled.` };
  return null;
}

/**
 * One custom HTTP tool call. Today every call answers with the tool's mockData, labelled with why:
 * the approval is for mock data only, or the integration is not set up (no integration can be yet).
 * This is the one seam where live execution (integration, secrets, domain lock) replaces the mock.
 */
export function executeCustomTool(
  tool: CustomTool,
  input: Record<string, unknown>,
  approval: { mode: ApprovalModeLike },
): ToolResult {
  const reason: MockReason = approval.mode === "mock" ? "mock_only_approval" : "not_configured";
  // The same input always picks the same entry, so a run can be replayed and compared.
  const digest = createHash("sha256").update(JSON.stringify(input)).digest();
  const entry = tool.mockData[digest.readUInt32BE(0) % tool.mockData.length];
  const why =
    reason === "mock_only_approval"
      ? "these agents are approved for mock data only"
      : `the ${tool.integration.domain} integration is not set up on this installation`;
  return {
    output: JSON.stringify({
      mock: true,
      mockReason: reason,
      note: `Sample data, not a live answer: ${why}. Say so when you use it.`,
      data: entry,
    }),
    isError: false,
    mock: { reason },
  };
}

/** The model-facing tool for one custom tool of the agent, re-checked at every call. */
export function customAgentTool(tool: CustomTool) {
  return defineTool({
    name: tool.name,
    description: tool.description,
    input: inputSchemaOf(tool),
    run: (ctx: AgentToolContext, input) =>
      underApproval(
        ctx,
        tool.name,
        (agent) => customToolAllowed(agent, tool.name),
        async (_tx, approval) => {
          // The approved payload's definition, not the one the run started with.
          const current = approval.agent.tools.find(
            (t): t is CustomTool => t.type === "custom" && t.name === tool.name,
          )!;
          return executeCustomTool(current, input as Record<string, unknown>, approval);
        },
      ),
  });
}
