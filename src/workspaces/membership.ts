import type { Role } from "../../db/schema";
import { rawOf, type Tx } from "../../db/tenant";
import type { SessionClaims } from "../auth/cookie";
import type { Actor } from "../context";

export type SessionMember =
  | { status: "no-session" }
  | { status: "not-member" }
  | { status: "member"; actor: Actor };

/**
 * Checks the claimed session and the membership in one prepared statement, inside the request's
 * tenant transaction (app.user_id and app.workspace_id both set).
 */
export async function resolveSessionMember(
  tx: Tx,
  claims: SessionClaims,
  workspaceId: string,
  requestId?: string,
): Promise<SessionMember> {
  const [row] = await rawOf(tx)`
    select u.display_name, m.role from sessions s
    join users u on u.id = s.user_id
    left join memberships m on m.workspace_id = ${workspaceId} and m.user_id = s.user_id
    where s.id = ${claims.sessionId} and s.user_id = ${claims.userId}
      and s.revoked_at is null and s.expires_at > now()`;
  if (!row) return { status: "no-session" };
  if (!row.role) return { status: "not-member" };
  return {
    status: "member",
    actor: {
      kind: "user",
      userId: claims.userId,
      workspaceId,
      requestId,
      role: row.role as Role,
      displayName: row.display_name as string,
    },
  };
}
