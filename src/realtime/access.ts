import type postgres from "postgres";
import { afterCommit, rawOf, type Tx } from "../../db/tenant";
import type { AccessCache } from "../auth/access-cache";
import type { Logger } from "../log";

export const ACCESS_CHANNEL = "second_access";

/**
 * Whose access changed: one member of one workspace (removed, role changed), or one session
 * (signed out, revoked). Ids only.
 */
export type AccessChange = { workspaceId: string; userId: string } | { sessionId: string };

/** An open stream that ends when its holder's access changes. */
export interface GuardedStream {
  workspaceId: string;
  userId: string;
  sessionId: string;
  end(): void;
}

/**
 * Tells every server process, when the transaction commits (a transactional NOTIFY), that some
 * access changed; each process ends the open streams it affects. Rare admin actions only: the
 * commit-time NOTIFY lock is no concern here, unlike on the data write path.
 */
export async function announceAccessChange(tx: Tx, change: AccessChange): Promise<void> {
  await rawOf(tx)`select pg_notify(${ACCESS_CHANNEL}, ${JSON.stringify(change)})`;
  // This process's own caches forget at once (no lookup racing the change is remembered) and
  // again at commit, before the mutation answers: nothing here serves the old access after it.
  changedHere();
  afterCommit(tx, changedHere);
}

const localCaches = new Set<AccessCache>();
const changedHere = () => {
  for (const c of localCaches) c.clear();
};

function matches(change: AccessChange, s: GuardedStream): boolean {
  if ("sessionId" in change) return change.sessionId === s.sessionId;
  return change.workspaceId === s.workspaceId && change.userId === s.userId;
}

function parse(payload: string): AccessChange | null {
  try {
    const v = JSON.parse(payload) as Record<string, unknown>;
    if (typeof v.sessionId === "string") return { sessionId: v.sessionId };
    if (typeof v.workspaceId === "string" && typeof v.userId === "string")
      return { workspaceId: v.workspaceId, userId: v.userId };
  } catch {}
  return null;
}

/**
 * One per server process: listens for access changes and ends the matching open streams. The
 * streams also re-check access while delivering (a lost notification only delays the end).
 */
export class AccessGuard {
  private readonly streams = new Set<GuardedStream>();
  private listener: { unlisten(): Promise<void> } | null = null;
  private started: Promise<void> | null = null;

  constructor(
    private readonly sql: postgres.Sql,
    private readonly log: Logger,
    /** Cleared on every access change, and usable only while this guard listens. */
    private readonly cache?: AccessCache,
  ) {
    if (cache) localCaches.add(cache);
  }

  start(): Promise<void> {
    this.started ??= this.sql
      .listen(
        ACCESS_CHANNEL,
        (payload) => this.onNotify(payload),
        // On every (re)listen: what was missed while disconnected is unknown, so start afresh.
        () => this.cache?.setListening(true),
      )
      .then(
        (l) => {
          this.listener = l;
        },
        (err: unknown) => {
          this.started = null;
          throw err;
        },
      );
    return this.started;
  }

  get openStreams(): number {
    return this.streams.size;
  }

  /** Guards a stream until the returned release is called. */
  async register(stream: GuardedStream): Promise<() => void> {
    await this.start();
    this.streams.add(stream);
    return () => this.unregister(stream);
  }

  unregister(stream: GuardedStream): void {
    this.streams.delete(stream);
  }

  private onNotify(payload: string) {
    this.cache?.clear();
    const change = parse(payload);
    if (!change) return;
    let ended = 0;
    for (const s of this.streams) {
      if (!matches(change, s)) continue;
      this.streams.delete(s);
      s.end();
      ended++;
    }
    if (ended > 0) this.log.info("streams ended after an access change", { ended });
  }

  async close(): Promise<void> {
    if (this.cache) {
      localCaches.delete(this.cache);
      this.cache.setListening(false);
    }
    await this.listener?.unlisten().catch(() => {});
    this.streams.clear();
  }
}
