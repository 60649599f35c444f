import { sql } from "drizzle-orm";
import { auditSeals } from "../../db/schema";
import type { Db } from "../../db/tenant";
import { withTenant } from "../../db/tenant";
import {
  type ChainContext,
  genesisHash,
  lostHead,
  overdueEvents,
  rememberHead,
  rowsInRange,
  SEAL_COLUMNS,
  type SealRow,
  sealFault,
  sealHash,
  signHead,
} from "./chain";

/** The sealer will not extend a chain it cannot trust: doing so would sign over tampering. */
export class SealRefused extends Error {
  constructor(
    readonly code: "broken_head" | "lost_seals" | "overdue_events",
    message: string,
  ) {
    super(message);
  }
}

/**
 * Seals the workspace's finished, unsealed events. Returns whether events remain unsealed.
 * `acceptOverdue` is the operator's override (scripts/audit-reseal.ts) after checking the heads.
 */
export async function sealWorkspace(
  db: Db,
  workspaceId: string,
  chain: ChainContext,
  opts: { acceptOverdue?: boolean } = {},
): Promise<{ sealed: number; pending: boolean; head: { batchNo: number; hash: string } | null }> {
  const result = await withTenant(db, { workspaceId }, async (tx) => {
    // Sealers of one workspace take turns; writers are never blocked by this lock.
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtextextended(${`audit-seal:${workspaceId}`}, 0))`,
    );
    const [last] = await tx.execute<SealRow>(sql`
      select ${SEAL_COLUMNS} from audit_seals
      where workspace_id = ${workspaceId} order by batch_no desc limit 1`);
    const fault = last && sealFault(chain, workspaceId, last);
    if (fault) throw new SealRefused("broken_head", fault);
    if (await lostHead(tx, chain, workspaceId))
      throw new SealRefused("lost_seals", "Seals this process made are missing.");
    const from = last?.xid_to ?? "0";
    if (!opts.acceptOverdue && (await overdueEvents(tx, chain, workspaceId, from)).length > 0)
      throw new SealRefused("overdue_events", "Events older than the sealing lag are unsealed.");
    const [snap] = await tx.execute<{ horizon: string }>(
      sql`select pg_snapshot_xmin(pg_current_snapshot())::text as horizon`,
    );
    const to = snap?.horizon ?? "0";
    const rows = BigInt(to) > BigInt(from) ? await rowsInRange(tx, workspaceId, from, to) : [];
    let head: { batchNo: number; hash: string } | null = null;
    if (rows.length > 0) {
      const seal = {
        workspaceId,
        batchNo: (last?.batch_no ?? 0) + 1,
        xidFrom: from,
        xidTo: to,
        eventIds: rows.map((r) => r.id),
        rowHashes: rows.map((r) => r.row_hash),
        prevHash: last?.hash ?? genesisHash(workspaceId),
      };
      const hash = sealHash(seal);
      await tx.insert(auditSeals).values({ ...seal, hash, signature: signHead(chain.key, hash) });
      head = { batchNo: seal.batchNo, hash };
    }
    const [rest] = await tx.execute<{ pending: boolean }>(sql`
      select exists (select 1 from audit_events where workspace_id = ${workspaceId}
                     and txid >= ${rows.length > 0 ? to : from}::xid8) as pending`);
    return { sealed: rows.length, pending: rest?.pending ?? false, head };
  });
  if (result.head) rememberHead(chain, workspaceId, result.head);
  return result;
}
