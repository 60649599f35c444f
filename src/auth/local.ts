import type { Db } from "../../db/tenant";
import { readSessionCookie } from "./cookie";
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

  async resolve(cookieHeader: string | null): Promise<Identity | null> {
    const claims = await readSessionCookie(cookieHeader, this.secret);
    return claims ? findActiveSession(this.db, claims) : null;
  }
}
