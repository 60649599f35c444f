import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
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
import { tenantPolicy, xid8 } from "./rls";

export const RUN_STATUSES = [
  "pending",
  "running",
  "awaiting_approval",
  "completed",
  "failed",
  "stopped",
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** One agent run (builder or app agent): its state, usage and transcript. */
export const agentRuns = pgTable(
  "agent_runs",
  {
    id: uuid("id").primaryKey(),
    workspaceId: uuid("workspace_id").notNull(),
    appId: uuid("app_id").notNull(),
    kind: text("kind").$type<"builder" | "agent">().notNull(),
    status: text("status").$type<RunStatus>().notNull().default("pending"),
    provider: text("provider").notNull(),
    model: text("model").notNull(),
    prompt: text("prompt").notNull(),
    transcript: jsonb("transcript").$type<unknown[]>().notNull().default([]),
    /** While awaiting approval: the cards to answer and the turn's other tool results. */
    pending: jsonb("pending").$type<{ approvals: unknown[]; toolResults: unknown[] } | null>(),
    failureCode: text("failure_code"),
    failureMessage: text("failure_message"),
    stopRequested: boolean("stop_requested").notNull().default(false),
    inputTokens: integer("input_tokens").notNull().default(0),
    outputTokens: integer("output_tokens").notNull().default(0),
    cacheReadTokens: integer("cache_read_tokens").notNull().default(0),
    cacheWriteTokens: integer("cache_write_tokens").notNull().default(0),
    costMicros: bigint("cost_micros", { mode: "number" }).notNull().default(0),
    createdBy: uuid("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("agent_runs_workspace_id_key").on(t.workspaceId, t.id),
    index("agent_runs_app_idx").on(t.workspaceId, t.appId, t.createdAt),
    // The per-workspace concurrency check of app agent runs counts the running ones.
    index("agent_runs_running_idx").on(t.workspaceId, t.kind).where(sql`status = 'running'`),
    foreignKey({
      name: "agent_runs_app_fk",
      columns: [t.workspaceId, t.appId],
      foreignColumns: [apps.workspaceId, apps.id],
    }).onDelete("cascade"),
    check(
      "agent_runs_status_check",
      sql`status in ('pending', 'running', 'awaiting_approval', 'completed', 'failed', 'stopped')`,
    ),
    tenantPolicy("agent_runs_tenant"),
  ],
);

/**
 * A run's events in order. One writer per run appends them in sequence, so `seq` is also commit
 * order within a run; `txid` lets the live hub read them by horizon like app data changes.
 */
export const runEvents = pgTable(
  "run_events",
  {
    workspaceId: uuid("workspace_id").notNull(),
    runId: uuid("run_id").notNull(),
    seq: integer("seq").notNull(),
    txid: xid8("txid").notNull().default(sql`pg_current_xact_id()`),
    type: text("type").notNull(),
    data: jsonb("data").$type<Record<string, unknown>>().notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.runId, t.seq] }),
    index("run_events_ws_txid_idx").on(t.workspaceId, t.txid),
    foreignKey({
      name: "run_events_run_fk",
      columns: [t.workspaceId, t.runId],
      foreignColumns: [agentRuns.workspaceId, agentRuns.id],
    }).onDelete("cascade"),
    tenantPolicy("run_events_tenant"),
  ],
);

export type AgentRun = typeof agentRuns.$inferSelect;
