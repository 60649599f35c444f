import { and, desc, eq, gte, ilike, lt, lte, or, type SQL, sql } from "drizzle-orm";
import { auditEvents, auditSeals } from "../../db/schema";
import { requirePermission, type TenantCtx } from "../context";
import { notFound } from "../errors";
import type { AuditListInput } from "./schemas";

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function listAuditEvents({ tx, actor }: TenantCtx, input: AuditListInput) {
  requirePermission(actor, "audit:read");
  const where: (SQL | undefined)[] = [eq(auditEvents.workspaceId, actor.workspaceId)];
  if (input.category) where.push(eq(auditEvents.category, input.category));
  if (input.action) where.push(eq(auditEvents.action, input.action));
  if (input.actorId) where.push(eq(auditEvents.actorId, input.actorId));
  if (input.targetType) where.push(eq(auditEvents.targetType, input.targetType));
  if (input.targetId) where.push(eq(auditEvents.targetId, input.targetId));
  if (input.from) where.push(gte(auditEvents.occurredAt, new Date(input.from)));
  if (input.to) where.push(lte(auditEvents.occurredAt, new Date(input.to)));
  if (input.cursor) where.push(lt(auditEvents.seq, input.cursor));
  if (input.q) {
    const like = `%${escapeLike(input.q)}%`;
    where.push(
      or(
        ilike(auditEvents.summary, like),
        ilike(auditEvents.action, like),
        ilike(auditEvents.actorName, like),
        ilike(auditEvents.targetName, like),
      ),
    );
  }
  const rows = await tx
    .select(eventColumns)
    .from(auditEvents)
    .where(and(...where))
    .orderBy(desc(auditEvents.seq))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const next = rows.length > input.limit ? page[page.length - 1]?.seq : undefined;
  return { events: page, nextCursor: next ?? null };
}

const { txid: _txid, ...eventColumns } = {
  id: auditEvents.id,
  seq: auditEvents.seq,
  txid: auditEvents.txid,
  occurredAt: auditEvents.occurredAt,
  action: auditEvents.action,
  category: auditEvents.category,
  outcome: auditEvents.outcome,
  actorKind: auditEvents.actorKind,
  actorId: auditEvents.actorId,
  actorName: auditEvents.actorName,
  targetType: auditEvents.targetType,
  targetId: auditEvents.targetId,
  targetName: auditEvents.targetName,
  summary: auditEvents.summary,
  metadata: auditEvents.metadata,
  changedFields: auditEvents.changedFields,
  redactedFields: auditEvents.redactedFields,
  requestId: auditEvents.requestId,
};

export async function getAuditEvent({ tx, actor }: TenantCtx, eventId: string) {
  requirePermission(actor, "audit:read");
  const [event] = await tx
    .select({ ...eventColumns, txid: auditEvents.txid })
    .from(auditEvents)
    .where(and(eq(auditEvents.workspaceId, actor.workspaceId), eq(auditEvents.id, eventId)));
  if (!event) throw notFound("Audit event");
  const [seal] = await tx
    .select({ batchNo: auditSeals.batchNo, hash: auditSeals.hash, sealedAt: auditSeals.sealedAt })
    .from(auditSeals)
    .where(
      and(
        eq(auditSeals.workspaceId, actor.workspaceId),
        sql`${event.txid}::xid8 >= ${auditSeals.xidFrom} and ${event.txid}::xid8 < ${auditSeals.xidTo}`,
      ),
    );
  const { txid: _, ...rest } = event;
  return { ...rest, seal: seal ?? null };
}
