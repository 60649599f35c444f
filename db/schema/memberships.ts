import { sql } from "drizzle-orm";
import { index, pgEnum, pgPolicy, pgTable, primaryKey, timestamp, uuid } from "drizzle-orm/pg-core";
import { currentUserId, currentWorkspaceId } from "./rls";
import { users } from "./users";
import { workspaces } from "./workspaces";

export const roleEnum = pgEnum("workspace_role", ["owner", "admin", "member"]);
export type Role = (typeof roleEnum.enumValues)[number];

export const memberships = pgTable(
  "memberships",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: roleEnum("role").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.userId] }),
    index("memberships_user_idx").on(t.userId),
    // A user lists their own memberships before choosing a workspace; everything else is
    // confined to the current workspace.
    pgPolicy("memberships_read", {
      for: "select",
      using: sql`workspace_id = ${currentWorkspaceId} or user_id = ${currentUserId}`,
    }),
    pgPolicy("memberships_insert", {
      for: "insert",
      withCheck: sql`workspace_id = ${currentWorkspaceId}`,
    }),
    pgPolicy("memberships_update", {
      for: "update",
      using: sql`workspace_id = ${currentWorkspaceId}`,
      withCheck: sql`workspace_id = ${currentWorkspaceId}`,
    }),
    pgPolicy("memberships_delete", {
      for: "delete",
      using: sql`workspace_id = ${currentWorkspaceId}`,
    }),
  ],
);

export type Membership = typeof memberships.$inferSelect;
