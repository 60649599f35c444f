import type postgres from "postgres";
import { rawOf, type Tx } from "../../db/tenant";
import type { TenantCtx } from "../context";
import { notFound, ServiceError } from "../errors";
import { badCursor, decodeCursor, encodeCursor } from "./cursor";
import { docKey, docKeyValue } from "./doc-key";
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
const DOC_COLUMNS = COLUMNS.replace(/(\w+)/g, "d.$1");

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

/**
 * The settings every read runs under, transaction-locally and pipelined with the read (no round
 * trip): the statement timeout, and no sorting where an index gives the order. Without
 * statistics (a bulk load, autovacuum off) the planner otherwise reads a whole collection by
 * its primary key and sorts it for a page the order index answers in a few rows; sorting stays
 * possible where nothing else can order the rows (a small CTE, an unindexed sort).
 */
export const READ_SETTINGS = (ms: number) => ({
  statement_timeout: String(ms),
  enable_sort: "off",
  // Estimates without statistics are huge; compiling a few-row read costs 250 ms.
  jit: "off",
});

/** Sends the read settings, unless the transaction opened with them (the data router's reads). */
export function readTimeout(tx: Tx, ctx: TenantCtx) {
  const s = READ_SETTINGS(dataSettings(ctx).readTimeoutMs);
  if (Object.entries(s).every(([k, v]) => ctx.settings?.[k] === v)) return Promise.resolve();
  return rawOf(tx)`select set_config('statement_timeout', ${s.statement_timeout}, true),
    set_config('enable_sort', ${s.enable_sort}, true), set_config('jit', ${s.jit}, true)`.execute();
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

export interface Order {
  field: string;
  direction: "asc" | "desc";
  /** The sort as ORDER BY terms (before the final id), and the row's key as cursor text. */
  terms: Fragment;
  text: Fragment;
  /** The rows after a cursor's position, in this order. */
  after: (after: After) => Fragment;
  system: boolean;
}

const timestamp = (q: Raw, k: unknown) => {
  if (typeof k !== "string" || !TIMESTAMP.test(k)) throw badCursor();
  return q`${k}::timestamptz`;
};

/**
 * A data field's sort key: [missing?][app_index_key(value)] as one text in byte order — missing
 * and null values last in either direction, as the SDK sorts them; never SQL NULL, so keyset
 * comparisons need no special case — then the creation time and id, exactly as the declared index
 * (app_document_keys) orders them. Long values compare by their prefix.
 */
export const presentFlag = (direction: "asc" | "desc") => (direction === "asc" ? 0 : 1);

export function orderOf(q: Raw, input: ListInput): Order {
  const field = input.sort?.field ?? "_createdAt";
  const direction = input.sort?.direction === "desc" ? "desc" : "asc";
  const dir = q.unsafe(direction);
  const cmp = q.unsafe(direction === "desc" ? "<" : ">");
  const column = SYSTEM_SORTS.get(field);
  if (column === "id")
    return {
      field,
      direction,
      terms: q``,
      text: q`id`,
      after: (a) => q`and id ${cmp} ${a.id}`,
      system: true,
    };
  if (column) {
    const col = q.unsafe(column);
    return {
      field,
      direction,
      terms: q`${col} ${dir},`,
      text: q`${col}::text`,
      after: (a) => q`and (${col}, id) ${cmp} (${timestamp(q, a.key)}, ${a.id})`,
      system: true,
    };
  }
  const present = presentFlag(direction);
  const value = q`app_index_key(data -> ${field})`;
  // [missing?][key] as one text in byte order (the key table's order, app_index_key).
  const expr = q`((case when ${value} = '0' then ${String(1 - present)} else ${String(present)} end)
    || ${value}) collate "C"`;
  return {
    field,
    direction,
    terms: q`${expr} ${dir}, created_at ${dir},`,
    text: q`jsonb_build_array(case when ${value} = '0' then ${1 - present}::int
      else ${present}::int end, ${value}, created_at::text)::text`,
    after: (a) => {
      const k = a.key;
      if (!Array.isArray(k) || k.length !== 3 || (k[0] !== 0 && k[0] !== 1)) throw badCursor();
      if (typeof k[1] !== "string") throw badCursor();
      return q`and (${expr}, created_at, id) ${cmp} ((${`${k[0]}${k[1]}`}::text collate "C"), ${timestamp(q, k[2])}, ${a.id})`;
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
  // The collection by its one-expression key too: what the sort indexes are keyed by.
  const loc = q`${locWhere(q, workspaceId, input)} and ${docKey(q, workspaceId, input)}`;
  const filter = input.filter && Object.keys(input.filter).length > 0 ? input.filter : null;
  const from = after ? order.after(after) : q``;
  if (!filter) {
    return q`select ${q.unsafe(COLUMNS)}, ${order.text} as sort_key from app_documents
      where ${loc} ${from}
      order by ${order.terms} id ${dir}
      limit ${input.limit + 1}`;
  }
  return q`with s as materialized (
      select x.*, row_number() over () as ord from (
        select ${q.unsafe(COLUMNS)}, ${order.text} as sort_key
        from app_documents where ${loc} ${from}
        order by ${order.terms} id ${dir}
        limit ${DATA_LIMITS.unindexedScanDocuments}) x)
    select * from (select *, true as hit, 0 as scanned from s
      where data @> ${JSON.stringify(filter)}::jsonb
      order by ord limit ${input.limit + 1}) h
    union all
    select * from (select *, false as hit, (select count(*)::int from s) as scanned from s
      order by ord desc limit 1) l`;
}

/**
 * A page of documents. `keyed`: the fields of this collection whose declared index is ready
 * (indexes.ts); a sort on one, or an equality filter on one under the default sort, reads the
 * key table in order instead of the documents.
 */
export async function listDocuments(
  ctx: TenantCtx,
  input: ListInput,
  keyed: ReadonlySet<string> = new Set(),
): Promise<ListAnswer> {
  const { tx, actor } = ctx;
  const q = rawOf(tx);
  const order = orderOf(q, input);
  const filter = input.filter && Object.keys(input.filter).length > 0 ? input.filter : null;

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

  const plan = keyedPlan(order, filter, keyed);
  if (plan) return keyedList(ctx, input, order, plan, after);

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
      message: `No index covers ${fields.map((f) => `“${f}”`).join(", ")}: each page reads at most ${scan.toLocaleString("en-US")} documents in order. Narrow the filter or declare an index in collections.json.`,
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

export interface KeyedPlan {
  /** The keyed field read in order: the sort field, or the filtered one. */
  field: string;
  sorted: boolean;
  /** An equality on the keyed field (undefined: none). */
  equals?: string | number | boolean | null;
  /** Filter fields the key does not serve: checked on each document, the scan bounded. */
  residual: string[];
}

export function keyedPlan(
  order: Order,
  filter: Record<string, string | number | boolean | null> | null,
  keyed: ReadonlySet<string>,
): KeyedPlan | null {
  const fields = Object.keys(filter ?? {});
  if (!order.system && keyed.has(order.field)) {
    const has = filter !== null && Object.hasOwn(filter, order.field);
    return {
      field: order.field,
      sorted: true,
      ...(has ? { equals: filter[order.field] } : {}),
      residual: fields.filter((f) => f !== order.field),
    };
  }
  if (order.field !== "_createdAt" || !filter) return null;
  const field = fields.find((f) => keyed.has(f) && filter[f] !== null);
  if (field === undefined) return null;
  return {
    field,
    sorted: false,
    equals: filter[field],
    residual: fields.filter((f) => f !== field),
  };
}

export type Phase = "present" | "missing";

/**
 * A page read through a declared index: key rows in order by their primary key (a range read,
 * whatever the statistics), each document then fetched by its own key and checked against the
 * whole filter (and, for a sort, that its key is current). A sort reads the documents that have
 * the field, then those that do not (missing last). With filter fields the key does not serve,
 * at most `unindexedScanDocuments` key rows are read per page.
 */
async function keyedList(
  ctx: TenantCtx,
  input: ListInput,
  order: Order,
  plan: KeyedPlan,
  after: After | null,
): Promise<ListAnswer> {
  const q = rawOf(ctx.tx);
  const ws = ctx.actor.workspaceId;
  const page = input.limit;
  const present = presentFlag(order.direction);
  const scan = DATA_LIMITS.unindexedScanDocuments;
  const bounded = plan.residual.length > 0;

  let phases: Phase[] = ["present"];
  let from: KeyedFrom = null;
  if (plan.sorted) {
    if (after) {
      const k = after.key;
      if (!Array.isArray(k) || k.length !== 3 || typeof k[2] !== "string" || !TIMESTAMP.test(k[2]))
        throw badCursor();
      from = {
        phase: k[0] === present ? "present" : "missing",
        value: k[1],
        t: k[2],
        id: after.id,
      };
    }
    phases =
      plan.equals === undefined
        ? from?.phase === "missing"
          ? ["missing"]
          : ["present", "missing"]
        : plan.equals === null
          ? ["missing"]
          : from?.phase === "missing"
            ? []
            : ["present"];
  } else if (after) {
    if (typeof after.key !== "string" || !TIMESTAMP.test(after.key)) throw badCursor();
    from = { phase: "present", t: after.key, id: after.id };
  }

  const hits: postgres.Row[] = [];
  let budget = bounded ? scan : Number.POSITIVE_INFINITY;
  let stopped: { phase: Phase; row: postgres.Row } | null = null;
  for (const phase of phases) {
    const need = page + 1 - hits.length;
    const limit = bounded ? budget : need;
    if (need <= 0 || limit <= 0) break;
    const rows = await timed(ctx, () =>
      keyedStatement(q, ws, input, order, plan, from, phase, need, limit),
    );
    const full = limit <= need;
    for (const r of rows)
      if (r.id !== null) hits.push({ ...r, phase, ...(full && { kt: r.created_at }) });
    const { scanned, last } = full ? everyKeyRow(rows) : (rows[0] as KeyScan);
    if (bounded) budget -= scanned;
    if (scanned === limit && last) {
      stopped = { phase, row: last };
      break;
    }
  }

  const keyOf = (phase: Phase, r: postgres.Row) =>
    plan.sorted
      ? [phase === "present" ? present : 1 - present, phase === "present" ? r.kv : null, r.kt]
      : r.kt;
  const cursorAt = (phase: Phase, r: postgres.Row) =>
    encodeCursor({
      field: order.field,
      direction: order.direction,
      id: r.id as string,
      key: keyOf(phase, r),
    });
  const docs = hits.slice(0, page);
  let nextCursor: string | null = null;
  if (hits.length > page) {
    const lastDoc = docs[docs.length - 1]!;
    nextCursor = cursorAt(lastDoc.phase as Phase, lastDoc);
  } else if (stopped) nextCursor = cursorAt(stopped.phase, stopped.row);
  const answer: ListAnswer = {
    documents: docs.map((r) => toDocument(r as unknown as DocRow)),
    nextCursor,
  };
  if (bounded)
    answer.unindexed = {
      fields: plan.residual,
      scanLimit: scan,
      limited: stopped !== null && hits.length <= page,
      message: `No index covers ${plan.residual.map((f) => `“${f}”`).join(", ")}: each page reads at most ${scan.toLocaleString("en-US")} documents by the “${plan.field}” index. Narrow the filter or declare an index in collections.json.`,
    };
  return answer;
}

type KeyedFrom = { phase: Phase; value?: unknown; t: string; id: string } | null;

/** How many key rows a phase read, and the last one (where the next page goes on). */
interface KeyScan {
  scanned: number;
  last: { id: string; kv: string; kt: string } | null;
}

/** A phase that returns a row per key row read (keyedStatement with limit <= need). */
const everyKeyRow = (rows: postgres.Row[]): KeyScan => {
  const last = rows[rows.length - 1];
  return {
    scanned: rows.length,
    last: last
      ? {
          id: (last.id ?? last.kid) as string,
          kv: last.kv as string,
          kt: last.created_at as string,
        }
      : null,
  };
};

/**
 * One phase of a keyed page: key rows in order, each document then read by the order index's
 * full key — the collection key, creation time and id the key row holds
 * (app_documents_created_idx: a bigint, a timestamp and the id to compare on the way down, where
 * the primary key compares two uuids and three texts) — and checked: its collection (a hash
 * cannot mix collections up), the whole filter, and for a sort that its key is current.
 *
 * When the page may use every key row it reads (limit <= need: no filter fields beyond the key's),
 * the statement is a plain nested loop in the key's order that returns a row per key row, the
 * document's columns null where the check failed. Otherwise at most `limit` key rows are read and
 * documents fetched only until `need` pass, with the count read and the last key row.
 */
export function keyedStatement(
  q: Raw,
  ws: string,
  input: ListInput,
  order: Order,
  plan: KeyedPlan,
  from: KeyedFrom,
  phase: Phase,
  need: number,
  limit: number,
) {
  const dir = q.unsafe(order.direction);
  const cmp = q.unsafe(order.direction === "desc" ? "<" : ">");
  const keyLoc = q`k.workspace_id = ${ws} and k.app_id = ${input.appId} and k.scope = ${input.scope}
    and k.collection = ${input.collection} and k.field = ${plan.field}`;
  const byValue = plan.sorted && phase === "present";
  const keyOrder = (alias: string) => {
    const a = q.unsafe(alias);
    return byValue
      ? q`${a}.value ${dir}, ${a}.created_at ${dir}, ${a}.doc_id ${dir}`
      : q`${a}.created_at ${dir}, ${a}.doc_id ${dir}`;
  };

  // A page's LIMIT as a literal: with a parameter the planner assumes a tenth of the key rows
  // and, costing a lookup for each, plans every execution instead of reusing the prepared plan.
  // A bounded scan's limit varies with its remaining budget, so it stays a parameter.
  const take = limit <= need ? q.unsafe(String(Math.max(1, Math.trunc(limit)))) : q`${limit}`;
  let driver: Fragment;
  if (!plan.sorted) {
    driver = q`select k.value, k.created_at, k.doc_id from app_document_keys k
      where ${keyLoc} and k.value = (app_index_key(${JSON.stringify(plan.equals)}::jsonb) collate "C")
        ${from ? q`and (k.created_at, k.doc_id) ${cmp} (${from.t}::timestamptz, ${from.id})` : q``}
      order by ${keyOrder("k")} limit ${take}`;
  } else if (phase === "missing") {
    const resume = from?.phase === "missing";
    driver = q`select k.value, k.created_at, k.doc_id from app_document_keys k
      where ${keyLoc} and k.value = '0'
        ${resume ? q`and (k.created_at, k.doc_id) ${cmp} (${from!.t}::timestamptz, ${from!.id})` : q``}
      order by ${keyOrder("k")} limit ${take}`;
  } else {
    const resume = from?.phase === "present";
    driver = q`select k.value, k.created_at, k.doc_id from app_document_keys k
      where ${keyLoc} and k.value > '0'
        ${plan.equals !== undefined ? q`and k.value = (app_index_key(${JSON.stringify(plan.equals)}::jsonb) collate "C")` : q``}
        ${resume ? q`and (k.value, k.created_at, k.doc_id) ${cmp} ((${String(from!.value)}::text collate "C"), ${from!.t}::timestamptz, ${from!.id})` : q``}
      order by ${keyOrder("k")} limit ${take}`;
  }

  // OFFSET 0 keeps the lookup a subquery run per key row (never flattened into a join the
  // planner might run as a scan without statistics); the checks sit outside it, so only the
  // order index's key can find the row.
  const lookup = (join: "left" | "inner") => q`${q.unsafe(join)} join lateral (
      select d.workspace_id, d.app_id, d.scope, d.collection, ${q.unsafe(DOC_COLUMNS)}
      from app_documents d
      where d.doc_key = (select ${docKeyValue(q, ws, input)}) and d.created_at = s.created_at
        and d.id = s.doc_id
      offset 0) d
    on d.workspace_id = ${ws} and d.app_id = ${input.appId} and d.scope = ${input.scope}
      and d.collection = ${input.collection}
      ${input.filter && Object.keys(input.filter).length > 0 ? q`and d.data @> ${JSON.stringify(input.filter)}::jsonb` : q``}
      ${plan.sorted ? q`and app_index_key_is(d.data -> ${plan.field}, s.value)` : q``}`;
  const docColumns = q.unsafe(DOC_COLUMNS);

  if (limit <= need) {
    // The key row's id only where no document passed (a hit's is its own); its value only where
    // a cursor needs it (a sort's present phase); its creation time as the document's (they are
    // equal, and as text it is the cursor's form), formatted once.
    return q`select d.id, d.data, d.version, d.created_by_kind, d.created_by,
        s.created_at::text as created_at, d.updated_at,
        ${byValue ? q`s.value` : q`null`} as kv, case when d.id is null then s.doc_id end as kid
      from (${driver}) s ${lookup("left")}
      order by ${keyOrder("s")}`;
  }
  return q`with s as materialized (
      select x.*, row_number() over () as ord from (${driver}) x),
    j as (
      select ${docColumns}, s.ord, s.value as kv, s.created_at::text as kt from s ${lookup("inner")}
      order by s.ord limit ${need}),
    x as (
      select (select count(*)::int from s) as scanned,
        (select json_build_object('id', s.doc_id, 'kv', s.value, 'kt', s.created_at::text)
          from s order by ord desc limit 1) as last)
    select j.*, x.scanned, x.last from x left join j on true order by j.ord`;
}
