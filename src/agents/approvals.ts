import { and, eq } from "drizzle-orm";
import { type ApprovalMode, appAgentApprovals } from "../../db/schema";
import type { Tx } from "../../db/tenant";
import { requireApp } from "../apps/apps";
import { recordAudit } from "../audit/record";
import { type Actor, requirePermission, type TenantCtx } from "../context";
import { ServiceError } from "../errors";
import { AGENTS_FILE } from "../sdk/agents";
import { currentAgents } from "./current";
import type { ApprovalSource } from "./schemas";

export interface AgentsApproval {
  /** none: nothing approved; live / mock: the current file is approved; stale: it changed since. */
  state: "none" | "live" | "mock" | "stale";
  /** The canonical hash of the current build's agents.json; null when it has none (or a broken one). */
  currentHash: string | null;
  approval: {
    hash: string;
    mode: ApprovalMode;
    source: string;
    approvedBy: string;
    approvedByName: string;
    approvedAt: Date;
  } | null;
  problems: string[];
}

const where = (workspaceId: string, appId: string) =>
  and(eq(appAgentApprovals.workspaceId, workspaceId), eq(appAgentApprovals.appId, appId));

async function approvalRow(tx: Tx, workspaceId: string, appId: string, lock = false) {
  const query = tx.select().from(appAgentApprovals).where(where(workspaceId, appId));
  const [row] = lock ? await query.for("update") : await query;
  return row ?? null;
}

/** Where the app's agents.json stands: approved for its exact hash, for mock data only, or not. */
export async function agentsApproval(
  { tx, actor }: TenantCtx,
  appId: string,
): Promise<AgentsApproval> {
  await requireApp(tx, actor, appId);
  const current = await currentAgents(tx, actor, appId);
  const currentHash = current.kind === "declared" ? current.hash : null;
  const problems = current.kind === "none" ? current.problems : [];
  const row = await approvalRow(tx, actor.workspaceId, appId);
  if (!row) return { state: "none", currentHash, approval: null, problems };
  const { hash, mode, source, approvedBy, approvedByName, approvedAt } = row;
  const stale = row.staleAt !== null || row.hash !== currentHash;
  return {
    state: stale ? "stale" : mode,
    currentHash,
    approval: { hash, mode, source, approvedBy, approvedByName, approvedAt },
    problems,
  };
}

/**
 * Approves the agents.json of the app's current build for its canonical hash. Owners and admins
 * approve live; anyone else approves for mock data only. Approving never publishes.
 */
export async function approveAgents(
  { tx, actor }: TenantCtx,
  input: { appId: string; hash?: string; source: ApprovalSource },
) {
  const app = await requireApp(tx, actor, input.appId);
  requirePermission(actor, "apps:update");
  const current = await currentAgents(tx, actor, input.appId);
  if (current.kind === "none")
    throw new ServiceError(
      current.problems.length ? "VALIDATION" : "PRECONDITION_FAILED",
      current.problems.length
        ? `${AGENTS_FILE} is not valid — ${current.problems[0]}.`
        : `This app's current build has no ${AGENTS_FILE} to approve.`,
    );
  if (input.hash !== undefined && input.hash !== current.hash)
    throw new ServiceError(
      "CONFLICT",
      `${AGENTS_FILE} changed since you looked at it. Review the current agents and approve again.`,
    );
  const mode: ApprovalMode = actor.role === "owner" || actor.role === "admin" ? "live" : "mock";
  const values = {
    hash: current.hash,
    payload: current.payload,
    mode,
    source: input.source,
    approvedBy: actor.userId,
    approvedByName: actor.displayName,
    approvedAt: new Date(),
    staleHash: null,
    staleAt: null,
  };
  await tx
    .insert(appAgentApprovals)
    .values({ workspaceId: actor.workspaceId, appId: input.appId, ...values })
    .onConflictDoUpdate({
      target: [appAgentApprovals.workspaceId, appAgentApprovals.appId],
      set: values,
    });
  await recordAudit(tx, actor, {
    action: "app.agents_config.approved",
    target: { type: "app", id: input.appId, name: app.name },
    summary:
      mode === "live"
        ? `${actor.displayName} approved the agents of “${app.name}”.`
        : `${actor.displayName} approved the agents of “${app.name}” for mock data only.`,
    metadata: { hash: current.hash, mode, source: input.source },
  });
  return { hash: current.hash, mode };
}

/**
 * A saved build whose agents.json no longer has the approved hash makes the approval stale, once
 * per new hash, audited with both. Runs in the build's own transaction. Returns whether the
 * approval stopped holding just now (its schedules are to be removed once this commits).
 */
export async function markApprovalStale(
  tx: Tx,
  build: { workspaceId: string; appId: string; newHash: string | null; auditAs: Actor | null },
): Promise<boolean> {
  const { workspaceId, appId, newHash } = build;
  const row = await approvalRow(tx, workspaceId, appId, true);
  if (!row || row.hash === newHash) return false;
  if (row.staleAt !== null && row.staleHash === newHash) return false;
  const wasHolding = row.staleAt === null;
  await tx
    .update(appAgentApprovals)
    .set({ staleHash: newHash, staleAt: new Date() })
    .where(where(workspaceId, appId));
  if (build.auditAs)
    await recordAudit(tx, build.auditAs, {
      action: "app.agents_config.stale",
      target: { type: "app", id: appId },
      summary: newHash
        ? `The app's ${AGENTS_FILE} changed; its approval no longer holds.`
        : `The app's ${AGENTS_FILE} was removed; its approval no longer holds.`,
      metadata: { approvedHash: row.hash, currentHash: newHash },
    });
  return wasHolding;
}
