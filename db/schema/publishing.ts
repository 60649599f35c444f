import { sql } from "drizzle-orm";
import {
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { apps } from "./apps";
import { memberships } from "./memberships";
import { tenantPolicy } from "./rls";
import { teams } from "./teams";

/**
 * People who make an app with its creator: they see its draft, builder chat and review state.
 * Added and removed by the creator or a workspace admin; gone with their membership.
 */
export const appCollaborators = pgTable(
  "app_collaborators",
  {
    workspaceId: uuid("workspace_id").notNull(),
    appId: uuid("app_id").notNull(),
    userId: uuid("user_id").notNull(),
    addedBy: uuid("added_by"),
    addedByName: text("added_by_name"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "app_collaborators_pkey", columns: [t.workspaceId, t.appId, t.userId] }),
    index("app_collaborators_user_idx").on(t.workspaceId, t.userId),
    foreignKey({
      name: "app_collaborators_app_fk",
      columns: [t.workspaceId, t.appId],
      foreignColumns: [apps.workspaceId, apps.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "app_collaborators_membership_fk",
      columns: [t.workspaceId, t.userId],
      foreignColumns: [memberships.workspaceId, memberships.userId],
    }).onDelete("cascade"),
    tenantPolicy("app_collaborators_tenant"),
  ],
);

/** The teams an app is published to: their members see the published app (and only that). */
export const appTeams = pgTable(
  "app_teams",
  {
    workspaceId: uuid("workspace_id").notNull(),
    appId: uuid("app_id").notNull(),
    teamId: uuid("team_id").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "app_teams_pkey", columns: [t.workspaceId, t.appId, t.teamId] }),
    index("app_teams_team_idx").on(t.workspaceId, t.teamId),
    foreignKey({
      name: "app_teams_app_fk",
      columns: [t.workspaceId, t.appId],
      foreignColumns: [apps.workspaceId, apps.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "app_teams_team_fk",
      columns: [t.workspaceId, t.teamId],
      foreignColumns: [teams.workspaceId, teams.id],
    }).onDelete("cascade"),
    tenantPolicy("app_teams_tenant"),
  ],
);

export const REVIEW_STATUSES = [
  "pending",
  "approved",
  "changes_requested",
  "superseded",
  "withdrawn",
] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/**
 * A request to publish one exact draft (a build and its source hash). At most one is pending per
 * app; approving it publishes exactly that build, and is refused when the draft moved on.
 */
export const appReviews = pgTable(
  "app_reviews",
  {
    workspaceId: uuid("workspace_id").notNull(),
    id: uuid("id").notNull(),
    appId: uuid("app_id").notNull(),
    buildId: uuid("build_id").notNull(),
    snapshotId: uuid("snapshot_id").notNull(),
    sourceHash: text("source_hash").notNull(),
    /** agents.json's canonical hash in that draft, when it has one. */
    agentsHash: text("agents_hash"),
    /** Team ids the requester chose to publish to. */
    teamIds: jsonb("team_ids").$type<string[]>().notNull().default([]),
    /** The change summary since the last publish, as computed when the request was made. */
    changes: jsonb("changes").$type<Record<string, unknown>>().notNull().default({}),
    note: text("note").notNull().default(""),
    status: text("status").$type<ReviewStatus>().notNull().default("pending"),
    requestedBy: uuid("requested_by"),
    requestedByName: text("requested_by_name").notNull(),
    requestedAt: timestamp("requested_at", { withTimezone: true }).notNull().defaultNow(),
    decidedBy: uuid("decided_by"),
    decidedByName: text("decided_by_name"),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    /** The reviewer's message (changes requested) or why it was superseded. */
    message: text("message"),
    /** The version an approval published. */
    versionId: uuid("version_id"),
  },
  (t) => [
    primaryKey({ name: "app_reviews_pkey", columns: [t.workspaceId, t.id] }),
    index("app_reviews_app_idx").on(t.workspaceId, t.appId, t.requestedAt),
    index("app_reviews_status_idx").on(t.workspaceId, t.status, t.requestedAt),
    uniqueIndex("app_reviews_one_pending_idx")
      .on(t.workspaceId, t.appId)
      .where(sql`status = 'pending'`),
    foreignKey({
      name: "app_reviews_app_fk",
      columns: [t.workspaceId, t.appId],
      foreignColumns: [apps.workspaceId, apps.id],
    }).onDelete("cascade"),
    check(
      "app_reviews_status_check",
      sql`status in ('pending', 'approved', 'changes_requested', 'superseded', 'withdrawn')`,
    ),
    tenantPolicy("app_reviews_tenant"),
  ],
);

/**
 * A published version: numbered per app, immutable. It fixes the build viewers run, the agents
 * payload approved for it (checked by the runtime in the published scope) and the collection
 * access rules viewers and agents are held to. A rollback publishes an earlier version's content
 * again as a new number.
 */
export const appVersions = pgTable(
  "app_versions",
  {
    workspaceId: uuid("workspace_id").notNull(),
    id: uuid("id").notNull(),
    appId: uuid("app_id").notNull(),
    number: integer("number").notNull(),
    buildId: uuid("build_id").notNull(),
    snapshotId: uuid("snapshot_id").notNull(),
    sourceHash: text("source_hash").notNull(),
    agentsHash: text("agents_hash"),
    agentsPayload: jsonb("agents_payload").$type<Record<string, unknown>>(),
    /** live / mock, as approved for this version; null when it declares no agents. */
    agentsMode: text("agents_mode").$type<"live" | "mock">(),
    /** collections.json as published (types and access rules), or null without one. */
    collections: jsonb("collections").$type<Record<string, unknown>>(),
    teamIds: jsonb("team_ids").$type<string[]>().notNull().default([]),
    reviewId: uuid("review_id"),
    /** The number of the version a rollback restored. */
    restoredFrom: integer("restored_from"),
    publishedBy: uuid("published_by"),
    publishedByName: text("published_by_name").notNull(),
    publishedAt: timestamp("published_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "app_versions_pkey", columns: [t.workspaceId, t.id] }),
    uniqueIndex("app_versions_number_idx").on(t.workspaceId, t.appId, t.number),
    foreignKey({
      name: "app_versions_app_fk",
      columns: [t.workspaceId, t.appId],
      foreignColumns: [apps.workspaceId, apps.id],
    }).onDelete("cascade"),
    check("app_versions_number_check", sql`number >= 1`),
    check(
      "app_versions_agents_mode_check",
      sql`agents_mode is null or agents_mode in ('live', 'mock')`,
    ),
    tenantPolicy("app_versions_tenant"),
  ],
);
