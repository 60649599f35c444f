/** The signed-in person, as an auth provider establishes them. */
export interface Identity {
  userId: string;
  sessionId: string;
  displayName: string;
}

/**
 * How a request becomes an identity. "none" (local mode) issues its own signed session cookie
 * after onboarding; an external (OIDC) mode will implement the same interface.
 */
export interface AuthProvider {
  readonly mode: "none" | "external";
  /** Whether people can create their own identity by onboarding (local mode only). */
  readonly selfOnboarding: boolean;
  resolve(cookieHeader: string | null): Promise<Identity | null>;
}
