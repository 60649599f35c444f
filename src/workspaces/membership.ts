import type { Role } from "../../db/schema";
import { rawOf, type Tx } from "../../db/tenant";
import type { Actor } from "../context";

/** The user's membership of the workspace as an Actor, or null when they are not a member. */
export async function resolveMember(
  tx: Tx,
  workspaceId: string,
  userId: string,
  requestId?: string,
): Promise<Actor | null> {
  // On every tenant request: a prepared statement.
  const [member] = await rawOf(tx)`
    select m.role, u.display_name from memberships m join users u on u.id = m.user_id
    where m.workspace_id = ${workspaceId} and m.user_id = ${userId}`;
  return member
    ? {
        kind: "user",
        userId,
        workspaceId,
        requestId,
        role: member.role as Role,
        displayName: member.display_name as string,
      }
    : null;
}
