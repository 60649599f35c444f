import { z } from "zod";
import { isoDateTime, text } from "../safe-input";
import { AUDIT_CATEGORIES } from "./catalog";

export const AuditListInput = z.object({
  category: z.enum(AUDIT_CATEGORIES).optional(),
  action: text().max(80).optional(),
  actorId: z.uuid("Actor must be a user id.").optional(),
  targetType: text().max(60).optional(),
  targetId: text().max(120).optional(),
  from: isoDateTime().optional(),
  to: isoDateTime().optional(),
  q: text().trim().max(200, "Search text is limited to 200 characters.").optional(),
  cursor: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(200, "At most 200 events per page.").default(50),
});
export type AuditListInput = z.infer<typeof AuditListInput>;

export const AuditGetInput = z.object({ eventId: z.uuid("That is not a valid event id.") });
