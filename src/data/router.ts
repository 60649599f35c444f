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
import { getDocument, listCollections, listDocuments, READ_SETTINGS } from "./list";
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
const reading = (ctx: { deps: Deps }, tenant: TenantCtx): TenantCtx => ({
  ...tenant,
  data: ctx.deps.config.data,
});

/** Writes may start the agent runs their documents trigger (src/agents/triggers.ts). */
const writing = (ctx: { deps: Deps }, tenant: TenantCtx): TenantCtx => ({
  ...reading(ctx, tenant),
  agentRuns: agentRunDeps(ctx.deps),
});

/**
 * Every data call passes the app's access and the collection's rule first (src/data/rules.ts):
 * NOT_FOUND for an app the caller cannot see, a refusal for what the rule does not allow.
 *
 * The call's statement is sent right behind the check's, in the same round trip of the same
 * transaction, instead of after its answer: PostgreSQL runs them in order, the check's answer
 * arrives first, and a refused call throws, so the transaction rolls back whatever the statement
 * did and nothing of its answer leaves. What a write does beyond its statement (triggers) waits
 * for the check (`TenantCtx.checked`).
 */
async function guarded<T>(
  ctx: { tenant: TenantCtx; deps: Deps },
  loc: { appId: string; scope: "draft" | "published"; collection: string },
  need: Need,
  run: (tenant: TenantCtx) => Promise<T>,
) {
  const auditRefusal = refusalAuditor(ctx.deps.db, (ws) => ctx.deps.sealer.schedule(ws));
  const checked = guardCollection(ctx.tenant, loc, need, { auditRefusal });
  const work = run({ ...ctx.tenant, checked });
  // Its failure may land before the check's answer is read; it is seen below, not unhandled.
  work.catch(() => {});
  try {
    await checked;
  } catch (err) {
    await work.catch(() => {});
    throw err;
  }
  return work;
}

/** Reads open their transaction with the read settings (list.ts `READ_SETTINGS`) already set. */
const readProcedure = tenantProcedure.meta({
  tenantSettings: (deps) => READ_SETTINGS(deps.config.data.readTimeoutMs),
});

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
  collections: readProcedure.input(AppScopeInput).query(async ({ ctx, input }) => {
    const out = await collectionsWithRules(reading(ctx, ctx.tenant), input, (t) =>
      listCollections(t, input),
    );
    await syncScopeIndexes(ctx.tenant, input, keying(ctx.deps, input.workspaceId));
    return out;
  }),
  list: readProcedure.input(ListInput).query(({ ctx, input }) =>
    // A list reads its collection's keyed fields first: it waits for the check.
    guarded(ctx, input, "read", async (t) => {
      await t.checked;
      const tenant = reading(ctx, t);
      const keyed = await keyedFields(tenant, input, keying(ctx.deps, input.workspaceId));
      return listDocuments(tenant, input, keyed);
    }),
  ),
  get: readProcedure
    .input(GetInput)
    .query(({ ctx, input }) =>
      guarded(ctx, input, "read", (t) => getDocument(reading(ctx, t), input, input.id)),
    ),
  insert: tenantProcedure
    .input(InsertInput)
    .mutation(({ ctx, input }) =>
      guarded(ctx, input, "write", (t) => insertDocument(writing(ctx, t), input, input)),
    ),
  insertMany: tenantProcedure
    .input(InsertManyInput)
    .mutation(({ ctx, input }) =>
      guarded(ctx, input, "write", (t) => insertDocuments(writing(ctx, t), input, input.documents)),
    ),
  update: tenantProcedure
    .input(UpdateInput)
    .mutation(({ ctx, input }) =>
      guarded(ctx, input, "write", (t) => updateDocument(writing(ctx, t), input, input)),
    ),
  upsert: tenantProcedure.input(UpsertInput).mutation(({ ctx, input }) =>
    // An upsert takes a lock and reads before it writes: it waits for the check.
    guarded(ctx, input, "write", async (t) => {
      await t.checked;
      return upsertDocument(writing(ctx, t), input, input);
    }),
  ),
  remove: tenantProcedure
    .input(RemoveInput)
    .mutation(({ ctx, input }) =>
      guarded(ctx, input, "write", (t) => removeDocument(reading(ctx, t), input, input.id)),
    ),
});
