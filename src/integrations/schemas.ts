import { z } from "zod";
import { appId } from "../apps/schemas";
import { SECRET_LIMITS } from "./secrets";

const grantId = z.uuid("That is not a valid integration id.");
const secretName = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]{0,63}$/, "Secret names are UPPER_SNAKE_CASE, like API_TOKEN.");

export const AppIntegrationsInput = z.object({ appId });
export const SetSecretInput = z.object({
  grantId,
  name: secretName,
  // Never echoed back: a problem with the value names its size, not its content.
  value: z
    .string()
    .trim()
    .min(1, "Enter the secret's value, or clear it instead.")
    .max(
      SECRET_LIMITS.valueChars,
      `A secret may be at most ${SECRET_LIMITS.valueChars} characters.`,
    ),
});
export const ClearSecretInput = z.object({ grantId, name: secretName });
