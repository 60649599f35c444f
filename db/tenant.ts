import { sql } from "drizzle-orm";
import type { Db, Tx } from "./client";

export interface TenantScope {
  /** The workspace whose rows the transaction may touch. */
  workspaceId?: string | null;
  /** The acting user: unlocks their own rows (profile, sessions, memberships) before a workspace is chosen. */
  userId?: string | null;
}

/**
 * The only door to tenant tables: one transaction with the RLS settings set transaction-locally,
 * so nothing leaks to the next user of the pooled connection.
 */
export async function withTenant<T>(db: Db, scope: TenantScope, fn: (tx: Tx) => Promise<T>) {
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('app.workspace_id', ${scope.workspaceId ?? ""}, true),
                 set_config('app.user_id', ${scope.userId ?? ""}, true)`,
    );
    return fn(tx);
  });
}

export type { Db, Tx };
