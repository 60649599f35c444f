import type { Db, Tx } from "../../db/tenant";
import { rawOf, withTenant } from "../../db/tenant";
import { type AppDocument, type DocRow, toDocument } from "../data/documents";

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
  /** Every change of a transaction with id in [from, to) is in this batch; `to` is the cursor. */
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

/** The oldest transaction still running: everything below it has committed or aborted. */
export async function currentHorizon(tx: Tx): Promise<string> {
  const [row] = await rawOf(tx)`select pg_snapshot_xmin(pg_current_snapshot())::text as h`;
  return row!.h as string;
}

type Raw = ReturnType<typeof rawOf>;

/** Changes of finished transactions with txid in [from, to), oldest first. */
function selectChanges(
  q: Raw,
  workspaceId: string,
  from: string,
  to: ReturnType<Raw>,
  where?: { appId: string; scope: string },
) {
  return q`
    select c.seq, c.txid::text as txid, c.app_id, c.scope, c.collection, c.doc_id, c.op, c.version,
      case when d.id is null then null else json_build_object('id', d.id, 'data', d.data,
        'version', d.version, 'created_by_kind', d.created_by_kind, 'created_by', d.created_by,
        'created_at', d.created_at, 'updated_at', d.updated_at) end as doc
    from app_changes c
    left join app_documents d on d.workspace_id = c.workspace_id and d.app_id = c.app_id
      and d.scope = c.scope and d.collection = c.collection and d.id = c.doc_id
    where c.workspace_id = ${workspaceId} and c.txid >= ${from}::xid8 and c.txid < ${to}
      ${where ? q`and c.app_id = ${where.appId} and c.scope = ${where.scope}` : q``}
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

export async function readChangesTx(
  tx: Tx,
  workspaceId: string,
  from: string,
  to: string,
  where?: { appId: string; scope: string },
): Promise<LiveChange[]> {
  if (BigInt(to) <= BigInt(from)) return [];
  const q = rawOf(tx);
  const rows = await selectChanges(q, workspaceId, from, q`${to}::xid8`, where);
  return (rows as unknown as ChangeRow[]).map(toChange);
}

/**
 * Reads the changes in [from, horizon) and returns them with the new horizon, in one statement
 * (so the horizon and the rows come from the same snapshot).
 */
export async function readNewChanges(
  db: Db,
  workspaceId: string,
  from: string | null,
): Promise<ChangeBatch> {
  return withTenant(db, { workspaceId }, async (tx) => {
    if (from === null) {
      const to = await currentHorizon(tx);
      return { from: to, to, changes: [], runEvents: [] };
    }
    const q = rawOf(tx);
    const rows = (await q`
      with h as materialized (select pg_snapshot_xmin(pg_current_snapshot()) as to_x)
      select (select to_x::text from h) as horizon, x.* from h
      left join lateral (${selectChanges(q, workspaceId, from, q`h.to_x`)}) x on true
      order by x.seq`) as unknown as (ChangeRow & { horizon: string })[];
    const to = rows[0]?.horizon ?? from;
    const changes = rows.filter((r) => r.txid !== null).map(toChange);
    // Same range, so everything below the horizon is read exactly once across both logs.
    const runEvents =
      BigInt(to) > BigInt(from) ? await readRunEventsTx(tx, workspaceId, from, to) : [];
    return { from, to: BigInt(to) > BigInt(from) ? to : from, changes, runEvents };
  });
}

export async function readRunEventsTx(
  tx: Tx,
  workspaceId: string,
  from: string,
  to: string,
): Promise<LiveRunEvent[]> {
  const rows = await rawOf(tx)`
    select e.run_id, r.app_id, e.seq, e.type, e.data, e.at from run_events e
    join agent_runs r on r.workspace_id = e.workspace_id and r.id = e.run_id
    where e.workspace_id = ${workspaceId} and e.txid >= ${from}::xid8 and e.txid < ${to}::xid8
    order by e.run_id, e.seq`;
  return rows.map((r) => ({
    runId: r.run_id as string,
    appId: r.app_id as string,
    seq: r.seq as number,
    type: r.type as string,
    data: r.data as Record<string, unknown>,
    at: new Date(r.at as string).toISOString(),
  }));
}
