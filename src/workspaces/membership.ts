import { and, eq } from "drizzle-orm";
import { memberships, users } from "../../db/schema";
import type { Tx } from "../../db/tenant";
import type { Actor } from "../context";

/** The user's membership of the workspace as an Actor, or null when they are not a member. */
export async function resolveMember(
  tx: Tx,
  workspaceId: string,
  userId: string,
  requestId?: string,
): Promise<Actor | null> {
  const [member] = await tx
    .select({ role: memberships.role, displayName: users.displayName })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)));
  return member ? { kind: "user", userId, workspaceId, requestId, ...member } : null;
}
