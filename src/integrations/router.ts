import { router, tenantProcedure } from "../trpc/init";
import { executorOptionsOf } from "./executor";
import { appIntegrations, workspaceIntegrations } from "./grants";
import {
  disconnectOauth,
  oauthRevokeDeps,
  removeOauthClient,
  setOauthClient,
  startOauthConnect,
} from "./oauth";
import {
  AppIntegrationsInput,
  ClearSecretInput,
  GrantOnlyInput,
  SetOauthClientInput,
  SetSecretInput,
  StartOauthInput,
} from "./schemas";
import { clearSecret, setSecret } from "./secrets";

export const integrationsRouter = router({
  /** One app's grants: status, setup steps, permission groups, secret names (never values). */
  app: tenantProcedure
    .input(AppIntegrationsInput)
    .query(({ ctx, input }) => appIntegrations(ctx.tenant, input.appId, ctx.deps.config.publicUrl)),
  /** Every grant of the workspace, by app. */
  list: tenantProcedure.query(({ ctx }) =>
    workspaceIntegrations(ctx.tenant, ctx.deps.config.publicUrl),
  ),
  setSecret: tenantProcedure
    .input(SetSecretInput)
    .mutation(({ ctx, input }) => setSecret(ctx.tenant, ctx.deps.config.masterKeys, input)),
  clearSecret: tenantProcedure
    .input(ClearSecretInput)
    .mutation(({ ctx, input }) => clearSecret(ctx.tenant, input)),
  /** Admins: the provider's OAuth client for an oauth2 grant (the secret is write-only). */
  setOauthClient: tenantProcedure
    .input(SetOauthClientInput)
    .mutation(({ ctx, input }) =>
      setOauthClient(
        ctx.tenant,
        ctx.deps.config.masterKeys,
        executorOptionsOf(ctx.deps.config),
        input,
      ),
    ),
  /** Admins: removes the client and every user's connection to it. */
  removeOauthClient: tenantProcedure
    .input(GrantOnlyInput)
    .mutation(({ ctx, input }) => removeOauthClient(ctx.tenant, oauthRevokeDeps(ctx.deps), input)),
  /** The viewer starts connecting their own account: answers the provider URL to go to. */
  startOauth: tenantProcedure
    .input(StartOauthInput)
    .mutation(({ ctx, input }) =>
      startOauthConnect(ctx.tenant, ctx.deps.config.masterKeys, ctx.deps.config.publicUrl, input),
    ),
  /** The viewer removes their own connection. */
  disconnectOauth: tenantProcedure
    .input(GrantOnlyInput)
    .mutation(({ ctx, input }) => disconnectOauth(ctx.tenant, oauthRevokeDeps(ctx.deps), input)),
});
