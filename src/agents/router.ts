import { runDeps } from "../runs/router";
import { router, tenantProcedure } from "../trpc/init";
import { agentsApproval, approveAgents } from "./approvals";
import { answerAgentsCard } from "./card";
import { agentsConfig } from "./config";
import { revokeAgents } from "./revoke";
import {
  AgentsAppInput,
  AgentsApprovalInput,
  AnswerAgentsCardInput,
  ApproveAgentsInput,
  SetToolEnabledInput,
} from "./schemas";
import { setToolEnabled } from "./tool-switch";

export const agentsRouter = router({
  /** Whether the app's agents.json is approved for its current hash, live or for mock data. */
  approval: tenantProcedure
    .input(AgentsApprovalInput)
    .query(({ ctx, input }) => agentsApproval(ctx.tenant, input.appId)),
  approve: tenantProcedure
    .input(ApproveAgentsInput)
    .mutation(({ ctx, input }) => approveAgents(ctx.tenant, input)),
  /** The current build's agents as a person reviews them, with the approval and what the caller may do. */
  config: tenantProcedure
    .input(AgentsAppInput)
    .query(({ ctx, input }) => agentsConfig(ctx.tenant, input.appId)),
  revoke: tenantProcedure
    .input(AgentsAppInput)
    .mutation(({ ctx, input }) => revokeAgents(ctx.tenant, input.appId)),
  setToolEnabled: tenantProcedure
    .input(SetToolEnabledInput)
    .mutation(({ ctx, input }) => setToolEnabled(ctx.tenant, input)),
  /** The builder's present_agents card: approve (live or mock-only) and resume, or ask for changes. */
  answerCard: tenantProcedure
    .input(AnswerAgentsCardInput)
    .mutation(({ ctx, input }) => answerAgentsCard(ctx.tenant, runDeps(ctx.deps), input)),
});
