import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant";

// A workspace's audit chain is a list of seals. Seal n covers every event whose writing
// transaction id lies in [xidFrom, xidTo), where xidTo was the oldest transaction still running
// when it was sealed: no later commit can add an event to a sealed range, so writers never wait
// on each other and the sealer never misses a late commit. Each seal's hash is signed with a key
// the database never holds, so someone with database access alone cannot forge or rebuild seals.

const GENESIS = "second-audit-chain:v1";

export interface ChainHead {
  batchNo: number;
  hash: string;
}

/** What sealing and verification need besides the database; one per process. */
export interface ChainContext {
  key: string;
  /** How long a committed event may wait for its seal before a missing seal is an error. */
  lagMs: number;
  /** The newest head this process sealed or verified, per workspace: a shorter chain lost seals. */
  heads: Map<string, ChainHead>;
}

export function chainContext(config: {
  auditSigningKey: string;
  auditSealLagMs: number;
}): ChainContext {
  return { key: config.auditSigningKey, lagMs: config.auditSealLagMs, heads: new Map() };
}

export function rememberHead(chain: ChainContext, workspaceId: string, head: ChainHead) {
  const known = chain.heads.get(workspaceId);
  if (!known || known.batchNo < head.batchNo) chain.heads.set(workspaceId, head);
}

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

export const signHead = (key: string, hash: string) =>
  createHmac("sha256", key).update(`second-audit-seal:v1\n${hash}`).digest("hex");

export const genesisHash = (workspaceId: string) =>
  createHash("sha256").update(`${GENESIS}\n${workspaceId}`).digest("hex");

export interface SealRow extends Record<string, unknown> {
  batch_no: number;
  xid_from: string;
  xid_to: string;
  event_ids: string[];
  row_hashes: string[];
  prev_hash: string;
  hash: string;
  signature: string | null;
}

export const SEAL_COLUMNS = sql.raw(
  "batch_no, xid_from::text, xid_to::text, event_ids::text[], row_hashes, prev_hash, hash, signature",
);

/** Why a stored seal cannot be trusted on its own, or null when its hash and signature hold. */
export function sealFault(chain: ChainContext, workspaceId: string, s: SealRow): string | null {
  const expected = sealHash({
    prevHash: s.prev_hash,
    workspaceId,
    batchNo: s.batch_no,
    xidFrom: s.xid_from,
    xidTo: s.xid_to,
    eventIds: s.event_ids,
    rowHashes: s.row_hashes,
  });
  if (expected !== s.hash) return "The seal's own hash does not match.";
  if (s.signature === null)
    return "The seal carries no signature: it was made before this installation signed its seals, or its signature was removed.";
  const want = Buffer.from(signHead(chain.key, s.hash), "hex");
  const got = Buffer.from(s.signature ?? "", "hex");
  if (got.length !== want.length || !timingSafeEqual(got, want))
    return "The seal is not signed with this installation's audit key.";
  return null;
}

/** The newest head this process knows that the stored chain no longer contains, if any. */
export async function lostHead(
  tx: Tx,
  chain: ChainContext,
  workspaceId: string,
): Promise<ChainHead | null> {
  const known = chain.heads.get(workspaceId);
  if (!known) return null;
  const [row] = await tx.execute<{ hash: string }>(sql`
    select hash from audit_seals where workspace_id = ${workspaceId} and batch_no = ${known.batchNo}`);
  return row?.hash === known.hash ? null : known;
}

/** Committed events that no seal covers although they are older than the sealing lag. */
export const overdueEvents = (tx: Tx, chain: ChainContext, workspaceId: string, from: string) =>
  tx.execute<{ id: string }>(sql`
    select id from audit_events
    where workspace_id = ${workspaceId} and txid >= ${from}::xid8
      and txid < pg_snapshot_xmin(pg_current_snapshot())
      and occurred_at < now() - make_interval(secs => ${chain.lagMs / 1000})
    order by seq limit 1`);

interface RangeRow extends Record<string, unknown> {
  id: string;
  row_hash: string;
}

export const rowsInRange = (tx: Tx, workspaceId: string, from: string, to: string) =>
  tx.execute<RangeRow>(sql`
    select e.id, audit_row_hash(e) as row_hash from audit_events e
    where e.workspace_id = ${workspaceId} and e.txid >= ${from}::xid8 and e.txid < ${to}::xid8
    order by e.seq`);
