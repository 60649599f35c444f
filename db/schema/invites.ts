import { sql } from "drizzle-orm";
import {
  check,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { roleEnum } from "./memberships";
import { tenantPolicy } from "./rls";
import { teams } from "./teams";
import { workspaces } from "./workspaces";

/**
 * An invite link to a workspace. The token itself is never stored: only its SHA-256 (hex). The
 * role is member or admin, never owner; `uses` counts accepted joins up to `max_uses`.
 */
export const workspaceInvites = pgTable(
  "workspace_invites",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    id: uuid("id").notNull(),
    tokenHash: text("token_hash").notNull(),
    role: roleEnum("role").notNull(),
    teamId: uuid("team_id"),
    maxUses: integer("max_uses").notNull(),
    uses: integer("uses").notNull().default(0),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdBy: uuid("created_by"),
    createdByName: text("created_by_name"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "workspace_invites_pkey", columns: [t.workspaceId, t.id] }),
    unique("workspace_invites_token_hash_key").on(t.tokenHash),
    index("workspace_invites_workspace_created_idx").on(t.workspaceId, t.createdAt),
    foreignKey({
      name: "workspace_invites_team_fk",
      columns: [t.workspaceId, t.teamId],
      foreignColumns: [teams.workspaceId, teams.id],
    }).onDelete("cascade"),
    check("workspace_invites_role_check", sql`role in ('member', 'admin')`),
    check("workspace_invites_uses_check", sql`uses >= 0 and uses <= max_uses`),
    check("workspace_invites_max_uses_check", sql`max_uses between 1 and 1000`),
    tenantPolicy("workspace_invites_tenant"),
  ],
);

export type WorkspaceInvite = typeof workspaceInvites.$inferSelect;
