import type { Database } from "../../db/client";
import type { AuditSealer } from "../audit/sealer";
import type { AccessCache } from "../auth/access-cache";
import type { SessionClaims } from "../auth/cookie";
import type { AuthProvider, Identity } from "../auth/provider";
import type { Config } from "../config";
import type { Logger } from "../log";
import type { QueueClient } from "../queue";
import type { AccessGuard } from "../realtime/access";
import type { LiveHub, LiveNotifier } from "../realtime/hub";

/** Long-lived services shared by every request of one server process. */
export interface Deps {
  config: Config;
  db: Database;
  auth: AuthProvider;
  /** Sessions and memberships this process checked recently (src/auth/access-cache.ts). */
  access: AccessCache;
  sealer: AuditSealer;
  queue: QueueClient;
  live: { hub: LiveHub; notifier: LiveNotifier; guard: AccessGuard };
  log: Logger;
}

export interface TrpcContext {
  deps: Deps;
  /** The session the cookie claims (signature verified); looked up by the procedure builders. */
  claims: SessionClaims | null;
  /** Looks the claimed session up (once per request). */
  identity(): Promise<Identity | null>;
  requestId: string;
  /** Whether cookies should carry the Secure flag (the request came over https). */
  secure: boolean;
  resHeaders: Headers;
}
