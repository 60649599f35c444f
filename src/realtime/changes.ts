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

export interface ChangeBatch {
  /** Every change of a transaction with id in [from, to) is in this batch; `to` is the cursor. */
  from: string;
  to: string;
  changes: LiveChange[];
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

export async function readChangesTx(
  tx: Tx,
  workspaceId: string,
  from: string,
  to: string,
  where?: { appId: string; scope: string },
): Promise<LiveChange[]> {
  if (BigInt(to) <= BigInt(from)) return [];
  const q = rawOf(tx);
  const rows = (await q`
    select c.txid::text as txid, c.app_id, c.scope, c.collection, c.doc_id, c.op, c.version,
      case when d.id is null then null else json_build_object('id', d.id, 'data', d.data,
        'version', d.version, 'created_by_kind', d.created_by_kind, 'created_by', d.created_by,
        'created_at', d.created_at, 'updated_at', d.updated_at) end as doc
    from app_changes c
    left join app_documents d on d.workspace_id = c.workspace_id and d.app_id = c.app_id
      and d.scope = c.scope and d.collection = c.collection and d.id = c.doc_id
    where c.workspace_id = ${workspaceId} and c.txid >= ${from}::xid8 and c.txid < ${to}::xid8
      ${where ? q`and c.app_id = ${where.appId} and c.scope = ${where.scope}` : q``}
    order by c.seq`) as unknown as ChangeRow[];
  return rows.map((r) => ({
    txid: r.txid,
    appId: r.app_id,
    scope: r.scope,
    collection: r.collection,
    id: r.doc_id,
    // The document as it is now; a change to a since-deleted document reads as its deletion.
    op: r.doc ? "upsert" : "delete",
    version: r.doc?.version ?? r.version,
    doc: r.doc ? toDocument(r.doc) : null,
  }));
}

/** Reads the changes in [from, horizon) and returns them with the new horizon. */
export async function readNewChanges(
  db: Db,
  workspaceId: string,
  from: string | null,
): Promise<ChangeBatch> {
  return withTenant(db, { workspaceId }, async (tx) => {
    const to = await currentHorizon(tx);
    const start = from ?? to;
    const changes = await readChangesTx(tx, workspaceId, start, to);
    return { from: start, to: BigInt(to) > BigInt(start) ? to : start, changes };
  });
}
