import { router, tenantProcedure } from "../trpc/init";
import { agentsApproval, approveAgents } from "./approvals";
import { AgentsApprovalInput, ApproveAgentsInput } from "./schemas";

export const agentsRouter = router({
  /** Whether the app's agents.json is approved for its current hash, live or for mock data. */
  approval: tenantProcedure
    .input(AgentsApprovalInput)
    .query(({ ctx, input }) => agentsApproval(ctx.tenant, input.appId)),
  approve: tenantProcedure
    .input(ApproveAgentsInput)
    .mutation(({ ctx, input }) => approveAgents(ctx.tenant, input)),
});
