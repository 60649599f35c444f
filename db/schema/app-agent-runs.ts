import { sql } from "drizzle-orm";
import {
  check,
  foreignKey,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { apps } from "./apps";
import { tenantPolicy } from "./rls";
import { agentRuns } from "./runs";

/**
 * What makes an `agent_runs` row (kind 'agent') an app agent's run: which agent, on which data
 * (draft or published), what started it, its input, and the approval it started under. Status,
 * transcript, usage and cost stay on the `agent_runs` row, shared with builder runs.
 */
export const appAgentRuns = pgTable(
  "app_agent_runs",
  {
    workspaceId: uuid("workspace_id").notNull(),
    runId: uuid("run_id").notNull(),
    appId: uuid("app_id").notNull(),
    agentId: text("agent_id").notNull(),
    agentName: text("agent_name").notNull(),
    scope: text("scope").$type<"draft" | "published">().notNull(),
    trigger: jsonb("trigger").$type<Record<string, unknown>>().notNull(),
    input: jsonb("input").$type<Record<string, unknown>>().notNull(),
    approvedHash: text("approved_hash").notNull(),
    approvalMode: text("approval_mode").$type<"live" | "mock">().notNull(),
    result: text("result"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "app_agent_runs_pkey", columns: [t.workspaceId, t.runId] }),
    index("app_agent_runs_agent_idx").on(t.workspaceId, t.appId, t.agentId, t.createdAt),
    index("app_agent_runs_app_idx").on(t.workspaceId, t.appId, t.createdAt),
    foreignKey({
      name: "app_agent_runs_run_fk",
      columns: [t.workspaceId, t.runId],
      foreignColumns: [agentRuns.workspaceId, agentRuns.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "app_agent_runs_app_fk",
      columns: [t.workspaceId, t.appId],
      foreignColumns: [apps.workspaceId, apps.id],
    }).onDelete("cascade"),
    check("app_agent_runs_scope_check", sql`scope in ('draft', 'published')`),
    check("app_agent_runs_mode_check", sql`approval_mode in ('live', 'mock')`),
    tenantPolicy("app_agent_runs_tenant"),
  ],
);

export type AppAgentRun = typeof appAgentRuns.$inferSelect;
