import { refusalAuditor } from "../agents/runs";
import { agentRunDeps } from "../agents/runs-router";
import type { TenantCtx } from "../context";
import type { Deps } from "../trpc/context";
import { router, tenantProcedure } from "../trpc/init";
import {
  insertDocument,
  insertDocuments,
  removeDocument,
  updateDocument,
  upsertDocument,
} from "./documents";
import { type KeyLocation, keyedFields, syncIndexes, syncScopeIndexes } from "./indexes";
import { getDocument, listCollections, listDocuments } from "./list";
import { collectionsWithRules, guardCollection, type Need } from "./rules";
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

/** Reads and writes carry the configured data limits (collection size, read timeout). */
const reading = (ctx: { tenant: TenantCtx; deps: Deps }): TenantCtx => ({
  ...ctx.tenant,
  data: ctx.deps.config.data,
});

/** Writes may start the agent runs their documents trigger (src/agents/triggers.ts). */
const writing = (ctx: { tenant: TenantCtx; deps: Deps }): TenantCtx => ({
  ...reading(ctx),
  agentRuns: agentRunDeps(ctx.deps),
});

/**
 * Every data call passes the app's access and the collection's rule first (src/data/rules.ts):
 * NOT_FOUND for an app the caller cannot see, a refusal for what the rule does not allow.
 */
async function guarded<T>(
  ctx: { tenant: TenantCtx; deps: Deps },
  loc: { appId: string; scope: "draft" | "published"; collection: string },
  need: Need,
  run: () => Promise<T>,
) {
  const auditRefusal = refusalAuditor(ctx.deps.db, (ws) => ctx.deps.sealer.schedule(ws));
  await guardCollection(ctx.tenant, loc, need, { auditRefusal });
  return run();
}

/** Keys a collection's declared fields in the background (indexes.ts); reads go on meanwhile. */
const keying = (deps: Deps, workspaceId: string) => (loc: KeyLocation, declared: string[]) =>
  syncIndexes(deps.db, workspaceId, loc, declared).catch((err) =>
    deps.log.warn("declared index sync failed", {
      workspaceId,
      appId: loc.appId,
      scope: loc.scope,
      err,
    }),
  );

export const dataRouter = router({
  collections: tenantProcedure.input(AppScopeInput).query(async ({ ctx, input }) => {
    const out = await collectionsWithRules(reading(ctx), input, (t) => listCollections(t, input));
    await syncScopeIndexes(ctx.tenant, input, keying(ctx.deps, input.workspaceId));
    return out;
  }),
  list: tenantProcedure.input(ListInput).query(({ ctx, input }) =>
    guarded(ctx, input, "read", async () => {
      const tenant = reading(ctx);
      const keyed = await keyedFields(tenant, input, keying(ctx.deps, input.workspaceId));
      return listDocuments(tenant, input, keyed);
    }),
  ),
  get: tenantProcedure
    .input(GetInput)
    .query(({ ctx, input }) =>
      guarded(ctx, input, "read", () => getDocument(reading(ctx), input, input.id)),
    ),
  insert: tenantProcedure
    .input(InsertInput)
    .mutation(({ ctx, input }) =>
      guarded(ctx, input, "write", () => insertDocument(writing(ctx), input, input)),
    ),
  insertMany: tenantProcedure
    .input(InsertManyInput)
    .mutation(({ ctx, input }) =>
      guarded(ctx, input, "write", () => insertDocuments(writing(ctx), input, input.documents)),
    ),
  update: tenantProcedure
    .input(UpdateInput)
    .mutation(({ ctx, input }) =>
      guarded(ctx, input, "write", () => updateDocument(writing(ctx), input, input)),
    ),
  upsert: tenantProcedure
    .input(UpsertInput)
    .mutation(({ ctx, input }) =>
      guarded(ctx, input, "write", () => upsertDocument(writing(ctx), input, input)),
    ),
  remove: tenantProcedure
    .input(RemoveInput)
    .mutation(({ ctx, input }) =>
      guarded(ctx, input, "write", () => removeDocument(reading(ctx), input, input.id)),
    ),
});
