import { syncSchedulesAfterCommit } from "../agents/schedules";
import { router, tenantProcedure } from "../trpc/init";
import { createApp, deleteApp, getApp, listApps, renameApp } from "./apps";
import { AppTargetInput, CreateAppInput, RenameAppInput } from "./schemas";

export const appsRouter = router({
  list: tenantProcedure.query(({ ctx }) => listApps(ctx.tenant)),
  get: tenantProcedure
    .input(AppTargetInput)
    .query(({ ctx, input }) => getApp(ctx.tenant, input.appId)),
  create: tenantProcedure
    .input(CreateAppInput)
    .mutation(({ ctx, input }) => createApp(ctx.tenant, input)),
  rename: tenantProcedure
    .input(RenameAppInput)
    .mutation(({ ctx, input }) => renameApp(ctx.tenant, input.appId, input.name)),
  delete: tenantProcedure.input(AppTargetInput).mutation(async ({ ctx, input }) => {
    const deleted = await deleteApp(ctx.tenant, input.appId);
    // Its approval went with it: the app's agent schedules go too.
    ctx.tenant.afterCommit?.(() => syncSchedulesAfterCommit(ctx.deps, input));
    return deleted;
  }),
});
