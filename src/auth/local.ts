import type { Db } from "../../db/tenant";
import { readSessionCookie, type SessionClaims } from "./cookie";
import type { AuthProvider, Identity } from "./provider";
import { findActiveSession } from "./service";

/** Local mode: anyone who reaches the server may create an identity. For trusted networks. */
export class LocalAuthProvider implements AuthProvider {
  readonly mode = "none" as const;
  readonly selfOnboarding = true;

  constructor(
    private readonly db: Db,
    private readonly secret: string,
  ) {}

  claims(cookieHeader: string | null): Promise<SessionClaims | null> {
    return readSessionCookie(cookieHeader, this.secret);
  }

  resolve(claims: SessionClaims): Promise<Identity | null> {
    return findActiveSession(this.db, claims);
  }
}
