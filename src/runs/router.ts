import type { Deps } from "../trpc/context";
import { router, tenantProcedure } from "../trpc/init";
import { providerSetup } from "./models";
import {
  appUsage,
  createRun,
  getRun,
  listRuns,
  providers,
  type RunDeps,
  respondToRun,
  retryRun,
  stopRun,
} from "./runs";
import { CreateRunInput, ListRunsInput, RespondInput, RunTargetInput } from "./schemas";

export const runDeps = (deps: Deps): RunDeps => ({
  providers: providerSetup(deps.config),
  enqueue: ({ workspaceId, runId, key }) =>
    deps.queue.enqueue("builder.run", { workspaceId, runId, idempotencyKey: key ?? runId }),
});

export const runsRouter = router({
  providers: tenantProcedure.query(({ ctx }) => providers(runDeps(ctx.deps))),
  create: tenantProcedure
    .input(CreateRunInput)
    .mutation(({ ctx, input }) => createRun(ctx.tenant, runDeps(ctx.deps), input)),
  get: tenantProcedure
    .input(RunTargetInput)
    .query(({ ctx, input }) => getRun(ctx.tenant, input.runId)),
  list: tenantProcedure
    .input(ListRunsInput)
    .query(({ ctx, input }) => listRuns(ctx.tenant, input.appId)),
  respond: tenantProcedure
    .input(RespondInput)
    .mutation(({ ctx, input }) => respondToRun(ctx.tenant, runDeps(ctx.deps), input)),
  retry: tenantProcedure
    .input(RunTargetInput)
    .mutation(({ ctx, input }) => retryRun(ctx.tenant, runDeps(ctx.deps), input.runId)),
  usage: tenantProcedure
    .input(ListRunsInput)
    .query(({ ctx, input }) => appUsage(ctx.tenant, input.appId)),
  stop: tenantProcedure
    .input(RunTargetInput)
    .mutation(({ ctx, input }) => stopRun(ctx.tenant, input.runId)),
});
