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
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.appId, t.scope, t.collection, t.id] }),
    index("app_documents_order_idx").on(
      t.workspaceId,
      t.appId,
      t.scope,
      t.collection,
      t.createdAt,
      t.id,
    ),
    // Lists sorted by _updatedAt read this in order (keyset), never sort the collection.
    index("app_documents_updated_idx").on(
      t.workspaceId,
      t.appId,
      t.scope,
      t.collection,
      t.updatedAt,
      t.id,
    ),
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
