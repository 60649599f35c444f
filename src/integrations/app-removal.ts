import { and, count, eq, inArray } from "drizzle-orm";
import { integrationGrants, integrationOauthTokens, integrationSecrets } from "../../db/schema";
import type { Tx } from "../../db/tenant";
import { recordAudit } from "../audit/record";
import type { MasterKeys } from "../config";
import type { Actor } from "../context";
import { type PendingRevocation, revocationsForGrants } from "./oauth";

export interface AppIntegrationsRemoved {
  grants: number;
  secrets: number;
  oauthConnections: number;
  /** The connections to revoke at the provider once the deleting transaction has committed. */
  revocations: PendingRevocation[];
}

/**
 * For an app being deleted, in its transaction: deletes its grants with their encrypted secrets,
 * OAuth clients and every user's tokens, audits each grant's removal, and answers the
 * connections to revoke at the provider after commit (the same path as a disconnect). Without
 * the master keys the tokens cannot be read, so they are deleted but not revoked.
 */
export async function removeAppIntegrations(
  tx: Tx,
  actor: Actor,
  keys: MasterKeys | null,
  appId: string,
): Promise<AppIntegrationsRemoved> {
  const { workspaceId } = actor;
  const grants = await tx
    .select()
    .from(integrationGrants)
    .where(and(eq(integrationGrants.workspaceId, workspaceId), eq(integrationGrants.appId, appId)))
    .for("update");
  if (grants.length === 0) return { grants: 0, secrets: 0, oauthConnections: 0, revocations: [] };
  const ids = grants.map((g) => g.id);
  const perGrant = async (table: typeof integrationSecrets | typeof integrationOauthTokens) => {
    const rows = await tx
      .select({ grantId: table.grantId, n: count() })
      .from(table)
      .where(and(eq(table.workspaceId, workspaceId), inArray(table.grantId, ids)))
      .groupBy(table.grantId);
    return new Map(rows.map((r) => [r.grantId, r.n]));
  };
  const secrets = await perGrant(integrationSecrets);
  const connections = await perGrant(integrationOauthTokens);
  const revocations = keys ? await revocationsForGrants(tx, keys, workspaceId, grants) : [];
  // Secrets, OAuth clients, states and tokens go with their grant (foreign key cascade).
  await tx
    .delete(integrationGrants)
    .where(and(eq(integrationGrants.workspaceId, workspaceId), inArray(integrationGrants.id, ids)));
  for (const g of grants)
    await recordAudit(tx, actor, {
      action: "integration.grant.removed",
      target: { type: "integration_grant", id: g.id, name: g.service },
      summary: `${g.service} (${g.domain}) was removed with its app; its secrets and connections were deleted.`,
      metadata: {
        appId,
        domain: g.domain,
        keySlug: g.keySlug,
        cause: "app_deleted",
        // Counted as sealed values: the audit redacts any key that names a secret.
        sealedValues: secrets.get(g.id) ?? 0,
        oauthConnections: connections.get(g.id) ?? 0,
      },
    });
  const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  return {
    grants: grants.length,
    secrets: sum(secrets),
    oauthConnections: sum(connections),
    revocations,
  };
}
