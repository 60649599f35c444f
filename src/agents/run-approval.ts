import { and, eq } from "drizzle-orm";
import { type ApprovalMode, appAgentApprovals } from "../../db/schema";
import type { Tx } from "../../db/tenant";
import type { Actor } from "../context";
import { type AgentDecl, agentsFileSchema, declaredAgent } from "../sdk/agents";
import { currentAgents } from "./current";

export type ApprovedAgent =
  | { ok: true; hash: string; mode: ApprovalMode; agent: AgentDecl }
  | {
      ok: false;
      /** none: never approved (or revoked); stale: the file changed since; unknown_agent: not in the approved payload. */
      reason: "none" | "stale" | "unknown_agent";
      message: string;
    };

/**
 * The agent as the app's approval row says NOW: the row re-read, its hash compared with the
 * current build's agents.json, and the agent looked up in the approved payload (never in the
 * file a run started from). Both the start of a run and every tool call go through here.
 */
export async function approvedAgentNow(
  tx: Tx,
  actor: Pick<Actor, "workspaceId">,
  appId: string,
  agentId: string,
  options: { lock?: boolean } = {},
): Promise<ApprovedAgent> {
  const query = tx
    .select()
    .from(appAgentApprovals)
    .where(
      and(eq(appAgentApprovals.workspaceId, actor.workspaceId), eq(appAgentApprovals.appId, appId)),
    );
  // A shared lock orders a tool step against a concurrent re-approval or revoke of the row.
  const [row] = options.lock ? await query.for("share") : await query;
  if (!row)
    return {
      ok: false,
      reason: "none",
      message: "This app's agents are not approved. An admin approves them on the Agents page.",
    };
  const current = await currentAgents(tx, actor as Actor, appId);
  const currentHash = current.kind === "declared" ? current.hash : null;
  if (row.staleAt !== null || row.hash !== currentHash)
    return {
      ok: false,
      reason: "stale",
      message:
        "This app's agents changed since they were approved. Review and approve them again on the Agents page.",
    };
  const parsed = agentsFileSchema.safeParse(row.payload);
  const agent = parsed.success ? declaredAgent(parsed.data, agentId) : null;
  if (!agent) return { ok: false, reason: "unknown_agent", message: `Unknown agent “${agentId}”.` };
  return { ok: true, hash: row.hash, mode: row.mode, agent };
}
