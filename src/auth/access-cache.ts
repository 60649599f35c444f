import type { Role } from "../../db/schema";
import type { SessionClaims } from "./cookie";

/** A session found active, and (per workspace) the member it acts as. */
export interface CachedSession {
  displayName: string;
}
export interface CachedMember {
  displayName: string;
  role: Role;
}

interface Entry<T> {
  value: T;
  until: number;
}

/** Taken before a lookup; a lookup that raced an access change is not remembered. */
export type LookupToken = number;

/**
 * What this process already checked about sessions and memberships, so most requests need no
 * database round trip for them. The bound on serving a revoked session, a removed member or a
 * changed role stays that of open streams (DESIGN.md §6): every access change clears the cache —
 * in the process that made it once its transaction commits, in every other process on the access
 * channel's NOTIFY (src/realtime/access.ts) — and an entry lives at most `ttlMs` in any case, so
 * a lost notification or a change made behind the product's back is bounded too. The cache is
 * used only while this process listens on that channel. Only positive answers are kept.
 */
export class AccessCache {
  private readonly entries = new Map<string, Entry<CachedSession | CachedMember>>();
  private epoch = 0;
  private listening = false;

  constructor(
    readonly ttlMs = 1_000,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether notifications reach this process (set by the access channel's listener). */
  setListening(on: boolean): void {
    this.listening = on;
    this.clear();
  }

  /** Forgets everything, and everything being looked up right now. */
  clear(): void {
    this.epoch++;
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  token(): LookupToken {
    return this.epoch;
  }

  session(claims: SessionClaims): CachedSession | null {
    return this.get(sessionKey(claims)) as CachedSession | null;
  }

  member(claims: SessionClaims, workspaceId: string): CachedMember | null {
    return this.get(memberKey(claims, workspaceId)) as CachedMember | null;
  }

  /** Remembers an active session until `expiresAt` at the latest. */
  rememberSession(
    token: LookupToken,
    claims: SessionClaims,
    value: CachedSession,
    expiresAt: Date,
  ): void {
    this.set(token, sessionKey(claims), value, expiresAt);
  }

  rememberMember(
    token: LookupToken,
    claims: SessionClaims,
    workspaceId: string,
    value: CachedMember,
    expiresAt: Date,
  ): void {
    this.set(token, memberKey(claims, workspaceId), value, expiresAt);
  }

  private get(key: string) {
    if (!this.listening) return null;
    const e = this.entries.get(key);
    if (!e) return null;
    if (e.until <= this.now()) {
      this.entries.delete(key);
      return null;
    }
    return e.value;
  }

  private set(token: LookupToken, key: string, value: CachedSession | CachedMember, exp: Date) {
    if (!this.listening || token !== this.epoch) return;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, { value, until: Math.min(this.now() + this.ttlMs, exp.getTime()) });
  }
}

// Keyed by the whole claim (session and user) and the workspace: an entry answers only the exact
// question it was looked up for.
const sessionKey = (c: SessionClaims) => `s ${c.sessionId} ${c.userId}`;
const memberKey = (c: SessionClaims, workspaceId: string) =>
  `m ${c.sessionId} ${c.userId} ${workspaceId}`;
