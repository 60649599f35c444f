import { and, eq } from "drizzle-orm";
import { apps } from "../../db/schema";
import type { Tx } from "../../db/tenant";
import { recordAudit } from "../audit/record";
import type { Actor, TenantCtx } from "../context";
import { conflict, forbidden, ServiceError } from "../errors";
import { removeAppIntegrations } from "../integrations/app-removal";
import { type OauthRevokeDeps, revokeConnections } from "../integrations/oauth";
import { requireMaker, requireViewer, visibleApps } from "./access";

export const MAX_APPS_PER_WORKSPACE = 500;

const columns = {
  id: apps.id,
  name: apps.name,
  description: apps.description,
  createdBy: apps.createdBy,
  createdAt: apps.createdAt,
  updatedAt: apps.updatedAt,
};

/** The apps the caller may open (src/apps/access.ts), each with the caller's access. */
export const listApps = ({ tx, actor }: TenantCtx) => visibleApps(tx, actor);

/**
 * The app for one of its makers, or NOT_FOUND (another workspace, or an app the actor may not
 * make). Other domains call this: access is default-deny, and the few places a viewer of the
 * published app may go call `requireViewer` / `requireScope` instead.
 */
export const requireApp = requireMaker;

/** The app with the caller's access (maker or viewer). */
export const getApp = ({ tx, actor }: TenantCtx, appId: string) => requireViewer(tx, actor, appId);

async function assertNameFree(tx: Tx, actor: Actor, name: string, exceptId?: string) {
  const [clash] = await tx
    .select({ id: apps.id })
    .from(apps)
    .where(and(eq(apps.workspaceId, actor.workspaceId), eq(apps.name, name)));
  if (clash && clash.id !== exceptId) throw conflict(`An app named “${name}” already exists.`);
}

export async function createApp(
  { tx, actor }: TenantCtx,
  input: { name: string; description: string },
) {
  const count = await tx.$count(apps, eq(apps.workspaceId, actor.workspaceId));
  if (count >= MAX_APPS_PER_WORKSPACE) {
    throw new ServiceError(
      "LIMIT_EXCEEDED",
      `A workspace can have at most ${MAX_APPS_PER_WORKSPACE} apps.`,
    );
  }
  await assertNameFree(tx, actor, input.name);
  const id = crypto.randomUUID();
  const [app] = await tx
    .insert(apps)
    .values({ id, workspaceId: actor.workspaceId, ...input, createdBy: actor.userId })
    .returning(columns);
  await recordAudit(tx, actor, {
    action: "app.created",
    summary: `${actor.displayName} created the app “${input.name}”`,
    target: { type: "app", id, name: input.name },
  });
  return app!;
}

/** Creator or workspace admin/owner. */
export function assertCanManage(actor: Actor, app: { createdBy: string | null }) {
  if (actor.role === "member" && app.createdBy !== actor.userId) {
    throw forbidden("Only the app's creator or a workspace admin can change this app.");
  }
}

export async function renameApp({ tx, actor }: TenantCtx, appId: string, name: string) {
  const app = await requireApp(tx, actor, appId);
  assertCanManage(actor, app);
  if (app.name === name) return app;
  await assertNameFree(tx, actor, name, appId);
  const [updated] = await tx
    .update(apps)
    .set({ name, updatedAt: new Date() })
    .where(and(eq(apps.workspaceId, actor.workspaceId), eq(apps.id, appId)))
    .returning(columns);
  await recordAudit(tx, actor, {
    action: "app.renamed",
    summary: `${actor.displayName} renamed the app “${app.name}” to “${name}”`,
    target: { type: "app", id: appId, name },
    changedFields: ["name"],
    metadata: { from: app.name, to: name },
  });
  return updated!;
}

/**
 * Deletes the app and, by cascade, all its data and change history. Its integration grants go
 * first, audited: their encrypted secrets and every user's OAuth tokens are deleted here, and the
 * tokens are revoked at the provider once this commits (best effort, never failing the delete).
 */
export async function deleteApp(ctx: TenantCtx, appId: string, revoke?: OauthRevokeDeps) {
  const { tx, actor } = ctx;
  const app = await requireApp(tx, actor, appId);
  assertCanManage(actor, app);
  const integrations = await removeAppIntegrations(tx, actor, revoke?.keys ?? null, appId);
  await tx.delete(apps).where(and(eq(apps.workspaceId, actor.workspaceId), eq(apps.id, appId)));
  await recordAudit(tx, actor, {
    action: "app.deleted",
    summary: `${actor.displayName} deleted the app “${app.name}”`,
    target: { type: "app", id: appId, name: app.name },
    metadata: {
      integrationGrants: integrations.grants,
      sealedValues: integrations.secrets,
      oauthConnections: integrations.oauthConnections,
    },
  });
  const pending = integrations.revocations;
  if (revoke && pending.length > 0)
    ctx.afterCommit?.(() => revokeConnections(revoke, actor, pending));
  return { id: appId };
}
