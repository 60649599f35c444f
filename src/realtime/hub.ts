import type postgres from "postgres";
import type { Database } from "../../db/client";
import type { Logger } from "../log";
import { type ChangeBatch, readNewChanges } from "./changes";

export const LIVE_CHANNEL = "second_live";
const MAX_PAYLOAD = 7900;
// A slow read is cancelled by PostgreSQL (statement timeout) and read again from the same cursor
// on the next poke or tick. The JS timeout, a little longer, only covers a dying connection.
const READ_TIMEOUT_MS = 10_000;
const DEAD_CONNECTION_GRACE_MS = 2_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`live read took over ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export interface LiveSubscriber {
  push(batch: ChangeBatch): void;
  /** Workspace news that is not in the change log (ids only): the review inbox changed. */
  signal?(what: "reviews"): void;
  /** The hub dropped it after its push threw: end whatever it serves. */
  fail?(): void;
}

/** A NOTIFY entry saying a workspace's review inbox changed (src/publishing/reviews.ts). */
export const REVIEWS_PREFIX = "r:";

interface Space {
  horizon: string | null;
  subs: Set<LiveSubscriber>;
  reading: Promise<void> | null;
  again: boolean;
}

/**
 * One per server process. Holds one LISTEN connection; on a hint that a workspace changed, reads
 * that workspace's finished changes once and pushes them to every local subscriber of it. A
 * periodic tick and every (re)connect of the listener resync, so a lost notification only delays.
 */
export class LiveHub {
  /**
   * Ends this process's notifications (`ws,ws,@id`): the hub skips them when they come back, as
   * its own writes poked it at commit. Other processes take the ids and ignore the entry.
   */
  readonly sender = `@${crypto.randomUUID()}`;
  /** What it has done (tests and benches read it): notifications (its own), reads, batches. */
  readonly stats = { notified: 0, own: 0, reads: 0, changes: 0, runEvents: 0, batches: 0 };
  private readonly spaces = new Map<string, Space>();
  private listener: { unlisten(): Promise<void> } | null = null;
  private started: Promise<void> | null = null;
  private tick: ReturnType<typeof setInterval> | null = null;
  private closed = false;

  constructor(
    private readonly database: Database,
    private readonly log: Logger,
    private readonly tickMs = 1000,
    private readonly readTimeoutMs = READ_TIMEOUT_MS,
  ) {}

  start(): Promise<void> {
    this.started ??= (async () => {
      this.listener = await this.database.sql.listen(
        LIVE_CHANNEL,
        (payload) => this.onNotify(payload),
        () => this.resyncAll(),
      );
      this.tick = setInterval(() => this.resyncAll(), this.tickMs);
    })();
    return this.started;
  }

  /** Whether a read of the workspace is under way (tests wait for it to finish). */
  reading(workspaceId: string): boolean {
    return !!this.spaces.get(workspaceId)?.reading;
  }

  get subscriberCount(): number {
    let n = 0;
    for (const s of this.spaces.values()) n += s.subs.size;
    return n;
  }

  private onNotify(payload: string) {
    if (payload === "*") return this.resyncAll();
    const entries = payload.split(",");
    // This process's own notification: its hub was poked when the writes committed.
    const own = entries.at(-1) === this.sender;
    this.stats.notified++;
    if (own) this.stats.own++;
    for (const ws of entries) {
      if (ws.startsWith(REVIEWS_PREFIX)) {
        const space = this.spaces.get(ws.slice(REVIEWS_PREFIX.length));
        for (const sub of space?.subs ?? []) sub.signal?.("reviews");
      } else if (!own && this.spaces.has(ws)) this.poke(ws);
    }
  }

  private resyncAll() {
    for (const ws of this.spaces.keys()) this.poke(ws);
  }

  /** Reads the workspace's new changes soon; concurrent pokes coalesce into one more read. */
  poke(workspaceId: string): Promise<void> {
    const space = this.spaces.get(workspaceId);
    if (!space || this.closed) return Promise.resolve();
    if (space.reading) {
      space.again = true;
      return space.reading;
    }
    space.reading = this.read(workspaceId, space).finally(() => {
      space.reading = null;
    });
    return space.reading;
  }

  private async read(workspaceId: string, space: Space) {
    do {
      space.again = false;
      try {
        const batch = await withTimeout(
          readNewChanges(this.database.db, workspaceId, space.horizon, this.readTimeoutMs),
          this.readTimeoutMs + DEAD_CONNECTION_GRACE_MS,
        );
        space.horizon = batch.to;
        this.stats.reads++;
        this.stats.changes += batch.changes.length;
        this.stats.runEvents += batch.runEvents.length;
        if (batch.changes.length > 0 || batch.runEvents.length > 0) {
          this.stats.batches++;
          for (const sub of space.subs) this.pushTo(workspaceId, space, sub, batch);
        }
      } catch (err) {
        if (!this.closed)
          this.log.warn("live read failed; the next tick retries", {
            workspaceId,
            err,
          });
        return;
      }
    } while (space.again && !this.closed);
  }

  /**
   * One subscriber's failure is its own: it is dropped (its stream ends and the client resumes
   * from its last event) and the batch still reaches every other subscriber.
   */
  private pushTo(workspaceId: string, space: Space, sub: LiveSubscriber, batch: ChangeBatch) {
    try {
      sub.push(batch);
    } catch (err) {
      space.subs.delete(sub);
      sub.fail?.();
      this.log.warn("live subscriber failed; dropped", { workspaceId, err });
    }
  }

  /**
   * Adds a subscriber and returns the horizon from which the hub will push to it: the subscriber
   * replays anything older itself, so nothing falls between.
   */
  async subscribe(
    workspaceId: string,
    sub: LiveSubscriber,
  ): Promise<{ horizon: string; close(): void }> {
    await this.start();
    let space = this.spaces.get(workspaceId);
    if (!space) {
      space = { horizon: null, subs: new Set(), reading: null, again: false };
      this.spaces.set(workspaceId, space);
    }
    space.subs.add(sub);
    if (space.horizon === null) await this.poke(workspaceId);
    const s = space;
    if (s.horizon === null) {
      s.subs.delete(sub);
      throw new Error("Live updates are unavailable right now; try again in a moment.");
    }
    return { horizon: s.horizon!, close: () => this.unsubscribe(workspaceId, sub) };
  }

  /** Stops pushing to a subscriber; the workspace is forgotten with its last one. */
  unsubscribe(workspaceId: string, sub: LiveSubscriber): void {
    const space = this.spaces.get(workspaceId);
    if (!space) return;
    space.subs.delete(sub);
    if (space.subs.size === 0) this.spaces.delete(workspaceId);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.tick) clearInterval(this.tick);
    await this.listener?.unlisten().catch(() => {});
    await Promise.all([...this.spaces.values()].map((s) => s.reading));
    this.spaces.clear();
  }
}

/**
 * Tells every server process which workspaces changed: at most one small NOTIFY per window per
 * process, carrying only workspace ids (never a document). The local hub is poked at once.
 */
export class LiveNotifier {
  private readonly pending = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastSent = 0;

  constructor(
    private readonly sql: postgres.Sql,
    private readonly hub: LiveHub | null,
    private readonly log: Logger,
    private readonly windowMs = 3,
  ) {}

  changed(workspaceId: string): void {
    void this.hub?.poke(workspaceId);
    this.pending.add(workspaceId);
    if (this.timer) return;
    const wait = Math.max(0, this.lastSent + this.windowMs - performance.now());
    this.timer = setTimeout(() => this.flush(), wait);
  }

  private flush() {
    this.timer = null;
    this.lastSent = performance.now();
    let payload = [...this.pending].join(",");
    this.pending.clear();
    if (payload.length > MAX_PAYLOAD) payload = "*";
    else if (this.hub) payload += `,${this.hub.sender}`;
    this.sql.notify(LIVE_CHANNEL, payload).catch((err: unknown) => {
      this.log.warn("live notify failed; subscribers resync on the next tick", {
        err,
      });
    });
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
