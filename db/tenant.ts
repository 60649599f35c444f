import type postgres from "postgres";
import type { Db, Tx } from "./client";

export interface TenantScope {
  /** The workspace whose rows the transaction may touch. */
  workspaceId?: string | null;
  /** The acting user: unlocks their own rows (profile, sessions, memberships) before a workspace is chosen. */
  userId?: string | null;
}

/** The postgres.js transaction under a drizzle one, for hot paths that want prepared statements. */
export function rawOf(tx: Tx): postgres.TransactionSql {
  return (tx as unknown as { session: { client: postgres.TransactionSql } }).session.client;
}

/**
 * The only door to tenant tables: one transaction with the RLS settings set transaction-locally,
 * so nothing leaks to the next user of the pooled connection. The settings travel in the same
 * pipeline as the first statement of `fn` (no extra round trip).
 */
export async function withTenant<T>(db: Db, scope: TenantScope, fn: (tx: Tx) => Promise<T>) {
  return db.transaction(async (tx) => {
    const setup = rawOf(tx)`select set_config('app.workspace_id', ${scope.workspaceId ?? ""}, true),
      set_config('app.user_id', ${scope.userId ?? ""}, true)`.execute();
    try {
      return await fn(tx);
    } finally {
      await setup;
    }
  });
}

export type { Db, Tx };
