import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { apps } from "./apps";
import { tenantPolicy, xid8 } from "./rls";

/** App data: JSON documents per app, scope (draft | published) and collection. */
export const appDocuments = pgTable(
  "app_documents",
  {
    workspaceId: uuid("workspace_id").notNull(),
    appId: uuid("app_id").notNull(),
    scope: text("scope").$type<"draft" | "published">().notNull(),
    collection: text("collection").notNull(),
    id: text("id").notNull(),
    data: jsonb("data").$type<Record<string, unknown>>().notNull(),
    version: integer("version").notNull().default(1),
    createdByKind: text("created_by_kind").notNull(),
    createdBy: text("created_by").notNull(),
    updatedByKind: text("updated_by_kind").notNull(),
    updatedBy: text("updated_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    /**
     * The collection as one value, what the list-order indexes lead with instead of its four
     * columns: a lookup by the primary key's columns then matches no index but the primary key,
     * even without statistics (with the columns, the planner sees a tie and may walk a whole
     * collection in sort order). A plain column, so its comparison stays usable under RLS.
     */
    docKey: bigint("doc_key", { mode: "bigint" })
      .notNull()
      .generatedAlwaysAs(
        sql`hashtextextended(workspace_id::text || '/' || app_id::text || '/' || scope || '/' || collection, 0)`,
      ),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.appId, t.scope, t.collection, t.id] }),
    // The orders lists read in (keyset), led by the collection's one-value key.
    index("app_documents_created_idx").on(t.docKey, t.createdAt, t.id),
    index("app_documents_updated_idx").on(t.docKey, t.updatedAt, t.id),
    foreignKey({
      name: "app_documents_app_fk",
      columns: [t.workspaceId, t.appId],
      foreignColumns: [apps.workspaceId, apps.id],
    }).onDelete("cascade"),
    check("app_documents_scope_check", sql`scope in ('draft', 'published')`),
    tenantPolicy("app_documents_tenant"),
  ],
);

/**
 * One row per document change. `txid` (the writer's transaction id, stamped by a trigger) lets a
 * reader advance only past transactions that have all finished: see docs/decisions/0004.
 */
export const appChanges = pgTable(
  "app_changes",
  {
    seq: bigint("seq", { mode: "number" }).generatedAlwaysAsIdentity(),
    txid: xid8("txid").notNull().default(sql`pg_current_xact_id()`),
    workspaceId: uuid("workspace_id").notNull(),
    appId: uuid("app_id").notNull(),
    scope: text("scope").$type<"draft" | "published">().notNull(),
    collection: text("collection").notNull(),
    docId: text("doc_id").notNull(),
    op: text("op").$type<"insert" | "update" | "delete">().notNull(),
    version: integer("version").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.seq] }),
    index("app_changes_ws_txid_idx").on(t.workspaceId, t.txid),
    foreignKey({
      name: "app_changes_app_fk",
      columns: [t.workspaceId, t.appId],
      foreignColumns: [apps.workspaceId, apps.id],
    }).onDelete("cascade"),
    tenantPolicy("app_changes_tenant"),
  ],
);

/**
 * Documents per collection, split over a few shard rows so concurrent writers rarely wait on
 * one another: the count is the sum of a collection's shards.
 */
export const appCollectionCounts = pgTable(
  "app_collection_counts",
  {
    workspaceId: uuid("workspace_id").notNull(),
    appId: uuid("app_id").notNull(),
    scope: text("scope").$type<"draft" | "published">().notNull(),
    collection: text("collection").notNull(),
    shard: smallint("shard").notNull(),
    documents: integer("documents").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.appId, t.scope, t.collection, t.shard] }),
    foreignKey({
      name: "app_collection_counts_app_fk",
      columns: [t.workspaceId, t.appId],
      foreignColumns: [apps.workspaceId, apps.id],
    }).onDelete("cascade"),
    tenantPolicy("app_collection_counts_tenant"),
  ],
);

/**
 * Declared indexes (collections.json `indexes`) without DDL per app: one generic key table. A
 * declared field of a collection gets one row per document — the field's value (app_index_key:
 * long values cut to a prefix), the document's creation time and id — written by the same
 * statement that writes the document. Equality filters and sorts on the field read it in order
 * by its primary key, then fetch each document by its own. See docs/decisions/0016.
 */
export const appDocumentKeys = pgTable(
  "app_document_keys",
  {
    workspaceId: uuid("workspace_id").notNull(),
    appId: uuid("app_id").notNull(),
    scope: text("scope").$type<"draft" | "published">().notNull(),
    collection: text("collection").notNull(),
    field: text("field").notNull(),
    /** app_index_key(the field's value): text in byte order (COLLATE "C", migration 0023). */
    value: text("value").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    docId: text("doc_id").notNull(),
  },
  (t) => [
    primaryKey({
      name: "app_document_keys_pk",
      columns: [
        t.workspaceId,
        t.appId,
        t.scope,
        t.collection,
        t.field,
        t.value,
        t.createdAt,
        t.docId,
      ],
    }),
    foreignKey({
      name: "app_document_keys_app_fk",
      columns: [t.workspaceId, t.appId],
      foreignColumns: [apps.workspaceId, apps.id],
    }).onDelete("cascade"),
    tenantPolicy("app_document_keys_tenant"),
  ],
);

/**
 * Which fields of a collection have key rows: `filling` while existing documents are being
 * keyed (writes already key theirs), `ready` once every document has its row — only then do
 * reads use them.
 */
export const appCollectionIndexes = pgTable(
  "app_collection_indexes",
  {
    workspaceId: uuid("workspace_id").notNull(),
    appId: uuid("app_id").notNull(),
    scope: text("scope").$type<"draft" | "published">().notNull(),
    collection: text("collection").notNull(),
    field: text("field").notNull(),
    state: text("state").$type<"filling" | "ready">().notNull().default("filling"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({
      name: "app_collection_indexes_pk",
      columns: [t.workspaceId, t.appId, t.scope, t.collection, t.field],
    }),
    foreignKey({
      name: "app_collection_indexes_app_fk",
      columns: [t.workspaceId, t.appId],
      foreignColumns: [apps.workspaceId, apps.id],
    }).onDelete("cascade"),
    check("app_collection_indexes_state_check", sql`state in ('filling', 'ready')`),
    tenantPolicy("app_collection_indexes_tenant"),
  ],
);
