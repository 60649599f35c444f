import { sql } from "drizzle-orm";
import {
  boolean,
  foreignKey,
  index,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { memberships } from "./memberships";
import { tenantPolicy } from "./rls";
import { workspaces } from "./workspaces";

export const teams = pgTable(
  "teams",
  {
    id: uuid("id").primaryKey(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    slug: text("slug").notNull(),
    isDefault: boolean("is_default").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("teams_workspace_slug_key").on(t.workspaceId, t.slug),
    unique("teams_workspace_id_key").on(t.workspaceId, t.id),
    uniqueIndex("teams_one_default_idx").on(t.workspaceId).where(sql`is_default`),
    tenantPolicy("teams_tenant"),
  ],
);

export const teamMembers = pgTable(
  "team_members",
  {
    workspaceId: uuid("workspace_id").notNull(),
    teamId: uuid("team_id").notNull(),
    userId: uuid("user_id").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.teamId, t.userId] }),
    index("team_members_workspace_user_idx").on(t.workspaceId, t.userId),
    // Both keys include the workspace, so a team member is always a member of the team's workspace.
    foreignKey({
      name: "team_members_team_fk",
      columns: [t.workspaceId, t.teamId],
      foreignColumns: [teams.workspaceId, teams.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "team_members_membership_fk",
      columns: [t.workspaceId, t.userId],
      foreignColumns: [memberships.workspaceId, memberships.userId],
    }).onDelete("cascade"),
    tenantPolicy("team_members_tenant"),
  ],
);

export type Team = typeof teams.$inferSelect;
