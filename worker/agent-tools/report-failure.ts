import { z } from "zod";
import { withTenant } from "../../db/tenant";
import { recordAudit } from "../../src/audit/record";
import { defineTool } from "../tools/tool";
import { type AgentToolContext, agentActor } from "./context";

export const reportToolCallFailedTool = defineTool({
  name: "report_tool_call_failed",
  description:
    "Record that a tool call failed or returned something unusable, so the people running this app can see it. Then carry on or finish.",
  input: z.strictObject({
    toolName: z.string().min(1).max(64).describe("The tool whose call failed."),
    reason: z.string().min(1).max(1000).describe("What went wrong, in one or two sentences."),
  }),
  run: async (ctx: AgentToolContext, input) => {
    await withTenant(ctx.db.db, { workspaceId: ctx.workspaceId }, (tx) =>
      recordAudit(tx, agentActor(ctx), {
        action: "app_agent.tool_failed",
        outcome: "failure",
        summary: `${ctx.agentName} reported a failed call of ${input.toolName}`,
        target: { type: "run", id: ctx.runId, name: ctx.agentName },
        // The reason is the model's own words: the row keeps its length only.
        metadata: {
          appId: ctx.appId,
          agentId: ctx.agentId,
          tool: input.toolName,
          reasonLength: input.reason.length,
        },
      }),
    );
    ctx.audited?.(ctx.workspaceId);
    await ctx.emit({
      type: "tool-failure-reported",
      toolName: input.toolName,
      reason: input.reason,
    });
    return "Recorded. The failure is visible in this run's events and the audit log.";
  },
});
