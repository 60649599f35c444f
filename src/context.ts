import type { Role } from "../db/schema";
import type { Tx } from "../db/tenant";
import type { AgentRunDeps } from "./agents/runs";
import { can, type Permission } from "./auth/permissions";
import type { DataSettings } from "./config";
import { ServiceError } from "./errors";

/** Who is acting, in which workspace, verified once by the tenant procedure. */
export interface Actor {
  kind: "user" | "system" | "agent";
  userId: string;
  displayName: string;
  workspaceId: string;
  role: Role;
  requestId?: string;
}

/** What every tenant-scoped domain verb receives: an open tenant transaction and its actor. */
export interface TenantCtx {
  tx: Tx;
  actor: Actor;
  /** Transaction-local settings the transaction opened with (db/tenant.ts `TenantScope.settings`). */
  settings?: Readonly<Record<string, string>>;
  /** Work to do once the transaction has committed (e.g. enqueue a job that reads its rows). */
  afterCommit?: (fn: () => Promise<unknown> | unknown) => void;
  /**
   * How to start agent runs, for writes that may fire document triggers (the data router, an
   * agent's update_app_data). Without it a write starts no runs.
   */
  agentRuns?: AgentRunDeps;
  /** The configured app-data limits (src/config.ts); without them, the defaults in data/limits.ts. */
  data?: DataSettings;
  /**
   * An access check still running in the same transaction (src/data/router.ts): a write's
   * effects beyond its own statement (triggers) wait for it to pass.
   */
  checked?: Promise<unknown>;
}

const DENIED: Partial<Record<Permission, string>> = {
  "members:manage": "Only workspace owners and admins can manage members and teams.",
  "members:invite": "Only workspace owners and admins can invite people.",
  "members:manage-owner": "Only a workspace owner can grant or remove the owner role.",
  "audit:read": "Only workspace owners and admins can read the audit log.",
  "workspace:manage": "Only workspace owners and admins can change workspace settings.",
  "integrations:manage": "Only workspace owners and admins can change integration secrets.",
};

export function requirePermission(actor: Actor, permission: Permission): void {
  if (!can(actor.role, permission)) {
    throw new ServiceError(
      "FORBIDDEN",
      DENIED[permission] ?? `Your role (${actor.role}) does not allow this.`,
    );
  }
}
