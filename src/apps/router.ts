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
  delete: tenantProcedure
    .input(AppTargetInput)
    .mutation(({ ctx, input }) => deleteApp(ctx.tenant, input.appId)),
});
