import type { Db, Tx } from "../../db/tenant";
import { rawOf, withTenant } from "../../db/tenant";
import { type AppDocument, type DocRow, toDocument } from "../data/documents";
import {
  bounded,
  covers,
  formatSnapshot,
  parsePgSnapshot,
  parseSnapshot,
  type Snapshot,
  union,
} from "./snapshot";

export interface LiveChange {
  /** The writer's transaction id; a subscriber drops what it has already passed. */
  txid: string;
  appId: string;
  scope: "draft" | "published";
  collection: string;
  id: string;
  op: "upsert" | "delete";
  version: number;
  doc: AppDocument | null;
}

/** One event of an agent run, as the live hub delivers it. */
export interface LiveRunEvent {
  runId: string;
  appId: string;
  seq: number;
  type: string;
  data: Record<string, unknown>;
  at: string;
}

export interface ChangeBatch {
  /**
   * Cursors (snapshot text, see snapshot.ts): the batch holds every change of a transaction
   * visible in `to` and not in `from`; `to` is the next cursor.
   */
  from: string;
  to: string;
  changes: LiveChange[];
  runEvents: LiveRunEvent[];
}

interface ChangeRow extends Record<string, unknown> {
  txid: string;
  app_id: string;
  scope: "draft" | "published";
  collection: string;
  doc_id: string;
  op: string;
  version: number;
  doc: DocRow | null;
}

/** The transactions finished now, as a cursor (the in-progress list bounded). */
async function currentSnapshot(tx: Tx, timeoutMs: number): Promise<Snapshot> {
  // The timeout covers the reads after this statement: PostgreSQL cancels a slow one rather than
  // leaving it running on a connection the caller has given up on.
  const [row] = await rawOf(tx)`select set_config('statement_timeout', ${String(timeoutMs)}, true),
    pg_current_snapshot()::text as s`;
  return bounded(parsePgSnapshot(row!.s as string));
}

type Raw = ReturnType<typeof rawOf>;

const xids = (xs: bigint[]) => `{${xs.join(",")}}`;

/**
 * The log rows of transactions visible in `to` and not in `from`, as two index range reads on
 * (workspace_id, txid) whatever the statistics: past `from`'s xmax, and `from`'s in-progress
 * ids by equality (a transaction open for hours is one lookup, not a growing range). Both then
 * drop what `to` still has in progress.
 */
function logRows(
  q: Raw,
  table: "app_changes" | "run_events",
  ws: string,
  from: Snapshot,
  to: Snapshot,
) {
  const below = to.xmax.toString();
  // offset 0 keeps the outer filter out of the arms, so the second is a pure id lookup.
  return q`
    select * from (
      select * from ${q(table)} where workspace_id = ${ws}
        and txid >= ${from.xmax.toString()}::xid8 and txid < ${below}::xid8
      union all
      select * from ${q(table)} where workspace_id = ${ws} and txid = any(${xids(from.xip)}::xid8[])
      offset 0
    ) l where l.txid < ${below}::xid8 and l.txid <> all(${xids(to.xip)}::xid8[])`;
}

/** Changes of the transactions between two cursors, oldest first; each document by its key. */
export function selectChanges(
  q: Raw,
  workspaceId: string,
  from: Snapshot,
  to: Snapshot,
  where?: { appId: string; scope: string },
) {
  return q`
    select c.seq, c.txid::text as txid, c.app_id, c.scope, c.collection, c.doc_id, c.op, c.version,
      d.doc
    from (${logRows(q, "app_changes", workspaceId, from, to)}) c
    left join lateral (
      select json_build_object('id', d.id, 'data', d.data, 'version', d.version,
        'created_by_kind', d.created_by_kind, 'created_by', d.created_by,
        'created_at', d.created_at, 'updated_at', d.updated_at) as doc
      from app_documents d
      where d.workspace_id = c.workspace_id and d.app_id = c.app_id and d.scope = c.scope
        and d.collection = c.collection and d.id = c.doc_id
    ) d on true
    where true ${where ? q`and c.app_id = ${where.appId} and c.scope = ${where.scope}` : q``}
    order by c.seq`;
}

function toChange(r: ChangeRow): LiveChange {
  return {
    txid: r.txid,
    appId: r.app_id,
    scope: r.scope,
    collection: r.collection,
    id: r.doc_id,
    // The document as it is now; a change to a since-deleted document reads as its deletion.
    op: r.doc ? "upsert" : "delete",
    version: r.doc?.version ?? r.version,
    doc: r.doc ? toDocument(r.doc) : null,
  };
}

/** A cursor that came through validation (schemas.ts) or from the hub. */
export function cursorOf(text: string): Snapshot {
  const s = parseSnapshot(text);
  if (!s) throw new Error("invalid live cursor");
  return s;
}

export async function readChangesTx(
  tx: Tx,
  workspaceId: string,
  from: string,
  to: string,
  where?: { appId: string; scope: string },
): Promise<LiveChange[]> {
  const [a, b] = [cursorOf(from), cursorOf(to)];
  if (covers(a, b)) return [];
  const rows = await selectChanges(rawOf(tx), workspaceId, a, b, where);
  return (rows as unknown as ChangeRow[]).map(toChange);
}

/**
 * Reads the changes and run events of transactions finished since `from` and returns them with
 * the new cursor. The cursor is taken first: what it holds had committed, so the reads (later
 * snapshots of the same transaction) see all of it.
 */
export async function readNewChanges(
  db: Db,
  workspaceId: string,
  from: string | null,
  timeoutMs: number,
): Promise<ChangeBatch> {
  return withTenant(db, { workspaceId }, async (tx) => {
    const now = await currentSnapshot(tx, timeoutMs);
    if (from === null) {
      const to = formatSnapshot(now);
      return { from: to, to, changes: [], runEvents: [] };
    }
    const prev = cursorOf(from);
    // Bounding may drop what `from` already holds; the union keeps it delivered.
    const next = union(prev, now);
    if (covers(prev, next)) return { from, to: from, changes: [], runEvents: [] };
    const q = rawOf(tx);
    const [rows, runEvents] = await Promise.all([
      selectChanges(q, workspaceId, prev, next),
      selectRunEvents(tx, workspaceId, prev, next),
    ]);
    const changes = (rows as unknown as ChangeRow[]).map(toChange);
    return { from, to: formatSnapshot(next), changes, runEvents };
  });
}

export async function readRunEventsTx(
  tx: Tx,
  workspaceId: string,
  from: string,
  to: string,
): Promise<LiveRunEvent[]> {
  const [a, b] = [cursorOf(from), cursorOf(to)];
  return covers(a, b) ? [] : selectRunEvents(tx, workspaceId, a, b);
}

/** Run events of the transactions between two cursors, each run by its key. */
export function runEventsQuery(q: Raw, workspaceId: string, from: Snapshot, to: Snapshot) {
  return q`
    select e.run_id, r.app_id, e.seq, e.type, e.data, e.at
    from (${logRows(q, "run_events", workspaceId, from, to)}) e
    -- By primary key alone: the foreign key keeps an event's run in its workspace, and a
    -- workspace-only index must not be chosen when statistics are missing.
    join lateral (select r.app_id from agent_runs r where r.id = e.run_id) r on true
    order by e.run_id, e.seq`;
}

async function selectRunEvents(
  tx: Tx,
  workspaceId: string,
  from: Snapshot,
  to: Snapshot,
): Promise<LiveRunEvent[]> {
  const rows = await runEventsQuery(rawOf(tx), workspaceId, from, to);
  return rows.map((r) => ({
    runId: r.run_id as string,
    appId: r.app_id as string,
    seq: r.seq as number,
    type: r.type as string,
    data: r.data as Record<string, unknown>,
    at: new Date(r.at as string).toISOString(),
  }));
}
