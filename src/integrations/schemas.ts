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

const endpoint = z
  .string()
  .trim()
  .min(1, "Enter the provider's endpoint URL.")
  .max(2048, "An endpoint URL may be at most 2048 characters.");
export const SetOauthClientInput = z.object({
  grantId,
  clientId: z
    .string()
    .trim()
    .min(1, "Enter the client id the provider gave you.")
    .max(512, "A client id may be at most 512 characters."),
  // Never echoed back, like a secret.
  clientSecret: z
    .string()
    .trim()
    .min(1, "Enter the client secret the provider gave you.")
    .max(
      SECRET_LIMITS.valueChars,
      `A client secret may be at most ${SECRET_LIMITS.valueChars} characters.`,
    ),
  authorizationEndpoint: endpoint,
  tokenEndpoint: endpoint,
  /** The provider's RFC 7009 revocation endpoint, when it has one: tokens are revoked there. */
  revocationEndpoint: endpoint.optional(),
  scopes: z
    .array(
      z
        .string()
        .regex(
          /^[\x21\x23-\x5b\x5d-\x7e]{1,200}$/,
          "A scope is one word without spaces or quotes.",
        ),
    )
    .max(50, "At most 50 scopes.")
    .default([]),
});
export const GrantOnlyInput = z.object({ grantId });
export const StartOauthInput = z.object({
  grantId,
  returnPath: z.string().max(2048, "The return path may be at most 2048 characters."),
});
