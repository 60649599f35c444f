import { and, eq } from "drizzle-orm";
import { sessions, users } from "../../db/schema";
import { type Db, rawOf, withTenant } from "../../db/tenant";
import { notFound } from "../errors";
import { announceAccessChange } from "../realtime/access";
import { SESSION_TTL_DAYS, type SessionClaims } from "./cookie";
import type { Identity } from "./provider";

/** Creates a local identity and its first session (local "none" auth mode). */
export async function createLocalIdentity(db: Db, displayName: string): Promise<SessionClaims> {
  const userId = crypto.randomUUID();
  const sessionId = crypto.randomUUID();
  await withTenant(db, { userId }, async (tx) => {
    await tx.insert(users).values({ id: userId, displayName });
    await tx.insert(sessions).values({
      id: sessionId,
      userId,
      expiresAt: new Date(Date.now() + SESSION_TTL_DAYS * 86_400_000),
    });
  });
  return { userId, sessionId };
}

export async function findActiveSession(db: Db, claims: SessionClaims): Promise<Identity | null> {
  return withTenant(db, { userId: claims.userId }, async (tx) => {
    // On every request: a prepared statement.
    const [row] = await rawOf(tx)`
      select u.display_name,
      (extract(epoch from s.expires_at) * 1000)::float8 as expires_ms from sessions s join users u on u.id = s.user_id
      where s.id = ${claims.sessionId} and s.user_id = ${claims.userId}
        and s.revoked_at is null and s.expires_at > now()`;
    if (!row) return null;
    return {
      ...claims,
      displayName: row.display_name as string,
      expiresAt: new Date(row.expires_ms as number),
    };
  });
}

export async function revokeSession(db: Db, claims: SessionClaims): Promise<void> {
  await withTenant(db, { userId: claims.userId }, async (tx) => {
    await tx
      .update(sessions)
      .set({ revokedAt: new Date() })
      .where(and(eq(sessions.id, claims.sessionId), eq(sessions.userId, claims.userId)));
    await announceAccessChange(tx, { sessionId: claims.sessionId });
  });
}

export async function updateDisplayName(db: Db, userId: string, displayName: string) {
  return withTenant(db, { userId }, async (tx) => {
    const [row] = await tx
      .update(users)
      .set({ displayName, updatedAt: new Date() })
      .where(eq(users.id, userId))
      .returning({ id: users.id, displayName: users.displayName });
    if (!row) throw notFound("User");
    return row;
  });
}
