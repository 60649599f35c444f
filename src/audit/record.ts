import { auditEvents } from "../../db/schema";
import type { Tx } from "../../db/tenant";
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

/** Writes one audit row in the caller's transaction, so it commits or rolls back with the change. */
export async function recordAudit(tx: Tx, actor: Actor, input: AuditInput): Promise<void> {
  const { metadata, redactedFields } = redact(input.metadata);
  await tx.insert(auditEvents).values({
    id: crypto.randomUUID(),
    workspaceId: actor.workspaceId,
    action: input.action,
    category: AUDIT_ACTIONS[input.action],
    outcome: input.outcome ?? "success",
    actorKind: actor.kind,
    actorId: actor.userId,
    actorName: actor.displayName,
    targetType: input.target?.type ?? null,
    targetId: input.target?.id ?? null,
    targetName: input.target?.name ?? null,
    summary: capSummary(input.summary),
    metadata,
    changedFields: (input.changedFields ?? []).slice(0, AUDIT_LIMITS.changedFields),
    redactedFields,
    requestId: actor.requestId ?? null,
  });
}
