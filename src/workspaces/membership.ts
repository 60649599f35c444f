import type { Role } from "../../db/schema";
import { rawOf, type Tx } from "../../db/tenant";
import type { AccessCache } from "../auth/access-cache";
import type { SessionClaims } from "../auth/cookie";
import type { Actor } from "../context";

export type SessionMember =
  | { status: "no-session" }
  | { status: "not-member" }
  | { status: "member"; actor: Actor; expiresAt?: Date };

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
    select u.display_name, m.role,
      (extract(epoch from s.expires_at) * 1000)::float8 as expires_ms from sessions s
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
    expiresAt: new Date(row.expires_ms as number),
  };
}

/** The member behind the claims in a workspace as this process last checked it, if it still may. */
export function cachedMember(
  cache: AccessCache,
  claims: SessionClaims,
  workspaceId: string,
  requestId?: string,
): SessionMember | null {
  const hit = cache.member(claims, workspaceId);
  if (!hit) return null;
  const actor: Actor = { kind: "user", userId: claims.userId, workspaceId, requestId, ...hit };
  return { status: "member", actor };
}

/** resolveSessionMember, remembering a member in the cache (unless access changed meanwhile). */
export async function resolveAndRemember(
  cache: AccessCache,
  tx: Tx,
  claims: SessionClaims,
  workspaceId: string,
  requestId?: string,
): Promise<SessionMember> {
  const token = cache.token();
  const found = await resolveSessionMember(tx, claims, workspaceId, requestId);
  if (found.status === "member" && found.expiresAt) {
    const { displayName, role } = found.actor;
    cache.rememberMember(token, claims, workspaceId, { displayName, role }, found.expiresAt);
  }
  return found;
}
