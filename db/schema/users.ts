import { sql } from "drizzle-orm";
import { pgPolicy, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { currentUserId, currentWorkspaceId } from "./rls";

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey(),
    displayName: text("display_name").notNull(),
    email: text("email"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  () => [
    // A user sees themself, and the members of the workspace they are acting in.
    pgPolicy("users_read", {
      for: "select",
      using: sql`id = ${currentUserId} or exists (
        select 1 from memberships m where m.user_id = users.id and m.workspace_id = ${currentWorkspaceId})`,
    }),
    pgPolicy("users_insert_self", { for: "insert", withCheck: sql`id = ${currentUserId}` }),
    pgPolicy("users_update_self", {
      for: "update",
      using: sql`id = ${currentUserId}`,
      withCheck: sql`id = ${currentUserId}`,
    }),
  ],
);

export type User = typeof users.$inferSelect;
