import type { Database } from "../../db/client";
import { type Tx, withTenant } from "../../db/tenant";
import type { RepairDeps } from "../../src/agents/repair";
import { approvedAgentNow } from "../../src/agents/run-approval";
import type { AgentRunDeps } from "../../src/agents/runs";
import { recordAudit } from "../../src/audit/record";
import type { Actor } from "../../src/context";
import type { Scope } from "../../src/data/schemas";
import { ServiceError } from "../../src/errors";
import type { LiveNotifier } from "../../src/realtime/hub";
import type { RunEmitter } from "../agent/events";
import type { ToolResult } from "../tools/tool";
import type { Outbound } from "./outbound";
import type { AgentDecl, ApprovalModeLike } from "./types";

/** What an app agent's tool calls reach: the run, its app and scope, and the way to the data. */
export interface AgentToolContext {
  db: Database;
  notifier: LiveNotifier;
  /** Schedules sealing of the audit rows a call wrote. */
  audited?: (workspaceId: string) => void;
  workspaceId: string;
  appId: string;
  runId: string;
  agentId: string;
  agentName: string;
  /** The user who triggered the run: OAuth tools run with their connection (null: nobody's). */
  triggeredBy?: string | null;
  scope: Scope;
  emit: RunEmitter;
  /** How custom tools and WebFetch reach out: the executor's options and the app's grants. */
  outbound?: Outbound;
  /** Starts the runs the agent's writes trigger in other agents (src/agents/triggers.ts). */
  agentRuns?: AgentRunDeps;
  /** Starts the builder's repair run when the agent reports a failed tool call. */
  repairs?: RepairDeps;
}

/** Agent writes are audited and stamped as the agent, with the run id as its id. */
export const agentActor = (ctx: AgentToolContext): Actor => ({
  kind: "agent",
  userId: ctx.runId,
  displayName: ctx.agentName,
  workspaceId: ctx.workspaceId,
  role: "member",
});

export interface Refusal {
  code: string;
  message: string;
}

/** A typed refusal as the model sees it: nothing was done. */
export const refusalResult = (tool: string, r: Refusal): ToolResult => ({
  output: `Refused (${r.code}): ${r.message} Nothing was done by ${tool}.`,
  isError: true,
});

/**
 * Runs a tool step under the approval as it is NOW: one tenant transaction re-reads the approval
 * row (shared lock, so a revoke waits for the step or the step sees the revoke), asks `allowed`
 * whether the approved agent may do this, and only then runs `step`. A refusal is audited in the
 * same transaction and put in the run's events; nothing else is written.
 */
export async function underApproval(
  ctx: AgentToolContext,
  tool: string,
  allowed: (agent: AgentDecl, tx: Tx) => Refusal | null | Promise<Refusal | null>,
  step: (tx: Tx, approval: { agent: AgentDecl; mode: ApprovalModeLike }) => Promise<ToolResult>,
): Promise<ToolResult> {
  const outcome = await withTenant(ctx.db.db, { workspaceId: ctx.workspaceId }, async (tx) => {
    const approved = await approvedAgentNow(tx, ctx, ctx.appId, ctx.agentId, {
      lock: true,
      scope: ctx.scope,
    });
    const refusal: Refusal | null = approved.ok
      ? await allowed(approved.agent, tx)
      : {
          code: approved.reason === "none" ? "not_approved" : approved.reason,
          message: approved.message,
        };
    if (refusal) {
      await auditRefusal(tx, ctx, tool, refusal);
      return { refusal };
    }
    return { result: await step(tx, approved as { agent: AgentDecl; mode: ApprovalModeLike }) };
  });
  if ("refusal" in outcome && outcome.refusal) {
    ctx.audited?.(ctx.workspaceId);
    await ctx.emit({ type: "tool-refused", toolName: tool, ...outcome.refusal });
    return refusalResult(tool, outcome.refusal);
  }
  return outcome.result!;
}

export async function auditRefusal(tx: Tx, ctx: AgentToolContext, tool: string, r: Refusal) {
  await recordAudit(tx, agentActor(ctx), {
    action: "app_agent.tool_refused",
    outcome: "denied",
    summary: `${ctx.agentName} was refused ${tool}: ${r.code.replaceAll("_", " ")}`,
    target: { type: "run", id: ctx.runId, name: ctx.agentName },
    metadata: { appId: ctx.appId, agentId: ctx.agentId, tool, code: r.code, scope: ctx.scope },
  });
}

/** A domain error of a tool step (its transaction rolled back) as the model's error result. */
export async function asToolError(step: () => Promise<ToolResult>): Promise<ToolResult> {
  try {
    return await step();
  } catch (err) {
    if (err instanceof ServiceError)
      return { output: `Error (${err.code}): ${err.message}`, isError: true };
    throw err;
  }
}

/** A refusal decided without the approval (e.g. a tool the run never offered). */
export async function refuseOutright(ctx: AgentToolContext, tool: string, r: Refusal) {
  await withTenant(ctx.db.db, { workspaceId: ctx.workspaceId }, (tx) =>
    auditRefusal(tx, ctx, tool, r),
  );
  ctx.audited?.(ctx.workspaceId);
  await ctx.emit({ type: "tool-refused", toolName: tool, ...r });
  return refusalResult(tool, r);
}
