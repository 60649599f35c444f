import { sql } from "drizzle-orm";
import { pgPolicy, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { currentUserId, currentWorkspaceId } from "./rls";
import { users } from "./users";

export const workspaces = pgTable(
  "workspaces",
  {
    id: uuid("id").primaryKey(),
    name: text("name").notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  () => [
    // Readable in its own tenant context, or by its members when they list their workspaces.
    pgPolicy("workspaces_read", {
      for: "select",
      using: sql`id = ${currentWorkspaceId} or exists (
        select 1 from memberships m where m.workspace_id = workspaces.id and m.user_id = ${currentUserId})`,
    }),
    pgPolicy("workspaces_write", {
      for: "insert",
      withCheck: sql`id = ${currentWorkspaceId}`,
    }),
    pgPolicy("workspaces_update", {
      for: "update",
      using: sql`id = ${currentWorkspaceId}`,
      withCheck: sql`id = ${currentWorkspaceId}`,
    }),
    pgPolicy("workspaces_delete", { for: "delete", using: sql`id = ${currentWorkspaceId}` }),
  ],
);

export type Workspace = typeof workspaces.$inferSelect;
