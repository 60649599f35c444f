import type postgres from "postgres";
import { rawOf } from "../../db/tenant";
import { documentsWritten } from "../agents/triggers";
import type { Actor, TenantCtx } from "../context";
import { conflict, notFound, ServiceError } from "../errors";
import { keysDeleted, keysInserted, keysUpdated, oldDocument, oldReadFirst } from "./indexes";
import { DATA_LIMITS, dataSettings, prepareData } from "./limits";
import type { Scope } from "./schemas";

export interface AppDocument {
  _id: string;
  _version: number;
  _createdAt: string;
  _updatedAt: string;
  _createdBy: { kind: string; id: string };
  [field: string]: unknown;
}

export interface DocRow extends Record<string, unknown> {
  id: string;
  data: Record<string, unknown>;
  version: number;
  created_by_kind: string;
  created_by: string;
  created_at: string | Date;
  updated_at: string | Date;
}

export interface Location {
  appId: string;
  scope: Scope;
  collection: string;
}

const iso = (v: string | Date) => (v instanceof Date ? v.toISOString() : new Date(v).toISOString());

export function toDocument(row: DocRow): AppDocument {
  return {
    ...row.data,
    _id: row.id,
    _version: row.version,
    _createdAt: iso(row.created_at),
    _updatedAt: iso(row.updated_at),
    _createdBy: { kind: row.created_by_kind, id: row.created_by },
  };
}

type Raw = postgres.TransactionSql;
type Fragment = postgres.PendingQuery<postgres.Row[]>;

const where = (q: Raw, actor: Actor, loc: Location) =>
  q`workspace_id = ${actor.workspaceId} and app_id = ${loc.appId} and scope = ${loc.scope} and collection = ${loc.collection}`;

/**
 * The rest of a write statement after its `doc` CTE: the change-log row and one audit row per
 * document, so a write is one prepared statement (one round trip) and commits or fails whole.
 */
function logAndAudit(
  q: Raw,
  actor: Actor,
  loc: Location,
  op: "insert" | "update" | "delete",
  changed: Fragment,
) {
  const verb = { insert: "inserted", update: "updated", delete: "deleted" }[op];
  return q`
    , logged as (
      insert into app_changes (workspace_id, app_id, scope, collection, doc_id, op, version)
      select ${actor.workspaceId}, ${loc.appId}, ${loc.scope}, ${loc.collection}, doc.id, ${op},
             doc.version + ${op === "delete" ? 1 : 0}
      from doc)
    , audited as (
      insert into audit_events (id, workspace_id, action, category, actor_kind, actor_id, actor_name,
        target_type, target_id, target_name, summary, metadata, changed_fields, request_id)
      select gen_random_uuid(), ${actor.workspaceId}, ${`app_data.document.${verb}`}, 'app_data',
        ${actor.kind}, ${actor.userId}, ${actor.displayName}, 'app_data_document', doc.id,
        ${loc.collection}::text || ' · ' || coalesce(app.name, 'an app'),
        ${`${actor.displayName} ${verb} a document in ${loc.collection} of “`}
          || coalesce(app.name, 'an app') || '”',
        jsonb_build_object('appId', ${loc.appId}::text, 'scope', ${loc.scope}::text,
          'collection', ${loc.collection}::text, 'documentId', doc.id, 'operation', ${op}::text,
          'version', doc.version,
          'dataHash', 'sha256:' || encode(sha256(convert_to(doc.data::text, 'UTF8')), 'hex')),
        ${changed}, ${actor.requestId ?? null}
      from doc
      left join apps app on app.workspace_id = ${actor.workspaceId} and app.id = ${loc.appId})
    select id, data, version, created_by_kind, created_by, created_at, updated_at
      ${op === "delete" ? q`` : agentsHash(q, actor, loc)}
    from doc`;
}

/**
 * The scope's approved agents hash, read by the write's own statement (primary key lookups, no
 * extra round trip): document triggers fire only for an approval that holds — the draft's
 * approval row while not stale, or the live version's payload for published data.
 */
const agentsHash = (q: Raw, actor: Actor, loc: Location) =>
  loc.scope === "published"
    ? q`, (select v.agents_hash from apps a
        join app_versions v on v.workspace_id = a.workspace_id and v.id = a.published_version_id
        where a.workspace_id = ${actor.workspaceId} and a.id = ${loc.appId})
      as agents_hash`
    : q`, (select hash from app_agent_approvals
        where workspace_id = ${actor.workspaceId} and app_id = ${loc.appId} and stale_at is null)
      as agents_hash`;

/** Starts the agent runs the written documents trigger (src/agents/triggers.ts). */
async function triggered(
  ctx: TenantCtx,
  loc: Location,
  on: "inserted" | "updated",
  rows: DocRow[],
) {
  await ctx.checked;
  const docs = rows.map(toDocument);
  await documentsWritten(ctx, loc, on, docs, (rows[0]?.agents_hash as string | null) ?? null);
  return docs;
}

const fieldNames = (q: Raw, data: Record<string, unknown>) =>
  q`${q.array(Object.keys(data).slice(0, 50))}::text[]`;

async function run(query: Promise<postgres.Row[]>): Promise<DocRow[]> {
  try {
    return (await query) as DocRow[];
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === "23503") throw notFound("App");
    if (code === "23505")
      throw conflict("A document with that id already exists in this collection.");
    throw err;
  }
}

const COUNT_SHARDS = 16;

/** Whether `adding` more documents fit in the collection (the sum of its count shards). */
function underLimit(q: Raw, ctx: TenantCtx, loc: Location, adding: number) {
  return q`coalesce((select sum(documents) from app_collection_counts where ${where(q, ctx.actor, loc)}), 0)
    + ${adding} <= ${dataSettings(ctx).documentsPerCollection}`;
}

/**
 * Adds `delta` to one shard of the collection's count: an existing shard no other transaction holds
 * (`skip locked`), else one not yet used, else any. A shard's row stays locked until commit, so
 * with a random pick concurrent writers to one collection waited on each other's commits (about
 * half of 16 writers were waiting at any time).
 */
function counted(q: Raw, actor: Actor, loc: Location, delta: Fragment) {
  const collection = where(q, actor, loc);
  return q`, counted as (
    insert into app_collection_counts (workspace_id, app_id, scope, collection, shard, documents)
    select ${actor.workspaceId}, ${loc.appId}, ${loc.scope}, ${loc.collection},
      coalesce(
        (select shard from app_collection_counts where ${collection}
          order by random() limit 1 for update skip locked),
        (select s::smallint from generate_series(0, ${COUNT_SHARDS - 1}) s
          where s not in (select shard from app_collection_counts where ${collection})
          order by random() limit 1),
        floor(random() * ${COUNT_SHARDS})::smallint),
      n from (${delta}) d(n) where n <> 0
    on conflict (workspace_id, app_id, scope, collection, shard)
    do update set documents = app_collection_counts.documents + excluded.documents)`;
}

const collectionFull = (ctx: TenantCtx, loc: Location) =>
  new ServiceError(
    "LIMIT_EXCEEDED",
    `The collection “${loc.collection}” is full: at most ${dataSettings(ctx).documentsPerCollection} documents.`,
  );

export async function insertDocument(
  ctx: TenantCtx,
  loc: Location,
  input: { id?: string; data: Record<string, unknown> },
) {
  const { tx, actor } = ctx;
  const q = rawOf(tx);
  const { data, json } = prepareData(input.data);
  const id = input.id ?? crypto.randomUUID();
  const rows = await run(q`with doc as (
      insert into app_documents (workspace_id, app_id, scope, collection, id, data,
        created_by_kind, created_by, updated_by_kind, updated_by)
      select ${actor.workspaceId}, ${loc.appId}, ${loc.scope}, ${loc.collection}, ${id}, ${json}::jsonb,
        ${actor.kind}, ${actor.userId}, ${actor.kind}, ${actor.userId}
      where ${underLimit(q, ctx, loc, 1)}
      returning *)
    ${counted(q, actor, loc, q`select count(*)::int from doc`)}
    ${keysInserted(q, actor, loc)}
    ${logAndAudit(q, actor, loc, "insert", fieldNames(q, data))}`);
  if (!rows[0]) throw collectionFull(ctx, loc);
  return (await triggered(ctx, loc, "inserted", rows))[0]!;
}

/** All or nothing: one statement inserts every document, or none. */
export async function insertDocuments(
  ctx: TenantCtx,
  loc: Location,
  docs: { id?: string; data: Record<string, unknown> }[],
) {
  const { tx, actor } = ctx;
  const q = rawOf(tx);
  const prepared = docs.map((d, i) => ({
    id: d.id ?? crypto.randomUUID(),
    data: prepareData(d.data, `Document ${i + 1}`).data,
  }));
  if (new Set(prepared.map((d) => d.id)).size !== prepared.length) {
    throw new ServiceError("VALIDATION", "Two documents in the batch have the same id.");
  }
  const rows = await run(q`with input as (
      select * from jsonb_to_recordset(${JSON.stringify(prepared)}::jsonb) as x(id text, data jsonb)),
    doc as (
      insert into app_documents (workspace_id, app_id, scope, collection, id, data,
        created_by_kind, created_by, updated_by_kind, updated_by)
      select ${actor.workspaceId}, ${loc.appId}, ${loc.scope}, ${loc.collection}, x.id, x.data,
        ${actor.kind}, ${actor.userId}, ${actor.kind}, ${actor.userId}
      from input x where ${underLimit(q, ctx, loc, prepared.length)}
      returning *)
    ${counted(q, actor, loc, q`select count(*)::int from doc`)}
    ${keysInserted(q, actor, loc)}
    ${logAndAudit(q, actor, loc, "insert", q`array(select jsonb_object_keys(doc.data) limit 50)`)}`);
  if (rows.length === 0) throw collectionFull(ctx, loc);
  return triggered(ctx, loc, "inserted", rows);
}

async function currentVersion(q: Raw, actor: Actor, loc: Location, id: string) {
  const [row] =
    await q`select version from app_documents where ${where(q, actor, loc)} and id = ${id}`;
  return row?.version as number | undefined;
}

/**
 * Merges the patch into the document's top-level fields, after taking out the `unset` ones (a
 * rename moves a value: the new field set, the old one unset).
 */
export async function updateDocument(
  ctx: TenantCtx,
  loc: Location,
  input: {
    id: string;
    patch: Record<string, unknown>;
    expectedVersion?: number;
    unset?: string[];
  },
) {
  const { tx, actor } = ctx;
  const q = rawOf(tx);
  const { data: patch, json } = prepareData(input.patch, "Patch");
  const unset = (input.unset ?? []).slice(0, 50);
  const base = unset.length > 0 ? q`(data - ${q.array(unset)}::text[])` : q`data`;
  const changed =
    unset.length > 0 ? { ...patch, ...Object.fromEntries(unset.map((k) => [k, null])) } : patch;
  const rows = await run(q`with ${oldDocument(q, actor, loc, input.id)} doc as (
      update app_documents set data = ${base} || ${json}::jsonb, version = version + 1, updated_at = now(),
        updated_by_kind = ${actor.kind}, updated_by = ${actor.userId}
      where ${where(q, actor, loc)} and id = ${input.id} ${oldReadFirst(q)}
        ${input.expectedVersion ? q`and version = ${input.expectedVersion}` : q``}
        and octet_length((${base} || ${json}::jsonb)::text) <= ${DATA_LIMITS.documentBytes}
      returning *)
    ${keysUpdated(q, actor, loc)}
    ${logAndAudit(q, actor, loc, "update", fieldNames(q, changed))}`);
  if (rows[0]) return (await triggered(ctx, loc, "updated", rows))[0]!;
  const version = await currentVersion(q, actor, loc, input.id);
  if (version === undefined) throw notFound("Document");
  if (input.expectedVersion && version !== input.expectedVersion) {
    throw new ServiceError(
      "CONFLICT",
      `The document changed since you loaded it (you had version ${input.expectedVersion}, it is now ${version}). Reload and try again.`,
      { version },
    );
  }
  throw new ServiceError(
    "LIMIT_EXCEEDED",
    `The updated document would exceed ${DATA_LIMITS.documentBytes / 1024} KB.`,
  );
}

/** Updates the one document whose key fields match, or inserts it. */
export async function upsertDocument(
  ctx: TenantCtx,
  loc: Location,
  input: { key: string[]; data: Record<string, unknown> },
) {
  const { tx, actor } = ctx;
  const q = rawOf(tx);
  const { data } = prepareData(input.data);
  const missing = input.key.filter((k) => !Object.hasOwn(data, k));
  if (missing.length) {
    throw new ServiceError("VALIDATION", `The data has no value for key field “${missing[0]}”.`);
  }
  const match = JSON.stringify(Object.fromEntries(input.key.map((k) => [k, data[k]])));
  // Two upserts of the same key take turns, so they cannot both insert.
  const lockKey = `${actor.workspaceId}/${loc.appId}/${loc.scope}/${loc.collection}/${match}`;
  await q`select pg_advisory_xact_lock(hashtextextended(${lockKey}, 0))`;
  const found =
    await q`select id from app_documents where ${where(q, actor, loc)} and data @> ${match}::jsonb limit 2`;
  if (found.length > 1) {
    throw new ServiceError(
      "CONFLICT",
      `More than one document matches ${match}; upsert needs a unique key.`,
    );
  }
  if (found[0]) return updateDocument(ctx, loc, { id: found[0].id as string, patch: data });
  return insertDocument(ctx, loc, { data });
}

export async function removeDocument({ tx, actor }: TenantCtx, loc: Location, id: string) {
  const q = rawOf(tx);
  const rows =
    await run(q`with doc as (delete from app_documents where ${where(q, actor, loc)} and id = ${id} returning *)
    ${counted(q, actor, loc, q`select -count(*)::int from doc`)}
    ${keysDeleted(q, actor, loc)}
    ${logAndAudit(q, actor, loc, "delete", q`'{}'::text[]`)}`);
  if (!rows[0]) throw notFound("Document");
  return { _id: id };
}
