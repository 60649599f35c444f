import { providerSetup } from "../runs/models";
import { runDeps } from "../runs/router";
import type { Deps } from "../trpc/context";
import { router, tenantProcedure } from "../trpc/init";
import { reportToolFailure } from "./repair";
import {
  type AgentRunDeps,
  declaredAgents,
  getAgentRun,
  listAgentRuns,
  refusalAuditor,
  retryAgentRun,
  startAgentRun,
  stopAgentRun,
} from "./runs";
import {
  AgentRunTargetInput,
  AppAgentsInput,
  ListAgentRunsInput,
  ReportToBuilderInput,
  StartAgentRunInput,
} from "./runs-schemas";

export const agentRunDeps = (deps: Deps): AgentRunDeps => ({
  providers: providerSetup(deps.config),
  enqueue: ({ workspaceId, runId }) =>
    deps.queue.enqueue("agent.run", { workspaceId, runId, idempotencyKey: runId }),
  auditRefusal: refusalAuditor(deps.db, (ws) => deps.sealer.schedule(ws)),
});

/** App agents' runs. Clients start manual runs only; triggers start the others. */
export const agentRunsRouter = router({
  start: tenantProcedure
    .input(StartAgentRunInput)
    .mutation(({ ctx, input }) =>
      startAgentRun(ctx.tenant, agentRunDeps(ctx.deps), { ...input, trigger: { type: "manual" } }),
    ),
  list: tenantProcedure
    .input(ListAgentRunsInput)
    .query(({ ctx, input }) => listAgentRuns(ctx.tenant, input)),
  get: tenantProcedure
    .input(AgentRunTargetInput)
    .query(({ ctx, input }) => getAgentRun(ctx.tenant, input.runId)),
  stop: tenantProcedure
    .input(AgentRunTargetInput)
    .mutation(({ ctx, input }) => stopAgentRun(ctx.tenant, input.runId)),
  retry: tenantProcedure
    .input(AgentRunTargetInput)
    .mutation(({ ctx, input }) => retryAgentRun(ctx.tenant, agentRunDeps(ctx.deps), input.runId)),
  /** Sends a failed custom-tool call to the builder as a repair request (makers only). */
  reportToBuilder: tenantProcedure.input(ReportToBuilderInput).mutation(({ ctx, input }) =>
    reportToolFailure(
      ctx.tenant,
      {
        runs: runDeps(ctx.deps),
        masterKeys: ctx.deps.config.masterKeys,
        auditRefusal: refusalAuditor(ctx.deps.db, (ws) => ctx.deps.sealer.schedule(ws)),
      },
      input,
    ),
  ),
  agents: tenantProcedure
    .input(AppAgentsInput)
    .query(({ ctx, input }) => declaredAgents(ctx.tenant, input.appId)),
});
