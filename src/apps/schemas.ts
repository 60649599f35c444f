import { z } from "zod";
import { text } from "../safe-input";

export const appName = text()
  .trim()
  .min(2, "App name must be at least 2 characters.")
  .max(80, "App name must be at most 80 characters.");
export const appDescription = text().trim().max(300, "Description must be at most 300 characters.");
export const appId = z.uuid("That is not a valid app id.");

export const CreateAppInput = z.object({ name: appName, description: appDescription.default("") });
export const AppTargetInput = z.object({ appId });
export const RenameAppInput = z.object({ appId, name: appName });
export const CollaboratorInput = z.object({
  appId,
  userId: z.uuid("That is not a valid member id."),
});
