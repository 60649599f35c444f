import type postgres from "postgres";
import { rawOf, type Tx } from "../../db/tenant";
import type { TenantCtx } from "../context";
import { notFound, ServiceError } from "../errors";
import { badCursor, decodeCursor, encodeCursor } from "./cursor";
import { type DocRow, toDocument } from "./documents";
import { DATA_LIMITS, dataSettings } from "./limits";
import type { ListInput, Scope } from "./schemas";

/**
 * The read side of app data. Every read is index-driven by its shape, whatever the table's
 * statistics (a bulk load, autovacuum off): a full-key lookup, or a keyset range read in the
 * order of an index with a LIMIT. Every read runs under a transaction-local statement timeout,
 * so PostgreSQL cancels a slow read instead of leaving it running on a connection the caller
 * gave up on; a cancelled read answers TIMEOUT.
 */

type Raw = postgres.TransactionSql;
type Fragment = postgres.PendingQuery<postgres.Row[]>;

const COLUMNS = "id, data, version, created_by_kind, created_by, created_at, updated_at";

/** Sorts served by an index of app_documents: (…, created_at, id), (…, updated_at, id), the key. */
const SYSTEM_SORTS = new Map([
  ["_createdAt", "created_at"],
  ["_updatedAt", "updated_at"],
  ["_id", "id"],
]);

/** Timestamp text as PostgreSQL prints timestamptz, the form a cursor carries. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2}$/;

export interface ListAnswer {
  documents: ReturnType<typeof toDocument>[];
  nextCursor: string | null;
  /**
   * Present when the filter or sort uses fields without an index: each page then reads at most
   * `scanLimit` documents in the sort's order; `limited` says this page stopped there (it may
   * hold fewer matches than asked for, and `nextCursor` goes on from where the scan stopped).
   */
  unindexed?: { fields: string[]; scanLimit: number; limited: boolean; message: string };
}

const locWhere = (
  q: Raw,
  workspaceId: string,
  loc: { appId: string; scope: Scope; collection: string },
) =>
  q`workspace_id = ${workspaceId} and app_id = ${loc.appId} and scope = ${loc.scope} and collection = ${loc.collection}`;

/** Sets the read's statement timeout, pipelined with the statement after it (no round trip). */
export function readTimeout(tx: Tx, ctx: TenantCtx) {
  const ms = dataSettings(ctx).readTimeoutMs;
  return rawOf(tx)`select set_config('statement_timeout', ${String(ms)}, true)`.execute();
}

/** A read PostgreSQL cancelled for running past the timeout answers TIMEOUT; others rethrow. */
export async function timed<T>(ctx: TenantCtx, read: () => Promise<T>): Promise<T> {
  const setting = readTimeout(ctx.tx, ctx);
  try {
    const out = await read();
    await setting;
    return out;
  } catch (err) {
    await setting.catch(() => {});
    if ((err as { code?: string }).code === "57014") {
      throw new ServiceError(
        "TIMEOUT",
        `The read took longer than ${dataSettings(ctx).readTimeoutMs} ms and was cancelled. Narrow the filter, or declare an index for it in collections.json.`,
      );
    }
    if ((err as { code?: string }).code === "22007" || (err as { code?: string }).code === "22P02")
      throw badCursor();
    throw err;
  }
}

interface Order {
  field: string;
  direction: "asc" | "desc";
  /** The sort key as an expression over the row, and as text for the cursor. */
  expr: Fragment;
  text: Fragment;
  /** How a cursor's key is read back into the expression's type. */
  cast: (key: unknown) => Fragment;
  system: boolean;
}

function orderOf(q: Raw, input: ListInput): Order {
  const field = input.sort?.field ?? "_createdAt";
  const direction = input.sort?.direction === "desc" ? "desc" : "asc";
  const column = SYSTEM_SORTS.get(field);
  if (column === "id")
    return {
      field,
      direction,
      expr: q`id`,
      text: q`id`,
      cast: (k) => q`${String(k)}`,
      system: true,
    };
  if (column) {
    return {
      field,
      direction,
      expr: q.unsafe(column),
      text: q`${q.unsafe(column)}::text`,
      cast: (k) => {
        if (typeof k !== "string" || !TIMESTAMP.test(k)) throw badCursor();
        return q`${k}::timestamptz`;
      },
      system: true,
    };
  }
  // Missing and null values come last in either direction, as the SDK sorts them: the key is
  // [last?, value], a JSON array compared element by element, never SQL NULL, so a keyset
  // comparison needs no special case for them.
  const [missing, present] = direction === "asc" ? [1, 0] : [0, 1];
  const expr = q`jsonb_build_array(case when coalesce(data -> ${field}, 'null'::jsonb) = 'null'::jsonb
    then ${missing}::int else ${present}::int end, data -> ${field})`;
  return {
    field,
    direction,
    expr,
    text: q`${expr}::text`,
    cast: (k) => {
      if (!Array.isArray(k) || k.length !== 2) throw badCursor();
      return q`${JSON.stringify(k)}::jsonb`;
    },
    system: false,
  };
}

async function collectionSize(ctx: TenantCtx, loc: ListInput): Promise<number> {
  const q = rawOf(ctx.tx);
  const [row] = await q`select coalesce(sum(documents), 0)::int as n from app_collection_counts
    where ${locWhere(q, ctx.actor.workspaceId, loc)}`;
  return (row?.n as number) ?? 0;
}

/** A decoded cursor with its sort key resolved (from the cursor, or read back by id). */
export interface After {
  id: string;
  key: unknown;
}

/**
 * The list statement for a page after `after` (null: the first page). Synchronous and pure so
 * the plan test can EXPLAIN exactly what runs. Without a filter: one keyset range read in the
 * sort's index order. With one: the same read bounded to `unindexedScanDocuments` rows (the
 * matches, then the last row read, so the next page goes on from there).
 */
export function listStatement(q: Raw, workspaceId: string, input: ListInput, after: After | null) {
  const order = orderOf(q, input);
  const dir = q.unsafe(order.direction);
  const back = q.unsafe(order.direction === "desc" ? "asc" : "desc");
  const cmp = q.unsafe(order.direction === "desc" ? "<" : ">");
  const loc = locWhere(q, workspaceId, input);
  const filter = input.filter && Object.keys(input.filter).length > 0 ? input.filter : null;
  const from = !after
    ? q``
    : order.field === "_id"
      ? q`and id ${cmp} ${after.id}`
      : q`and (${order.expr}, id) ${cmp} (${order.cast(after.key)}, ${after.id})`;
  if (!filter) {
    return q`select ${q.unsafe(COLUMNS)}, ${order.text} as sort_key from app_documents
      where ${loc} ${from}
      order by ${order.expr} ${dir}, id ${dir}
      limit ${input.limit + 1}`;
  }
  return q`with s as materialized (
      select ${q.unsafe(COLUMNS)}, ${order.text} as sort_key, ${order.expr} as sk
      from app_documents where ${loc} ${from}
      order by ${order.expr} ${dir}, id ${dir}
      limit ${DATA_LIMITS.unindexedScanDocuments})
    select * from (select *, true as hit, 0 as scanned from s
      where data @> ${JSON.stringify(filter)}::jsonb
      order by sk ${dir}, id ${dir} limit ${input.limit + 1}) h
    union all
    select * from (select *, false as hit, (select count(*)::int from s) as scanned from s
      order by sk ${back}, id ${back} limit 1) l`;
}

export async function listDocuments(ctx: TenantCtx, input: ListInput): Promise<ListAnswer> {
  const { tx, actor } = ctx;
  const q = rawOf(tx);
  const order = orderOf(q, input);
  const filter = input.filter && Object.keys(input.filter).length > 0 ? input.filter : null;

  // Sorting by a field no index orders reads the whole collection per page: allowed while the
  // collection is small, refused (with what to do) past the bound.
  if (!order.system) {
    const size = await collectionSize(ctx, input);
    if (size > DATA_LIMITS.unindexedSortDocuments) {
      throw new ServiceError(
        "LIMIT_EXCEEDED",
        `Sorting by “${order.field}” needs an index once a collection holds more than ${DATA_LIMITS.unindexedSortDocuments} documents (this one holds ${size}): declare one in collections.json, or sort by _createdAt, _updatedAt or _id.`,
      );
    }
  }

  let after: After | null = null;
  if (input.cursor) {
    const c = decodeCursor(input.cursor, { field: order.field, direction: order.direction });
    if (c.key !== undefined || order.field === "_id") after = { id: c.id, key: c.key };
    else {
      // The key was too long to carry: read it from the document the page ended at.
      const [row] = await q`select ${order.text} as k from app_documents
        where ${locWhere(q, actor.workspaceId, input)} and id = ${c.id}`;
      if (!row)
        throw new ServiceError(
          "VALIDATION",
          "The document this cursor stopped at was deleted; start again without a cursor.",
        );
      after = { id: c.id, key: JSON.parse(row.k as string) };
    }
  }

  const page = input.limit;
  const cursorOf = (row: postgres.Row) =>
    encodeCursor({
      field: order.field,
      direction: order.direction,
      id: row.id as string,
      key: order.system ? row.sort_key : JSON.parse(row.sort_key as string),
    });
  const rows = await timed(ctx, () => listStatement(q, actor.workspaceId, input, after));

  if (!filter) {
    const docs = rows.slice(0, page);
    return {
      documents: docs.map((r) => toDocument(r as DocRow)),
      nextCursor: rows.length > page ? cursorOf(docs[docs.length - 1]!) : null,
    };
  }
  const scan = DATA_LIMITS.unindexedScanDocuments;
  const hits = rows.filter((r) => r.hit);
  const last = rows.find((r) => !r.hit);
  const limited = (last?.scanned as number | undefined) === scan;
  const docs = hits.slice(0, page);
  let nextCursor: string | null = null;
  if (hits.length > page) nextCursor = cursorOf(docs[docs.length - 1]!);
  else if (limited && last) nextCursor = cursorOf(last);
  const fields = Object.keys(filter);
  return {
    documents: docs.map((r) => toDocument(r as DocRow)),
    nextCursor,
    unindexed: {
      fields,
      scanLimit: scan,
      limited: limited && hits.length <= page,
      message: `No index covers ${fields.map((f) => `“${f}”`).join(", ")}: each page reads at most ${scan} documents in order. Narrow the filter or declare an index in collections.json.`,
    },
  };
}

export async function getDocument(
  ctx: TenantCtx,
  loc: { appId: string; scope: Scope; collection: string },
  id: string,
) {
  const q = rawOf(ctx.tx);
  const [row] = await timed(
    ctx,
    () =>
      q`select ${q.unsafe(COLUMNS)} from app_documents where ${locWhere(q, ctx.actor.workspaceId, loc)} and id = ${id}`,
  );
  if (!row) throw notFound("Document");
  return toDocument(row as DocRow);
}

/**
 * Collections and their document counts, from the count shards the write statements keep
 * exact (app_collection_counts): at most 16 rows per collection by primary key, never a count
 * over the documents themselves, so a million-document collection counts as fast as an empty one.
 */
export async function listCollections(ctx: TenantCtx, loc: { appId: string; scope: Scope }) {
  const q = rawOf(ctx.tx);
  const rows = await timed(
    ctx,
    () => q`
      select collection as name, sum(documents)::int as count from app_collection_counts
      where workspace_id = ${ctx.actor.workspaceId} and app_id = ${loc.appId} and scope = ${loc.scope}
      group by collection having sum(documents) > 0 order by collection`,
  );
  return rows.map((r) => ({ name: r.name as string, count: r.count as number }));
}
