import { z } from "zod";
import { appId } from "../apps/schemas";
import { text } from "../safe-input";

export const BuildStatusInput = z.object({ appId });
export const BuildScopeInput = BuildStatusInput.extend({
  scope: z.enum(["draft", "published"]).default("draft"),
});
export const SourceFilesInput = z.object({
  appId,
  snapshotId: z.uuid("That is not a valid version id.").optional(),
});
export const SourceFileInput = SourceFilesInput.extend({
  path: text().min(1, "Give the file's path.").max(400, "File paths are at most 400 characters."),
});
