import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { auditSeals } from "../../db/schema";
import type { Db, Tx } from "../../db/tenant";
import { withTenant } from "../../db/tenant";

// A workspace's audit chain is a list of seals. Seal n covers every event whose writing
// transaction id lies in [xidFrom, xidTo), where xidTo was the oldest transaction still running
// when it was sealed: no later commit can add an event to a sealed range, so writers never wait
// on each other and the sealer never misses a late commit.

const GENESIS = "second-audit-chain:v1";

export function sealHash(input: {
  prevHash: string;
  workspaceId: string;
  batchNo: number;
  xidFrom: string;
  xidTo: string;
  eventIds: string[];
  rowHashes: string[];
}): string {
  const h = createHash("sha256");
  h.update(
    [input.prevHash, input.workspaceId, input.batchNo, input.xidFrom, input.xidTo].join("\n"),
  );
  for (const [i, id] of input.eventIds.entries()) h.update(`\n${id}:${input.rowHashes[i]}`);
  return h.digest("hex");
}

const genesisHash = (workspaceId: string) =>
  createHash("sha256").update(`${GENESIS}\n${workspaceId}`).digest("hex");

interface RangeRow extends Record<string, unknown> {
  id: string;
  row_hash: string;
}

const rowsInRange = (tx: Tx, workspaceId: string, from: string, to: string) =>
  tx.execute<RangeRow>(sql`
    select e.id, audit_row_hash(e) as row_hash from audit_events e
    where e.workspace_id = ${workspaceId} and e.txid >= ${from}::xid8 and e.txid < ${to}::xid8
    order by e.seq`);

/** Seals the workspace's finished, unsealed events. Returns whether events remain unsealed. */
export async function sealWorkspace(
  db: Db,
  workspaceId: string,
): Promise<{ sealed: number; pending: boolean }> {
  return withTenant(db, { workspaceId }, async (tx) => {
    // Sealers of one workspace take turns; writers are never blocked by this lock.
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtextextended(${`audit-seal:${workspaceId}`}, 0))`,
    );
    const [last] = await tx.execute<{ batch_no: number; xid_to: string; hash: string }>(sql`
      select batch_no, xid_to::text, hash from audit_seals
      where workspace_id = ${workspaceId} order by batch_no desc limit 1`);
    const [snap] = await tx.execute<{ horizon: string }>(
      sql`select pg_snapshot_xmin(pg_current_snapshot())::text as horizon`,
    );
    const from = last?.xid_to ?? "0";
    const to = snap?.horizon ?? "0";
    const rows = BigInt(to) > BigInt(from) ? await rowsInRange(tx, workspaceId, from, to) : [];
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
      await tx.insert(auditSeals).values({ ...seal, hash: sealHash(seal) });
    }
    const [rest] = await tx.execute<{ pending: boolean }>(sql`
      select exists (select 1 from audit_events where workspace_id = ${workspaceId}
                     and txid >= ${rows.length > 0 ? to : from}::xid8) as pending`);
    return { sealed: rows.length, pending: rest?.pending ?? false };
  });
}

export interface ChainReport {
  ok: boolean;
  seals: number;
  events: number;
  unsealed: number;
  firstBroken: null | { batchNo: number; eventId: string | null; reason: string };
}

/** Recomputes the chain from the stored events and reports the first link that does not hold. */
export async function verifyChain(tx: Tx, workspaceId: string): Promise<ChainReport> {
  const seals = await tx.execute<{
    batch_no: number;
    xid_from: string;
    xid_to: string;
    event_ids: string[];
    row_hashes: string[];
    prev_hash: string;
    hash: string;
  }>(sql`select batch_no, xid_from::text, xid_to::text, event_ids::text[], row_hashes, prev_hash, hash
         from audit_seals where workspace_id = ${workspaceId} order by batch_no`);
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
    const expected = sealHash({
      prevHash: s.prev_hash,
      workspaceId,
      batchNo: s.batch_no,
      xidFrom: s.xid_from,
      xidTo: s.xid_to,
      eventIds: s.event_ids,
      rowHashes: s.row_hashes,
    });
    if (expected !== s.hash) return broken(s.batch_no, null, "The seal's own hash does not match.");
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
  const [rest] = await tx.execute<{ n: number }>(sql`
    select count(*)::int as n from audit_events where workspace_id = ${workspaceId} and txid >= ${lastTo}::xid8`);
  return { ok: true, seals: seals.length, events, unsealed: rest?.n ?? 0, firstBroken: null };
}
