import { parse, parseSigned, serializeSigned } from "hono/utils/cookie";

export const SESSION_COOKIE = "second_session";
export const SESSION_TTL_DAYS = 30;

export interface SessionClaims {
  sessionId: string;
  userId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// Verifying the signature costs more than the rest of a small request: remember the cookies
// already verified (per secret). Only the signature check is cached; the session is looked up
// in the database on every request.
const verified = new Map<string, SessionClaims>();
const VERIFIED_MAX = 10_000;

/** Reads the HMAC-signed session cookie; anything malformed or tampered with reads as no session. */
export async function readSessionCookie(
  cookieHeader: string | null,
  secret: string,
): Promise<SessionClaims | null> {
  if (!cookieHeader) return null;
  const raw = parse(cookieHeader, SESSION_COOKIE)[SESSION_COOKIE];
  if (!raw) return null;
  const key = `${secret}\n${raw}`;
  const known = verified.get(key);
  if (known) return known;
  const cookies = await parseSigned(cookieHeader, secret, SESSION_COOKIE).catch(() => null);
  const value = cookies?.[SESSION_COOKIE];
  if (!value) return null;
  const [sessionId, userId] = value.split(":");
  if (!sessionId || !userId || !UUID.test(sessionId) || !UUID.test(userId)) return null;
  if (verified.size >= VERIFIED_MAX) verified.clear();
  const claims = { sessionId, userId };
  verified.set(key, claims);
  return claims;
}

export function sessionCookie(claims: SessionClaims, secret: string, secure: boolean) {
  return serializeSigned(SESSION_COOKIE, `${claims.sessionId}:${claims.userId}`, secret, {
    httpOnly: true,
    sameSite: "Lax",
    secure,
    path: "/",
    maxAge: SESSION_TTL_DAYS * 24 * 3600,
  });
}

export function clearedSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}
