import { z } from "zod";
import { appId } from "../apps/schemas";
import { text } from "../safe-input";

const teamIds = z
  .array(z.uuid("That is not a valid team id."))
  .min(1, "Choose at least one team to publish the app to.")
  .max(50, "Publish to at most 50 teams at once.");
const buildId = z.uuid("That is not a valid build id.");
export const reviewId = z.uuid("That is not a valid review id.");

export const PublishingAppInput = z.object({ appId });
export const PublishInput = z.object({ appId, teamIds, buildId: buildId.optional() });
export const RequestReviewInput = PublishInput.extend({
  note: text().trim().max(2000, "A note is at most 2000 characters.").optional(),
});
export const ReviewTargetInput = z.object({ reviewId });
export const RequestChangesInput = z.object({
  reviewId,
  message: text()
    .trim()
    .min(1, "Say what should change before this is published.")
    .max(4000, "A message is at most 4000 characters."),
});
export const ListReviewsInput = z.object({
  status: z.enum(["pending", "decided"]).default("pending"),
});
export const RollbackInput = z.object({
  appId,
  versionId: z.uuid("That is not a valid version id."),
});
