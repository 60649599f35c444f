import { sql } from "drizzle-orm";
import {
  check,
  foreignKey,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { apps } from "./apps";
import { tenantPolicy } from "./rls";

export const APPROVAL_MODES = ["live", "mock"] as const;
export type ApprovalMode = (typeof APPROVAL_MODES)[number];

/**
 * The approved agents.json of an app's draft: its canonical hash and normalised payload, which
 * the runtime checks tools and collections against. A build with another hash marks it stale; it
 * stays stale (even if the file is changed back) until someone approves again.
 */
export const appAgentApprovals = pgTable(
  "app_agent_approvals",
  {
    workspaceId: uuid("workspace_id").notNull(),
    appId: uuid("app_id").notNull(),
    hash: text("hash").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    /** live: owner/admin approval; mock: custom tools answer with their mockData only. */
    mode: text("mode").$type<ApprovalMode>().notNull(),
    source: text("source").notNull(),
    approvedBy: uuid("approved_by").notNull(),
    approvedByName: text("approved_by_name").notNull(),
    approvedAt: timestamp("approved_at", { withTimezone: true }).notNull().defaultNow(),
    /** The hash of the file that made this approval stale; null while it holds. */
    staleHash: text("stale_hash"),
    staleAt: timestamp("stale_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ name: "app_agent_approvals_pkey", columns: [t.workspaceId, t.appId] }),
    foreignKey({
      name: "app_agent_approvals_app_fk",
      columns: [t.workspaceId, t.appId],
      foreignColumns: [apps.workspaceId, apps.id],
    }).onDelete("cascade"),
    check("app_agent_approvals_mode_check", sql`mode in ('live', 'mock')`),
    tenantPolicy("app_agent_approvals_tenant"),
  ],
);
