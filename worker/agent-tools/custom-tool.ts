import { z } from "zod";
import { toolFailureOf } from "../../src/agents/tool-failure";
import { executeTool, type ToolCall } from "../../src/integrations/executor";
import { defineTool, type ToolResult } from "../tools/tool";
import type { AgentToolContext, Refusal } from "./context";
import { underApproval } from "./context";
import { auditOutbound, outboundOf, toolResultOf } from "./outbound";
import type { AgentDecl, CustomTool } from "./types";

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
 * One custom HTTP tool call. Inside the approval step (one short transaction) the approved spec
 * and the app's grant and secrets are read; the call itself runs after that transaction, through
 * the guarded executor (live when approved live and set up, else mock data with the reason), and
 * is audited in its own transaction.
 */
export async function executeCustomTool(
  ctx: AgentToolContext,
  name: string,
  input: Record<string, unknown>,
): Promise<ToolResult> {
  const outbound = outboundOf(ctx);
  let prepared: { call: ToolCall } | null = null;
  const gate = await underApproval(
    ctx,
    name,
    (agent) => customToolAllowed(agent, name),
    async (tx, approval) => {
      // The approved payload's definition, not the one the run started with.
      const tool = approval.agent.tools.find(
        (t): t is CustomTool => t.type === "custom" && t.name === name,
      )!;
      const credentials =
        approval.mode === "live"
          ? await outbound.credentials(tx, {
              workspaceId: ctx.workspaceId,
              appId: ctx.appId,
              domain: tool.integration.domain,
              keySlug: tool.integration.keySlug,
              userId: ctx.triggeredBy ?? null,
            })
          : null;
      prepared = {
        call: {
          source: { kind: "agent", agentId: ctx.agentId },
          tool,
          input,
          approval: { mode: approval.mode, payload: { version: 1, agents: [approval.agent] } },
          credentials,
        },
      };
      return { output: "", isError: false };
    },
  );
  const ready = prepared as { call: ToolCall } | null;
  if (!ready) return gate;
  const outcome = await executeTool(ready.call, outbound.options);
  await auditOutbound(ctx, outcome.audit, ready.call.credentials?.secrets ?? null);
  const result = await toolResultOf(ctx, name, outcome);
  return outcome.kind === "failed" || outcome.kind === "denied"
    ? { ...result, failure: toolFailureOf(ready.call.tool, outcome) }
    : result;
}

/** The model-facing tool for one custom tool of the agent, re-checked at every call. */
export function customAgentTool(tool: CustomTool) {
  return defineTool({
    name: tool.name,
    description: tool.description,
    input: inputSchemaOf(tool),
    run: (ctx: AgentToolContext, input) =>
      executeCustomTool(ctx, tool.name, input as Record<string, unknown>),
  });
}
