import { z } from "zod";
import { withTenant } from "../../db/tenant";
import { lastFailedCall, reportToolFailure } from "../../src/agents/repair";
import { redactNote } from "../../src/agents/repair-prompt";
import { recordAudit } from "../../src/audit/record";
import { ServiceError } from "../../src/errors";
import { defineTool } from "../tools/tool";
import { type AgentToolContext, agentActor } from "./context";

/**
 * The failed call of `toolName` this run made, sent to the app's builder as a repair request —
 * when it was one of the agent's own HTTP tools and the worker can start builder runs. Says what
 * happened in words the model can pass on.
 */
async function requestRepair(ctx: AgentToolContext, toolName: string, reason: string) {
  const repairs = ctx.repairs;
  if (!repairs) return null;
  const after: (() => unknown)[] = [];
  try {
    const result = await withTenant(ctx.db.db, { workspaceId: ctx.workspaceId }, async (tx) => {
      const toolCallId = await lastFailedCall(tx, ctx.workspaceId, ctx.runId, toolName);
      if (!toolCallId) return null;
      return reportToolFailure(
        { tx, actor: agentActor(ctx), afterCommit: (fn) => after.push(fn) },
        repairs,
        { runId: ctx.runId, toolCallId, agentNote: reason },
      );
    });
    for (const fn of after) await fn();
    if (!result) return null;
    ctx.audited?.(ctx.workspaceId);
    ctx.notifier.changed(ctx.workspaceId);
    return result.created
      ? "It was sent to the app's builder as a repair request."
      : "It had already been sent to the app's builder.";
  } catch (err) {
    if (err instanceof ServiceError) return `It was not sent to the builder: ${err.message}`;
    throw err;
  }
}

export const reportToolCallFailedTool = defineTool({
  name: "report_tool_call_failed",
  description:
    "Record that a tool call failed or returned something unusable, so the people running this app can see it and the app's builder can repair the tool. Then carry on or finish.",
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
    // The model's words go to every viewer of the run (and to the builder): without anything
    // that looks like a credential, a token or a URL's query.
    const reason = redactNote(input.reason);
    await ctx.emit({ type: "tool-failure-reported", toolName: input.toolName, reason });
    const repair = await requestRepair(ctx, input.toolName, reason);
    return `Recorded. The failure is visible in this run's events and the audit log.${repair ? ` ${repair}` : ""}`;
  },
});
