import { and, eq } from "drizzle-orm";
import { integrationSecrets } from "../../db/schema";
import { recordAudit } from "../audit/record";
import type { MasterKeys } from "../config";
import { requirePermission, type TenantCtx } from "../context";
import { ServiceError } from "../errors";
import { encryptSecret } from "./crypto";
import { workspaceDataKey } from "./data-keys";
import { requireGrant } from "./grants";

export const SECRET_LIMITS = { valueChars: 8 * 1024 };

/** The grant (404 across workspaces), once the actor may manage it and it names the secret. */
async function grantFor(ctx: TenantCtx, grantId: string, name: string) {
  const grant = await requireGrant(ctx.tx, ctx.actor, grantId, true);
  requirePermission(ctx.actor, "integrations:manage");
  if (!grant.secretNames.includes(name))
    throw new ServiceError(
      "VALIDATION",
      grant.secretNames.length > 0
        ? `${grant.service} has no secret named ${name}; its secrets are ${grant.secretNames.join(", ")}.`
        : `${grant.service} takes no secrets.`,
    );
  return grant;
}

/**
 * Stores (or replaces) one secret of a grant, encrypted with the workspace's data key and bound
 * to workspace, grant and name. Only the name is ever read back or audited.
 */
export async function setSecret(
  ctx: TenantCtx,
  keys: MasterKeys,
  input: { grantId: string; name: string; value: string },
) {
  const { tx, actor } = ctx;
  const grant = await grantFor(ctx, input.grantId, input.name);
  const dataKey = await workspaceDataKey(tx, keys, actor.workspaceId);
  const at = { workspaceId: actor.workspaceId, grantId: grant.id, name: input.name };
  const values = {
    ciphertext: encryptSecret(dataKey, at, input.value),
    updatedBy: actor.userId,
    updatedByName: actor.displayName,
    updatedAt: new Date(),
  };
  const [row] = await tx
    .insert(integrationSecrets)
    .values({ ...at, ...values })
    .onConflictDoUpdate({
      target: [integrationSecrets.workspaceId, integrationSecrets.grantId, integrationSecrets.name],
      set: values,
    })
    .returning({ updatedAt: integrationSecrets.updatedAt });
  await recordAudit(tx, actor, {
    action: "integration.secret.set",
    target: { type: "integration_grant", id: grant.id, name: grant.service },
    summary: `${actor.displayName} set ${input.name} for ${grant.service} (${grant.domain}).`,
    metadata: {
      appId: grant.appId,
      domain: grant.domain,
      keySlug: grant.keySlug,
      name: input.name,
    },
  });
  return { name: input.name, set: true as const, updatedAt: row!.updatedAt };
}

/** Removes one secret of a grant; the grant needs setup again. */
export async function clearSecret(ctx: TenantCtx, input: { grantId: string; name: string }) {
  const { tx, actor } = ctx;
  const grant = await grantFor(ctx, input.grantId, input.name);
  const removed = await tx
    .delete(integrationSecrets)
    .where(
      and(
        eq(integrationSecrets.workspaceId, actor.workspaceId),
        eq(integrationSecrets.grantId, grant.id),
        eq(integrationSecrets.name, input.name),
      ),
    )
    .returning({ name: integrationSecrets.name });
  if (removed.length > 0)
    await recordAudit(tx, actor, {
      action: "integration.secret.cleared",
      target: { type: "integration_grant", id: grant.id, name: grant.service },
      summary: `${actor.displayName} cleared ${input.name} for ${grant.service} (${grant.domain}).`,
      metadata: {
        appId: grant.appId,
        domain: grant.domain,
        keySlug: grant.keySlug,
        name: input.name,
      },
    });
  return { name: input.name, set: false as const, updatedAt: null };
}
