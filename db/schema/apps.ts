import { index, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { tenantPolicy } from "./rls";
import { users } from "./users";
import { workspaces } from "./workspaces";

export const apps = pgTable(
  "apps",
  {
    id: uuid("id").primaryKey(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    /** The version viewers get (app_versions.id); null while the app is a draft only. */
    publishedVersionId: uuid("published_version_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("apps_workspace_id_key").on(t.workspaceId, t.id),
    index("apps_workspace_created_idx").on(t.workspaceId, t.createdAt),
    tenantPolicy("apps_tenant"),
  ],
);

export type App = typeof apps.$inferSelect;
