import type { TenantCtx } from "../context";
import { runDeps } from "../runs/router";
import { requireRun } from "../runs/runs";
import type { Deps } from "../trpc/context";
import { router, tenantProcedure } from "../trpc/init";
import { agentsApproval, approveAgents } from "./approvals";
import { answerAgentsCard } from "./card";
import { agentsConfig } from "./config";
import { revokeAgents } from "./revoke";
import { listAgentSchedules, syncSchedulesAfterCommit } from "./schedules";
import {
  AgentsAppInput,
  AgentsApprovalInput,
  AnswerAgentsCardInput,
  ApproveAgentsInput,
  SetToolEnabledInput,
} from "./schemas";
import { setToolEnabled } from "./tool-switch";

/** For a procedure that may change the app's approval: its schedules follow once it commits. */
function schedulesFollow(ctx: { tenant: TenantCtx; deps: Deps }, appId: string) {
  const target = { workspaceId: ctx.tenant.actor.workspaceId, appId };
  ctx.tenant.afterCommit?.(() => syncSchedulesAfterCommit(ctx.deps, target));
}

export const agentsRouter = router({
  /** Whether the app's agents.json is approved for its current hash, live or for mock data. */
  approval: tenantProcedure
    .input(AgentsApprovalInput)
    .query(({ ctx, input }) => agentsApproval(ctx.tenant, input.appId)),
  approve: tenantProcedure.input(ApproveAgentsInput).mutation(async ({ ctx, input }) => {
    const approved = await approveAgents(ctx.tenant, input);
    schedulesFollow(ctx, input.appId);
    return approved;
  }),
  /** The current build's agents as a person reviews them, with the approval and what the caller may do. */
  config: tenantProcedure
    .input(AgentsAppInput)
    .query(({ ctx, input }) => agentsConfig(ctx.tenant, input.appId)),
  revoke: tenantProcedure.input(AgentsAppInput).mutation(async ({ ctx, input }) => {
    const revoked = await revokeAgents(ctx.tenant, input.appId);
    schedulesFollow(ctx, input.appId);
    return revoked;
  }),
  setToolEnabled: tenantProcedure.input(SetToolEnabledInput).mutation(async ({ ctx, input }) => {
    const saved = await setToolEnabled(ctx.tenant, input);
    schedulesFollow(ctx, input.appId);
    return saved;
  }),
  /** The builder's present_agents card: approve (live or mock-only) and resume, or ask for changes. */
  answerCard: tenantProcedure.input(AnswerAgentsCardInput).mutation(async ({ ctx, input }) => {
    const answered = await answerAgentsCard(ctx.tenant, runDeps(ctx.deps), input);
    if (answered.mode !== null) {
      const run = await requireRun(ctx.tenant.tx, ctx.tenant.actor, input.runId);
      schedulesFollow(ctx, run.appId);
    }
    return answered;
  }),
  /** The app's schedule triggers with their next run time (UTC), while the approval holds. */
  schedules: tenantProcedure
    .input(AgentsAppInput)
    .query(({ ctx, input }) => listAgentSchedules(ctx.tenant, ctx.deps.queue, input.appId)),
});
