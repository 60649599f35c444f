import { refusalAuditor } from "../agents/runs";
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
  publish: tenantProcedure
    .input(PublishInput)
    .mutation(({ ctx, input }) => publishApp(ctx.tenant, publishingDeps(ctx.deps), input)),
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
  approve: tenantProcedure
    .input(ReviewTargetInput)
    .mutation(({ ctx, input }) => approveReview(ctx.tenant, publishingDeps(ctx.deps), input)),
  requestChanges: tenantProcedure
    .input(RequestChangesInput)
    .mutation(({ ctx, input }) => requestChanges(ctx.tenant, publishingDeps(ctx.deps), input)),
  versions: tenantProcedure
    .input(PublishingAppInput)
    .query(({ ctx, input }) => listVersions(ctx.tenant, input.appId)),
  rollback: tenantProcedure
    .input(RollbackInput)
    .mutation(({ ctx, input }) => rollbackApp(ctx.tenant, publishingDeps(ctx.deps), input)),
});
