import { sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant";
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
} from "./chain";

export interface ChainReport {
  ok: boolean;
  seals: number;
  events: number;
  unsealed: number;
  firstBroken: null | { batchNo: number; eventId: string | null; reason: string };
}

/** Recomputes the chain from the stored events and reports the first link that does not hold. */
export async function verifyChain(
  tx: Tx,
  workspaceId: string,
  chain: ChainContext,
): Promise<ChainReport> {
  const seals = await tx.execute<SealRow>(sql`
    select ${SEAL_COLUMNS} from audit_seals where workspace_id = ${workspaceId} order by batch_no`);
  let prev = genesisHash(workspaceId);
  let events = 0;
  const broken = (batchNo: number, eventId: string | null, reason: string): ChainReport => ({
    ok: false,
    seals: seals.length,
    events,
    unsealed: 0,
    firstBroken: { batchNo, eventId, reason },
  });
  let lastTo = "0";
  for (const [i, s] of seals.entries()) {
    if (s.batch_no !== i + 1) return broken(i + 1, null, "A seal is missing from the chain.");
    if (s.prev_hash !== prev || s.xid_from !== lastTo)
      return broken(s.batch_no, null, "The seal does not follow the previous one.");
    const fault = sealFault(chain, workspaceId, s);
    if (fault) return broken(s.batch_no, null, fault);
    const rows = await rowsInRange(tx, workspaceId, s.xid_from, s.xid_to);
    const actual = new Map(rows.map((r) => [r.id, r.row_hash]));
    for (const [j, id] of s.event_ids.entries()) {
      const h = actual.get(id);
      if (h === undefined) return broken(s.batch_no, id, "A sealed event was deleted.");
      if (h !== s.row_hashes[j]) return broken(s.batch_no, id, "A sealed event was modified.");
      actual.delete(id);
      events++;
    }
    const extra = actual.keys().next();
    if (!extra.done)
      return broken(s.batch_no, extra.value, "An event was added to a sealed range.");
    prev = s.hash;
    lastTo = s.xid_to;
  }
  const lost = await lostHead(tx, chain, workspaceId);
  if (lost) return broken(lost.batchNo, null, "Seals this server made are missing from the chain.");
  const [overdue] = await overdueEvents(tx, chain, workspaceId, lastTo);
  if (overdue)
    return broken(
      seals.length + 1,
      overdue.id,
      "Events older than the sealing lag are not covered by any seal.",
    );
  const last = seals[seals.length - 1];
  if (last) rememberHead(chain, workspaceId, { batchNo: last.batch_no, hash: last.hash });
  const [rest] = await tx.execute<{ n: number }>(sql`
    select count(*)::int as n from audit_events where workspace_id = ${workspaceId} and txid >= ${lastTo}::xid8`);
  return { ok: true, seals: seals.length, events, unsealed: rest?.n ?? 0, firstBroken: null };
}
