import { router, tenantProcedure } from "../trpc/init";
import { appIntegrations, workspaceIntegrations } from "./grants";
import { AppIntegrationsInput, ClearSecretInput, SetSecretInput } from "./schemas";
import { clearSecret, setSecret } from "./secrets";

export const integrationsRouter = router({
  /** One app's grants: status, setup steps, permission groups, secret names (never values). */
  app: tenantProcedure
    .input(AppIntegrationsInput)
    .query(({ ctx, input }) => appIntegrations(ctx.tenant, input.appId)),
  /** Every grant of the workspace, by app. */
  list: tenantProcedure.query(({ ctx }) => workspaceIntegrations(ctx.tenant)),
  setSecret: tenantProcedure
    .input(SetSecretInput)
    .mutation(({ ctx, input }) => setSecret(ctx.tenant, ctx.deps.config.masterKeys, input)),
  clearSecret: tenantProcedure
    .input(ClearSecretInput)
    .mutation(({ ctx, input }) => clearSecret(ctx.tenant, input)),
});
