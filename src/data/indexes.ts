import type postgres from "postgres";
import type { Database } from "../../db/client";
import { rawOf, type Tx, withTenant } from "../../db/tenant";
import type { Actor, TenantCtx } from "../context";
import { type CollectionDecl, declaredCollection } from "../sdk/collections";
import { docKey } from "./doc-key";
import { scopeCollections } from "./rules";
import type { ListInput, Scope } from "./schemas";

/**
 * Declared indexes (collections.json `indexes`) kept without DDL per app (docs/decisions/0016):
 * the runtime role owns no table and cannot create indexes, so every declared field of a
 * collection gets one row per document in the generic key table app_document_keys, written by
 * the same statement that writes the document. A multi-field index keys its first field (the
 * others are checked on the documents it finds). `app_collection_indexes` says which fields are
 * keyed: `filling` while existing documents get their rows (writes key theirs already), `ready`
 * once all have them; reads use ready fields only.
 */

type Raw = postgres.TransactionSql;

export interface KeyLocation {
  appId: string;
  scope: Scope;
  collection: string;
}

/** At most this many fields of a collection are keyed (collections.json allows 10 indexes). */
export const MAX_KEYED_FIELDS = 10;

/** The fields a collection's declaration keys: each index's first field, once. */
export function declaredKeyFields(decl: CollectionDecl | null): string[] {
  if (!decl) return [];
  return [...new Set(decl.indexes.map((i) => i.fields[0]!))].slice(0, MAX_KEYED_FIELDS);
}

const registry = (q: Raw, ws: string, loc: KeyLocation) =>
  q`r.workspace_id = ${ws} and r.app_id = ${loc.appId} and r.scope = ${loc.scope} and r.collection = ${loc.collection}`;

const keyLoc = (q: Raw, ws: string, loc: KeyLocation) =>
  q`k.workspace_id = ${ws} and k.app_id = ${loc.appId} and k.scope = ${loc.scope} and k.collection = ${loc.collection}`;

/** The rows of the written documents (the `doc` CTE), one per keyed field. */
function keyRows(q: Raw, actor: Actor, loc: KeyLocation) {
  return q`insert into app_document_keys (workspace_id, app_id, scope, collection, field, value,
      created_at, doc_id)
    select ${actor.workspaceId}, ${loc.appId}, ${loc.scope}, ${loc.collection}, r.field,
      app_index_key(doc.data -> r.field), doc.created_at, doc.id
    from doc join app_collection_indexes r on ${registry(q, actor.workspaceId, loc)}
    on conflict do nothing`;
}

/** A write statement's CTE keying the documents it inserted (`doc`). */
export const keysInserted = (q: Raw, actor: Actor, loc: KeyLocation) =>
  q`, keyed as (${keyRows(q, actor, loc)})`;

/**
 * The update's document as it was, locked, so the old key is the one stored even when another
 * update of it committed first. Read only when the collection has keyed fields.
 */
export const oldDocument = (q: Raw, actor: Actor, loc: KeyLocation, id: string) =>
  q`old as (select d.data from app_documents d
    where d.workspace_id = ${actor.workspaceId} and d.app_id = ${loc.appId} and d.scope = ${loc.scope}
      and d.collection = ${loc.collection} and d.id = ${id}
      and exists (select 1 from app_collection_indexes r where ${registry(q, actor.workspaceId, loc)})
    for update),`;

/**
 * For the update's WHERE: reads `old` before the row is updated (a CTE is otherwise read when
 * first needed, after the update, and a row the same statement updated cannot be locked).
 */
export const oldReadFirst = (q: Raw) => q`and (select count(*) from old) >= 0`;

/** A write statement's CTEs moving the updated document's (`old` → `doc`) changed keys. */
export const keysUpdated = (q: Raw, actor: Actor, loc: KeyLocation) =>
  q`, unkeyed as (
      delete from app_document_keys k using old, doc, app_collection_indexes r
      where ${registry(q, actor.workspaceId, loc)} and ${keyLoc(q, actor.workspaceId, loc)}
        and k.field = r.field and k.value = app_index_key(old.data -> r.field)
        and k.created_at = doc.created_at and k.doc_id = doc.id
        and app_index_key(old.data -> r.field) is distinct from app_index_key(doc.data -> r.field))
    , keyed as (${keyRows(q, actor, loc)})`;

/** A write statement's CTE removing the deleted documents' (`doc`) keys, each by its whole key. */
export const keysDeleted = (q: Raw, actor: Actor, loc: KeyLocation) =>
  q`, unkeyed as (
      delete from app_document_keys k using doc, app_collection_indexes r
      where ${registry(q, actor.workspaceId, loc)} and ${keyLoc(q, actor.workspaceId, loc)}
        and k.field = r.field and k.value = app_index_key(doc.data -> r.field)
        and k.created_at = doc.created_at and k.doc_id = doc.id)`;

/** The collection's fields whose keys are complete, of those asked about. */
export async function readyFields(
  tx: Tx,
  workspaceId: string,
  loc: KeyLocation,
  fields: string[],
): Promise<Set<string>> {
  if (fields.length === 0) return new Set();
  const q = rawOf(tx);
  const rows = await q`select r.field from app_collection_indexes r
    where ${registry(q, workspaceId, loc)} and r.field = any(${fields}::text[]) and r.state = 'ready'`;
  return new Set(rows.map((r) => r.field as string));
}

/** Documents keyed per transaction while filling: short transactions, no long-held locks. */
const FILL_BATCH = 20_000;
/** How long filling waits for writes that began before the field was registered. */
const SETTLE_MS = 10_000;

const running = new Map<string, Promise<void>>();

/**
 * Brings a collection's keyed fields in line with its declaration: drops fields no longer
 * declared (and their rows), registers new ones, waits for writes already under way (they could
 * not see the registration), keys every existing document in batches, then marks them ready.
 * Idempotent; one run per collection per process at a time.
 */
export function syncIndexes(
  database: Database,
  workspaceId: string,
  loc: KeyLocation,
  declared: string[],
): Promise<void> {
  const key = `${workspaceId}/${loc.appId}/${loc.scope}/${loc.collection}`;
  const now = running.get(key);
  if (now) return now;
  const run = fill(database, workspaceId, loc, declared).finally(() => running.delete(key));
  running.set(key, run);
  return run;
}

async function fill(database: Database, workspaceId: string, loc: KeyLocation, declared: string[]) {
  const { db } = database;
  const tenant = <T>(fn: (q: Raw) => Promise<T>) =>
    withTenant(db, { workspaceId }, (tx) => fn(rawOf(tx)));
  const have = await tenant(
    (q) =>
      q`select r.field, r.state from app_collection_indexes r where ${registry(q, workspaceId, loc)}`,
  );
  const state = new Map(have.map((r) => [r.field as string, r.state as string]));
  const dropped = [...state.keys()].filter((f) => !declared.includes(f));
  if (dropped.length > 0)
    await tenant(async (q) => {
      await q`delete from app_collection_indexes r
        where ${registry(q, workspaceId, loc)} and r.field = any(${dropped}::text[])`;
      await q`delete from app_document_keys k
        where ${keyLoc(q, workspaceId, loc)} and k.field = any(${dropped}::text[])`;
    });
  const filling = declared.filter((f) => state.get(f) !== "ready");
  if (filling.length === 0) return;
  const [registered] = await tenant(async (q) => {
    await q`insert into app_collection_indexes (workspace_id, app_id, scope, collection, field)
      select ${workspaceId}, ${loc.appId}, ${loc.scope}, ${loc.collection}, f
      from unnest(${filling}::text[]) f
      on conflict do nothing`;
    return q`select now()::text as at`;
  });
  await olderTransactionsDone(database, registered!.at as string);
  let after: { t: string; id: string } | null = null;
  for (;;) {
    const from: { t: string; id: string } | null = after;
    const [last]: postgres.Row[] = await tenant(
      (q): Promise<postgres.Row[]> => q`with batch as (
          select d.id, d.data, d.created_at from app_documents d
          where d.workspace_id = ${workspaceId} and d.app_id = ${loc.appId} and d.scope = ${loc.scope}
            and d.collection = ${loc.collection} and ${docKey(q, workspaceId, loc, "d.")}
            ${from ? q`and (d.created_at, d.id) > (${from.t}::timestamptz, ${from.id})` : q``}
          order by d.created_at, d.id limit ${FILL_BATCH}),
        keyed as (
          insert into app_document_keys (workspace_id, app_id, scope, collection, field, value,
            created_at, doc_id)
          select ${workspaceId}, ${loc.appId}, ${loc.scope}, ${loc.collection}, f,
            app_index_key(b.data -> f), b.created_at, b.id
          from batch b cross join unnest(${filling}::text[]) f
          on conflict do nothing)
        select b.id, b.created_at::text as t, (select count(*)::int from batch) as n
        from batch b order by b.created_at desc, b.id desc limit 1`,
    );
    if (!last || (last.n as number) < FILL_BATCH) break;
    after = { t: last.t as string, id: last.id as string };
  }
  await tenant(
    (q) => q`update app_collection_indexes r set state = 'ready', updated_at = now()
      where ${registry(q, workspaceId, loc)} and r.field = any(${filling}::text[])`,
  );
}

/**
 * Waits (bounded) until no transaction of this database that began before `since` is still
 * open: a write that began earlier read the registry before the new field was in it, so it
 * keyed nothing, and filling must see its document.
 */
async function olderTransactionsDone(database: Database, since: string) {
  const deadline = Date.now() + SETTLE_MS;
  while (Date.now() < deadline) {
    const [row] = await database.sql`select count(*)::int as n from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid()
        and state in ('active', 'idle in transaction', 'idle in transaction (aborted)')
        and xact_start < ${since}::timestamptz`;
    if ((row?.n as number) === 0) return;
    await Bun.sleep(20);
  }
}

/** Starts keying a collection's declared fields (the router runs syncIndexes in the background). */
export type StartKeying = (loc: KeyLocation, declared: string[]) => unknown;

const SYSTEM_SORTS = new Set(["_createdAt", "_updatedAt", "_id"]);

/**
 * The declared, ready index fields a list can use — looked up only when it filters or sorts on
 * a data field. A declared field not ready yet starts keying; this read goes without it.
 */
export async function keyedFields(
  ctx: TenantCtx,
  input: ListInput,
  start: StartKeying,
): Promise<Set<string>> {
  const named = Object.keys(input.filter ?? {});
  if (input.sort && !SYSTEM_SORTS.has(input.sort.field)) named.push(input.sort.field);
  if (named.length === 0) return new Set();
  const file = await scopeCollections(ctx.tx, ctx.actor, input.appId, input.scope);
  const declared = declaredKeyFields(declaredCollection(file, input.collection));
  const wanted = named.filter((f) => declared.includes(f));
  if (wanted.length === 0) return new Set();
  const ready = await readyFields(ctx.tx, ctx.actor.workspaceId, input, wanted);
  if (wanted.some((f) => !ready.has(f))) start(input, declared);
  return ready;
}

/** Starts keying each collection of the scope whose keyed fields differ from its declaration. */
export async function syncScopeIndexes(
  ctx: TenantCtx,
  loc: { appId: string; scope: Scope },
  start: StartKeying,
) {
  const file = await scopeCollections(ctx.tx, ctx.actor, loc.appId, loc.scope);
  const q = rawOf(ctx.tx);
  const rows = await q`select collection, field, state from app_collection_indexes
    where workspace_id = ${ctx.actor.workspaceId} and app_id = ${loc.appId} and scope = ${loc.scope}`;
  const names = new Set([
    ...Object.keys(file?.collections ?? {}),
    ...rows.map((r) => r.collection as string),
  ]);
  for (const collection of names) {
    const declared = declaredKeyFields(declaredCollection(file, collection));
    const have = rows.filter((r) => r.collection === collection);
    const same =
      have.length === declared.length &&
      have.every((r) => r.state === "ready" && declared.includes(r.field as string));
    if (!same) start({ ...loc, collection }, declared);
  }
}
