import { requirePermission } from "../context";
import { publicProcedure, router, tenantProcedure } from "../trpc/init";
import { AUDIT_ACTIONS, AUDIT_CATEGORIES } from "./catalog";
import { getAuditEvent, listAuditEvents } from "./query";
import { AuditGetInput, AuditListInput } from "./schemas";
import { verifyChain } from "./verify";

export const auditRouter = router({
  catalog: publicProcedure.query(() => ({
    categories: AUDIT_CATEGORIES,
    actions: Object.entries(AUDIT_ACTIONS).map(([action, category]) => ({ action, category })),
  })),
  list: tenantProcedure
    .input(AuditListInput)
    .query(({ ctx, input }) => listAuditEvents(ctx.tenant, input)),
  get: tenantProcedure
    .input(AuditGetInput)
    .query(({ ctx, input }) => getAuditEvent(ctx.tenant, input.eventId)),
  verify: tenantProcedure.query(({ ctx }) => {
    requirePermission(ctx.tenant.actor, "audit:read");
    return verifyChain(ctx.tenant.tx, ctx.tenant.actor.workspaceId, ctx.deps.sealer.chain);
  }),
});
