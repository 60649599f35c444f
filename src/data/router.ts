import { agentRunDeps } from "../agents/runs-router";
import { requireApp } from "../apps/apps";
import type { TenantCtx } from "../context";
import type { Deps } from "../trpc/context";
import { router, tenantProcedure } from "../trpc/init";
import {
  getDocument,
  insertDocument,
  insertDocuments,
  listCollections,
  listDocuments,
  removeDocument,
  updateDocument,
  upsertDocument,
} from "./documents";
import {
  AppScopeInput,
  GetInput,
  InsertInput,
  InsertManyInput,
  ListInput,
  RemoveInput,
  UpdateInput,
  UpsertInput,
} from "./schemas";

/** Writes may start the agent runs their documents trigger (src/agents/triggers.ts). */
const writing = (ctx: { tenant: TenantCtx; deps: Deps }): TenantCtx => ({
  ...ctx.tenant,
  agentRuns: agentRunDeps(ctx.deps),
});

/** Reads answer NOT_FOUND for an app outside the workspace, like writes do. */
async function inApp<T>(tenant: TenantCtx, appId: string, read: () => Promise<T>) {
  await requireApp(tenant.tx, tenant.actor, appId);
  return read();
}

export const dataRouter = router({
  collections: tenantProcedure
    .input(AppScopeInput)
    .query(({ ctx, input }) =>
      inApp(ctx.tenant, input.appId, () => listCollections(ctx.tenant, input)),
    ),
  list: tenantProcedure
    .input(ListInput)
    .query(({ ctx, input }) =>
      inApp(ctx.tenant, input.appId, () => listDocuments(ctx.tenant, input)),
    ),
  get: tenantProcedure
    .input(GetInput)
    .query(({ ctx, input }) =>
      inApp(ctx.tenant, input.appId, () => getDocument(ctx.tenant, input, input.id)),
    ),
  insert: tenantProcedure
    .input(InsertInput)
    .mutation(({ ctx, input }) => insertDocument(writing(ctx), input, input)),
  insertMany: tenantProcedure
    .input(InsertManyInput)
    .mutation(({ ctx, input }) => insertDocuments(writing(ctx), input, input.documents)),
  update: tenantProcedure
    .input(UpdateInput)
    .mutation(({ ctx, input }) => updateDocument(writing(ctx), input, input)),
  upsert: tenantProcedure
    .input(UpsertInput)
    .mutation(({ ctx, input }) => upsertDocument(writing(ctx), input, input)),
  remove: tenantProcedure
    .input(RemoveInput)
    .mutation(({ ctx, input }) => removeDocument(ctx.tenant, input, input.id)),
});
