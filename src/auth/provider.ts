import type { SessionClaims } from "./cookie";

/** The signed-in person, as an auth provider establishes them. */
export interface Identity {
  userId: string;
  sessionId: string;
  displayName: string;
  /** When the session ends (a cache must not remember it longer). */
  expiresAt?: Date;
}

/**
 * How a request becomes an identity. "none" (local mode) issues its own signed session cookie
 * after onboarding; an external (OIDC) mode will implement the same interface.
 */
export interface AuthProvider {
  readonly mode: "none" | "external";
  /** Whether people can create their own identity by onboarding (local mode only). */
  readonly selfOnboarding: boolean;
  /** The session a request claims (signature checked, not yet looked up). */
  claims(cookieHeader: string | null): Promise<SessionClaims | null>;
  /** The identity behind live claims, or null when the session is unknown, revoked or expired. */
  resolve(claims: SessionClaims): Promise<Identity | null>;
}
