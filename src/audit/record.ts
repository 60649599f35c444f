import { rawOf, type Tx } from "../../db/tenant";
import type { Actor } from "../context";
import { AUDIT_ACTIONS, type AuditAction } from "./catalog";
import { AUDIT_LIMITS, capSummary, redact } from "./redact";

export interface AuditInput {
  action: AuditAction;
  summary: string;
  outcome?: "success" | "failure" | "denied";
  target?: { type: string; id: string; name?: string | null };
  metadata?: Record<string, unknown>;
  changedFields?: string[];
}

/**
 * Writes one audit row in the caller's transaction, so it commits or rolls back with the change.
 * The database stamps the sequence, transaction id and time; the runtime role cannot set them.
 */
export async function recordAudit(tx: Tx, actor: Actor, input: AuditInput): Promise<void> {
  const { metadata, redactedFields } = redact(input.metadata);
  const q = rawOf(tx);
  await q`insert into audit_events (id, workspace_id, action, category, outcome, actor_kind, actor_id,
      actor_name, target_type, target_id, target_name, summary, metadata, changed_fields,
      redacted_fields, request_id)
    values (${crypto.randomUUID()}, ${actor.workspaceId}, ${input.action}, ${AUDIT_ACTIONS[input.action]},
      ${input.outcome ?? "success"}, ${actor.kind}, ${actor.userId}, ${actor.displayName},
      ${input.target?.type ?? null}, ${input.target?.id ?? null}, ${input.target?.name ?? null},
      ${capSummary(input.summary)}, ${JSON.stringify(metadata)}::jsonb,
      ${q.array((input.changedFields ?? []).slice(0, AUDIT_LIMITS.changedFields))}::text[],
      ${q.array(redactedFields)}::text[], ${actor.requestId ?? null})`;
}
