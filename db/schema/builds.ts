import { sql } from "drizzle-orm";
import {
  check,
  customType,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { apps } from "./apps";
import { tenantPolicy } from "./rls";
import { workspaces } from "./workspaces";

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
});

/** One file's place in a snapshot or build: where it goes and which blob holds its bytes. */
export interface FileEntry {
  path: string;
  /** sha256 of the content, hex. */
  hash: string;
  size: number;
}

/** One readable problem from a type-check or build, for the model and for the user. */
export interface BuildProblem {
  source: "typecheck" | "build" | "workspace";
  file: string | null;
  line: number | null;
  column: number | null;
  message: string;
}

/**
 * File contents, content-addressed per workspace: a file that did not change between versions,
 * or that two apps share, is stored once. Immutable.
 */
export const appBlobs = pgTable(
  "app_blobs",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    hash: text("hash").notNull(),
    size: integer("size").notNull(),
    content: bytea("content").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.hash] }),
    check("app_blobs_hash_check", sql`hash ~ '^[0-9a-f]{64}$'`),
    tenantPolicy("app_blobs_tenant"),
  ],
);

/** An app's source at one point in time: the manifest only, never the contents. Immutable. */
export const appSnapshots = pgTable(
  "app_snapshots",
  {
    id: uuid("id").primaryKey(),
    workspaceId: uuid("workspace_id").notNull(),
    appId: uuid("app_id").notNull(),
    runId: uuid("run_id"),
    files: jsonb("files").$type<FileEntry[]>().notNull(),
    fileCount: integer("file_count").notNull(),
    totalBytes: integer("total_bytes").notNull(),
    /** sha256 over the sorted manifest: equal sources have equal hashes. */
    sourceHash: text("source_hash").notNull(),
    createdBy: uuid("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("app_snapshots_workspace_id_key").on(t.workspaceId, t.id),
    index("app_snapshots_app_idx").on(t.workspaceId, t.appId, t.createdAt),
    foreignKey({
      name: "app_snapshots_app_fk",
      columns: [t.workspaceId, t.appId],
      foreignColumns: [apps.workspaceId, apps.id],
    }).onDelete("cascade"),
    tenantPolicy("app_snapshots_tenant"),
  ],
);

export const BUILD_STATUSES = ["succeeded", "failed"] as const;
export type BuildStatus = (typeof BUILD_STATUSES)[number];

/**
 * One done_building attempt. A successful one points at its source snapshot and lists the
 * artifacts the preview serves; a failed one keeps the problems so the user sees why. Immutable.
 */
export const appBuilds = pgTable(
  "app_builds",
  {
    id: uuid("id").primaryKey(),
    workspaceId: uuid("workspace_id").notNull(),
    appId: uuid("app_id").notNull(),
    runId: uuid("run_id"),
    snapshotId: uuid("snapshot_id"),
    status: text("status").$type<BuildStatus>().notNull(),
    summary: text("summary").notNull().default(""),
    problems: jsonb("problems").$type<BuildProblem[]>().notNull().default([]),
    artifacts: jsonb("artifacts").$type<FileEntry[]>().notNull().default([]),
    typecheckMs: integer("typecheck_ms").notNull().default(0),
    buildMs: integer("build_ms").notNull().default(0),
    totalMs: integer("total_ms").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("app_builds_workspace_id_key").on(t.workspaceId, t.id),
    index("app_builds_app_idx").on(t.workspaceId, t.appId, t.createdAt),
    foreignKey({
      name: "app_builds_app_fk",
      columns: [t.workspaceId, t.appId],
      foreignColumns: [apps.workspaceId, apps.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "app_builds_snapshot_fk",
      columns: [t.workspaceId, t.snapshotId],
      foreignColumns: [appSnapshots.workspaceId, appSnapshots.id],
    }).onDelete("cascade"),
    check("app_builds_status_check", sql`status in ('succeeded', 'failed')`),
    check("app_builds_snapshot_check", sql`(status = 'succeeded') = (snapshot_id is not null)`),
    tenantPolicy("app_builds_tenant"),
  ],
);

export type AppSnapshot = typeof appSnapshots.$inferSelect;
export type AppBuild = typeof appBuilds.$inferSelect;
