import { requireApp } from "../apps/apps";
import type { TenantCtx } from "../context";
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
    .mutation(({ ctx, input }) => insertDocument(ctx.tenant, input, input)),
  insertMany: tenantProcedure
    .input(InsertManyInput)
    .mutation(({ ctx, input }) => insertDocuments(ctx.tenant, input, input.documents)),
  update: tenantProcedure
    .input(UpdateInput)
    .mutation(({ ctx, input }) => updateDocument(ctx.tenant, input, input)),
  upsert: tenantProcedure
    .input(UpsertInput)
    .mutation(({ ctx, input }) => upsertDocument(ctx.tenant, input, input)),
  remove: tenantProcedure
    .input(RemoveInput)
    .mutation(({ ctx, input }) => removeDocument(ctx.tenant, input, input.id)),
});
