import { sql } from "drizzle-orm";
import {
  bigint,
  index,
  integer,
  jsonb,
  pgPolicy,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { currentWorkspaceId, xid8 } from "./rls";

// The id of the writing transaction (a default the runtime role cannot override): seals cover
// exact transaction-id ranges that no later commit can enter (docs/decisions/0003-audit-chain.md).

const tenantAppendOnly = (name: string) => [
  pgPolicy(`${name}_read`, { for: "select", using: sql`workspace_id = ${currentWorkspaceId}` }),
  pgPolicy(`${name}_insert`, {
    for: "insert",
    withCheck: sql`workspace_id = ${currentWorkspaceId}`,
  }),
];

export const auditEvents = pgTable(
  "audit_events",
  {
    id: uuid("id").primaryKey(),
    workspaceId: uuid("workspace_id").notNull(),
    seq: bigint("seq", { mode: "number" }).generatedAlwaysAsIdentity(),
    txid: xid8("txid").notNull().default(sql`pg_current_xact_id()`),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull().defaultNow(),
    action: text("action").notNull(),
    category: text("category").notNull(),
    outcome: text("outcome").notNull().default("success"),
    actorKind: text("actor_kind").notNull(),
    actorId: uuid("actor_id"),
    actorName: text("actor_name"),
    targetType: text("target_type"),
    targetId: text("target_id"),
    targetName: text("target_name"),
    summary: text("summary").notNull(),
    metadata: jsonb("metadata").$type<Record<string, unknown>>().notNull().default({}),
    changedFields: text("changed_fields").array().notNull().default(sql`'{}'::text[]`),
    redactedFields: text("redacted_fields").array().notNull().default(sql`'{}'::text[]`),
    requestId: text("request_id"),
  },
  (t) => [
    index("audit_events_ws_seq_idx").on(t.workspaceId, t.seq),
    index("audit_events_ws_txid_idx").on(t.workspaceId, t.txid),
    ...tenantAppendOnly("audit_events"),
  ],
);

/** One link of a workspace's audit chain: the events of the transaction-id range [xidFrom, xidTo). */
export const auditSeals = pgTable(
  "audit_seals",
  {
    workspaceId: uuid("workspace_id").notNull(),
    batchNo: integer("batch_no").notNull(),
    xidFrom: xid8("xid_from").notNull(),
    xidTo: xid8("xid_to").notNull(),
    eventIds: uuid("event_ids").array().notNull(),
    rowHashes: text("row_hashes").array().notNull(),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
    /** HMAC of `hash` under AUDIT_SIGNING_KEY, which the database never sees. */
    signature: text("signature"),
    sealedAt: timestamp("sealed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.batchNo] }), ...tenantAppendOnly("audit_seals")],
);

export type AuditEvent = typeof auditEvents.$inferSelect;
export type AuditSeal = typeof auditSeals.$inferSelect;
