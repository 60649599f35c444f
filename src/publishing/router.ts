import { refusalAuditor } from "../agents/runs";
import { syncSchedulesAfterCommit } from "../agents/schedules";
import type { TenantCtx } from "../context";
import type { Deps } from "../trpc/context";
import { router, tenantProcedure } from "../trpc/init";
import {
  approveReview,
  draftChanges,
  getReview,
  listReviews,
  listVersions,
  type PublishingDeps,
  pendingReviewCount,
  publishApp,
  publishingState,
  requestChanges,
  requestReview,
  rollbackApp,
} from "./publishing";
import {
  ListReviewsInput,
  PublishInput,
  PublishingAppInput,
  RequestChangesInput,
  RequestReviewInput,
  ReviewTargetInput,
  RollbackInput,
} from "./schemas";

const publishingDeps = (deps: Deps): PublishingDeps => ({
  auditRefusal: refusalAuditor(deps.db, (ws) => deps.sealer.schedule(ws)),
});

/** A new live version changes which approval the app's schedules run under: they follow it. */
function schedulesFollow(ctx: { tenant: TenantCtx; deps: Deps }, appId: string) {
  const target = { workspaceId: ctx.tenant.actor.workspaceId, appId };
  ctx.tenant.afterCommit?.(() => syncSchedulesAfterCommit(ctx.deps, target));
}

/** Draft → review → published versions: publish, the review inbox, versions and rollback. */
export const publishingRouter = router({
  /** The live version, the draft's standing against it, the pending request, the target teams. */
  state: tenantProcedure
    .input(PublishingAppInput)
    .query(({ ctx, input }) => publishingState(ctx.tenant, input.appId)),
  /** What publishing the current draft would change (files, agents, collections, integrations). */
  changes: tenantProcedure
    .input(PublishingAppInput)
    .query(({ ctx, input }) => draftChanges(ctx.tenant, input.appId)),
  publish: tenantProcedure.input(PublishInput).mutation(async ({ ctx, input }) => {
    const version = await publishApp(ctx.tenant, publishingDeps(ctx.deps), input);
    schedulesFollow(ctx, input.appId);
    return version;
  }),
  requestReview: tenantProcedure
    .input(RequestReviewInput)
    .mutation(({ ctx, input }) => requestReview(ctx.tenant, input)),
  reviews: tenantProcedure
    .input(ListReviewsInput)
    .query(({ ctx, input }) => listReviews(ctx.tenant, input)),
  review: tenantProcedure
    .input(ReviewTargetInput)
    .query(({ ctx, input }) => getReview(ctx.tenant, input)),
  pendingCount: tenantProcedure.query(({ ctx }) => pendingReviewCount(ctx.tenant)),
  approve: tenantProcedure.input(ReviewTargetInput).mutation(async ({ ctx, input }) => {
    const approved = await approveReview(ctx.tenant, publishingDeps(ctx.deps), input);
    schedulesFollow(ctx, approved.review.appId);
    return approved;
  }),
  requestChanges: tenantProcedure
    .input(RequestChangesInput)
    .mutation(({ ctx, input }) => requestChanges(ctx.tenant, publishingDeps(ctx.deps), input)),
  versions: tenantProcedure
    .input(PublishingAppInput)
    .query(({ ctx, input }) => listVersions(ctx.tenant, input.appId)),
  rollback: tenantProcedure.input(RollbackInput).mutation(async ({ ctx, input }) => {
    const version = await rollbackApp(ctx.tenant, publishingDeps(ctx.deps), input);
    schedulesFollow(ctx, input.appId);
    return version;
  }),
});
