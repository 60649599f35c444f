import { and, eq } from "drizzle-orm";
import { appAgentApprovals } from "../../db/schema";
import { requireApp } from "../apps/apps";
import { recordAudit } from "../audit/record";
import type { TenantCtx } from "../context";
import { forbidden, ServiceError } from "../errors";
import { isWorkspaceAdmin } from "./config";

/**
 * Withdraws the app's agents approval (owners and admins): from then on the runtime refuses every
 * run until someone approves again.
 */
export async function revokeAgents(ctx: TenantCtx, appId: string) {
  const { tx, actor } = ctx;
  const app = await requireApp(tx, actor, appId);
  if (!isWorkspaceAdmin(actor.role))
    throw forbidden("Only workspace owners and admins can revoke an app's agents approval.");
  const [removed] = await tx
    .delete(appAgentApprovals)
    .where(
      and(eq(appAgentApprovals.workspaceId, actor.workspaceId), eq(appAgentApprovals.appId, appId)),
    )
    .returning({ hash: appAgentApprovals.hash, mode: appAgentApprovals.mode });
  if (!removed)
    throw new ServiceError("PRECONDITION_FAILED", "This app's agents are not approved.");
  await recordAudit(tx, actor, {
    action: "app.agents_config.revoked",
    target: { type: "app", id: appId, name: app.name },
    summary: `${actor.displayName} revoked the approval of the agents of “${app.name}”.`,
    metadata: { hash: removed.hash, mode: removed.mode },
  });
  // The app's job schedulers are removed once this commits (agents.revoke → syncAgentSchedules).
  return { revoked: true as const, hash: removed.hash };
}
