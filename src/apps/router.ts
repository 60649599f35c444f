import { refusalAuditor } from "../agents/runs";
import { syncSchedulesAfterCommit } from "../agents/schedules";
import { oauthRevokeDeps } from "../integrations/oauth";
import type { Deps } from "../trpc/context";
import { router, tenantProcedure } from "../trpc/init";
import { createApp, deleteApp, getApp, listApps, renameApp } from "./apps";
import { addCollaborator, appAccessInfo, removeCollaborator } from "./collaborators";
import { AppTargetInput, CollaboratorInput, CreateAppInput, RenameAppInput } from "./schemas";

const collaboratorDeps = (deps: Deps) => ({
  auditRefusal: refusalAuditor(deps.db, (ws) => deps.sealer.schedule(ws)),
});

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
    const deleted = await deleteApp(ctx.tenant, input.appId, oauthRevokeDeps(ctx.deps));
    // Its approval went with it: the app's agent schedules go too.
    ctx.tenant.afterCommit?.(() => syncSchedulesAfterCommit(ctx.deps, input));
    return deleted;
  }),
  /** Who makes and who sees the app (makers only): creator, collaborators, target teams. */
  access: tenantProcedure
    .input(AppTargetInput)
    .query(({ ctx, input }) => appAccessInfo(ctx.tenant, input.appId)),
  addCollaborator: tenantProcedure
    .input(CollaboratorInput)
    .mutation(({ ctx, input }) => addCollaborator(ctx.tenant, collaboratorDeps(ctx.deps), input)),
  removeCollaborator: tenantProcedure
    .input(CollaboratorInput)
    .mutation(({ ctx, input }) =>
      removeCollaborator(ctx.tenant, collaboratorDeps(ctx.deps), input),
    ),
});
