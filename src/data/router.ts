import { refusalAuditor } from "../agents/runs";
import { agentRunDeps } from "../agents/runs-router";
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

/** Writes may start the agent runs their documents trigger (src/agents/triggers.ts). */
const writing = (ctx: { tenant: TenantCtx; deps: Deps }): TenantCtx => ({
  ...ctx.tenant,
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

export const dataRouter = router({
  collections: tenantProcedure
    .input(AppScopeInput)
    .query(({ ctx, input }) =>
      collectionsWithRules(ctx.tenant, input, (t) => listCollections(t, input)),
    ),
  list: tenantProcedure
    .input(ListInput)
    .query(({ ctx, input }) => guarded(ctx, input, "read", () => listDocuments(ctx.tenant, input))),
  get: tenantProcedure
    .input(GetInput)
    .query(({ ctx, input }) =>
      guarded(ctx, input, "read", () => getDocument(ctx.tenant, input, input.id)),
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
      guarded(ctx, input, "write", () => removeDocument(ctx.tenant, input, input.id)),
    ),
});
