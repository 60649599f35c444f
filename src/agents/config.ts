import { requireApp } from "../apps/apps";
import type { TenantCtx } from "../context";
import { type AgentsApproval, agentsApproval } from "./approvals";
import { currentAgents } from "./current";
import { type AgentsSummary, summariseAgents } from "./summary";

export interface AgentsConfig {
  /** The current build's agents.json as a person reviews it; null when it has none or a broken one. */
  declared: AgentsSummary | null;
  approval: AgentsApproval;
  /** Owners and admins approve live and revoke; anyone else approves for mock data only. */
  canApproveLive: boolean;
  /** The app's creator, owners and admins switch tools on and off (which changes the file). */
  canEdit: boolean;
}

export const isWorkspaceAdmin = (role: string) => role === "owner" || role === "admin";

/** The app's agents as the Agents tab shows them: agents, tools, collections, triggers, approval. */
export async function agentsConfig(ctx: TenantCtx, appId: string): Promise<AgentsConfig> {
  const { tx, actor } = ctx;
  const app = await requireApp(tx, actor, appId);
  const approval = await agentsApproval(ctx, appId);
  const current = await currentAgents(tx, actor, appId);
  const admin = isWorkspaceAdmin(actor.role);
  return {
    declared: current.kind === "declared" ? summariseAgents(current.file, current.hash) : null,
    approval,
    canApproveLive: admin,
    canEdit: admin || app.createdBy === actor.userId,
  };
}
