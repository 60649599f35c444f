import type { TenantCtx } from "../context";
import { ServiceError } from "../errors";
import { appendRunEvents } from "../runs/events";
import { type RunDeps, requireRun, respondToRun } from "../runs/runs";
import { approveAgents } from "./approvals";

export const PRESENT_AGENTS = "present_agents";

/**
 * Answers the builder's present_agents card in one step: approving approves the agents for the
 * hash the card showed (live for owners and admins, mock-only for anyone else) and lets the run go
 * on; requesting changes approves nothing. A file changed since the card was shown is a CONFLICT
 * and answers nothing.
 */
export async function answerAgentsCard(
  ctx: TenantCtx,
  deps: RunDeps,
  input: { runId: string; approve: boolean; hash: string; feedback?: string },
) {
  const { tx, actor } = ctx;
  const run = await requireRun(tx, actor, input.runId);
  const approvals = (run.pending?.approvals ?? []) as { toolName?: string }[];
  if (run.status !== "awaiting_approval" || !approvals.some((a) => a.toolName === PRESENT_AGENTS))
    throw new ServiceError("PRECONDITION_FAILED", "This run is not waiting for an agents review.");
  if (!input.approve) {
    await respondToRun(ctx, deps, { runId: run.id, approve: false, feedback: input.feedback });
    return { mode: null };
  }
  const { hash, mode } = await approveAgents(ctx, {
    appId: run.appId,
    hash: input.hash,
    source: "build_chat",
  });
  await appendRunEvents(tx, actor.workspaceId, run.id, [
    { type: "agents-approved", data: { hash, mode } },
  ]);
  await respondToRun(ctx, deps, {
    runId: run.id,
    approve: true,
    feedback:
      mode === "live"
        ? "The agents are approved live."
        : "The agents are approved for mock data only: their custom tools answer with mock data until an owner or admin approves them.",
  });
  return { mode };
}
