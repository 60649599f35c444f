import { and, eq, inArray, notInArray } from "drizzle-orm";
import { integrationGrants, integrationSecrets, type SetupStep } from "../../db/schema";
import type { Tx } from "../../db/tenant";
import { recordAudit } from "../audit/record";
import type { MasterKeys } from "../config";
import type { Actor } from "../context";
import type { AgentsFile } from "../sdk/agents";
import { type IntegrationSetupFile, inferAccess } from "../sdk/integration-setup";
import { type PendingRevocation, revocationsForGrants } from "./oauth";

export interface GrantSync {
  created: number;
  updated: number;
  removed: number;
  /** The removed grants' OAuth connections, to revoke at the provider once this commits. */
  revocations: PendingRevocation[];
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

// jsonb keeps keys in its own order: compare steps field by field.
const stepsKey = (steps: readonly SetupStep[]) =>
  JSON.stringify(steps.map((s) => [s.text, s.link ?? null]));

/**
 * Makes the app's grants match the integration-setup.json of a build being saved: one grant per
 * service (domain + key slug) of this app only, changed ones updated, unlisted ones removed with
 * their secrets, and secrets a service no longer names deleted. Runs in the build's transaction.
 */
export async function syncIntegrationGrants(
  tx: Tx,
  build: {
    workspaceId: string;
    appId: string;
    setup: IntegrationSetupFile | null;
    agents: AgentsFile | null;
    auditAs: Actor | null;
    /** With the master keys, removed grants' OAuth connections are read to be revoked. */
    keys?: MasterKeys;
  },
): Promise<GrantSync> {
  const { workspaceId, appId } = build;
  const existing = await tx
    .select()
    .from(integrationGrants)
    .where(and(eq(integrationGrants.workspaceId, workspaceId), eq(integrationGrants.appId, appId)))
    .for("update");
  const byKey = new Map(existing.map((g) => [`${g.domain} ${g.keySlug}`, g]));
  const kept = new Set<string>();
  const result: GrantSync = { created: 0, updated: 0, removed: 0, revocations: [] };
  const audit = async (
    action: "integration.grant.created" | "integration.grant.updated" | "integration.grant.removed",
    grant: { id: string; service: string; domain: string; keySlug: string },
    summary: string,
    extra: Record<string, unknown> = {},
    changedFields: string[] = [],
  ) => {
    if (!build.auditAs) return;
    await recordAudit(tx, build.auditAs, {
      action,
      target: { type: "integration_grant", id: grant.id, name: grant.service },
      summary,
      metadata: { appId, domain: grant.domain, keySlug: grant.keySlug, ...extra },
      changedFields,
    });
  };

  for (const service of build.setup?.services ?? []) {
    const key = `${service.domain} ${service.keySlug}`;
    kept.add(key);
    const wanted = {
      service: service.name,
      authKind: service.auth,
      access: inferAccess(service, build.agents),
      permissionGroups: service.permissionGroups,
      secretNames: service.auth === "none" ? [] : service.secrets,
      setupSteps: service.setupSteps as SetupStep[],
    };
    const current = byKey.get(key);
    if (!current) {
      const id = crypto.randomUUID();
      await tx.insert(integrationGrants).values({
        workspaceId,
        id,
        appId,
        domain: service.domain,
        keySlug: service.keySlug,
        ...wanted,
      });
      result.created++;
      await audit(
        "integration.grant.created",
        { id, ...service, service: service.name },
        `The app's integration-setup.json added ${service.name} (${service.domain}, ${wanted.access}).`,
        { authKind: wanted.authKind, access: wanted.access },
      );
      continue;
    }
    const changed = [
      current.service !== wanted.service && "service",
      current.authKind !== wanted.authKind && "authKind",
      current.access !== wanted.access && "access",
      !sameList(current.permissionGroups, wanted.permissionGroups) && "permissionGroups",
      !sameList(current.secretNames, wanted.secretNames) && "secretNames",
      stepsKey(current.setupSteps) !== stepsKey(wanted.setupSteps) && "setupSteps",
    ].filter((f): f is string => f !== false);
    if (changed.length === 0) continue;
    await tx
      .update(integrationGrants)
      .set({ ...wanted, updatedAt: new Date() })
      .where(
        and(eq(integrationGrants.workspaceId, workspaceId), eq(integrationGrants.id, current.id)),
      );
    // Secrets the service no longer names are of no use and must not linger.
    const dropped = await tx
      .delete(integrationSecrets)
      .where(
        and(
          eq(integrationSecrets.workspaceId, workspaceId),
          eq(integrationSecrets.grantId, current.id),
          wanted.secretNames.length > 0
            ? notInArray(integrationSecrets.name, wanted.secretNames)
            : undefined,
        ),
      )
      .returning({ name: integrationSecrets.name });
    result.updated++;
    await audit(
      "integration.grant.updated",
      current,
      `The app's integration-setup.json changed ${wanted.service} (${changed.join(", ")}).`,
      { access: wanted.access, droppedNames: dropped.map((d) => d.name) },
      changed,
    );
  }

  const removed = existing.filter((g) => !kept.has(`${g.domain} ${g.keySlug}`));
  if (removed.length > 0) {
    if (build.keys)
      result.revocations = await revocationsForGrants(tx, build.keys, workspaceId, removed);
    // Their secrets and OAuth connections go with them (foreign key cascade).
    await tx.delete(integrationGrants).where(
      and(
        eq(integrationGrants.workspaceId, workspaceId),
        inArray(
          integrationGrants.id,
          removed.map((g) => g.id),
        ),
      ),
    );
    for (const g of removed)
      await audit(
        "integration.grant.removed",
        g,
        `The app's integration-setup.json no longer lists ${g.service} (${g.domain}); its grant and secrets were removed.`,
      );
    result.removed = removed.length;
  }
  return result;
}
