import { z } from "zod";
import { type Db, type Tx, withTenant } from "../../db/tenant";
import { viewerRunIds } from "../agents/runs";
import { requireScope } from "../apps/access";
import type { Actor } from "../context";
import { visibleCollections } from "../data/rules";
import { ServiceError } from "../errors";
import { readRunEvents } from "../runs/events";
import { requireRun } from "../runs/runs";
import { resolveSessionMember } from "../workspaces/membership";
import type { AccessGuard } from "./access";
import {
  type ChangeBatch,
  cursorOf,
  type LiveChange,
  readChangesTx,
  readRunEventsTx,
} from "./changes";
import type { LiveHub } from "./hub";
import { cursor as cursorSchema, type LiveStreamInput, type LiveTopic } from "./schemas";
import { covers, formatSnapshot, union, visibleIn } from "./snapshot";

export interface RunEventOut {
  runId: string;
  seq: number;
  type: string;
  data: Record<string, unknown>;
  at: string;
}

/** A run's event as the app topic reports it: enough to know what to refetch, no content. */
export interface AppRunEvent {
  runId: string;
  seq: number;
  type: string;
}

export type TopicEvent =
  | { key: string; kind: "data"; changes: LiveChange[] }
  | { key: string; kind: "workspace"; reviews: true }
  | { key: string; kind: "run"; events: RunEventOut[] }
  | { key: string; kind: "app"; runs: AppRunEvent[] };

/** One delivery: every topic's news since the last one, and the cursor data/app topics are at. */
export interface LiveMessage {
  id: string;
  cursor: string;
  events: TopicEvent[];
}

export interface StreamDeps {
  db: Db;
  hub: LiveHub;
  guard: AccessGuard;
}

export const MAX_QUEUED_BATCHES = 1000;
/** The backstop: access is read again before a delivery when the last check is older than this. */
export const RECHECK_MS = 2000;
/**
 * A stream that delivers with a check older than this starts the next one in the background, so
 * a stream that keeps delivering has a fresh check before it needs one and never waits for it.
 */
export const REFRESH_MS = (RECHECK_MS * 3) / 4;

const ResumeId = z.object({
  c: cursorSchema,
  r: z.record(z.string(), z.number().int().min(0)),
});
type Resume = z.infer<typeof ResumeId>;

function parseResume(lastEventId: string | null | undefined): Resume | null {
  if (!lastEventId) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(lastEventId);
  } catch {}
  const resume = ResumeId.safeParse(parsed);
  if (!resume.success) throw new ServiceError("VALIDATION", "That is not a valid live event id.");
  return resume.data;
}

/**
 * Opens a tab's one live stream: checks every app and run it names (404 otherwise) in a short
 * transaction, then streams. The caller's membership was checked by the procedure builder.
 */
export async function openLiveStream(
  deps: StreamDeps,
  actor: Actor,
  sessionId: string,
  input: LiveStreamInput,
): Promise<LiveConnection> {
  const resume = parseResume(input.lastEventId);
  const { viewing, seen } = await withTenant(
    deps.db,
    { workspaceId: actor.workspaceId, userId: actor.userId },
    async (tx) => ({
      viewing: await checkTopics(tx, actor, input.topics),
      seen: await visibleCollectionsOf(tx, actor, input.topics),
    }),
  );
  return new LiveConnection(deps, actor, sessionId, input.topics, resume, seen, viewing);
}

/**
 * Checks every topic (NOT_FOUND otherwise): a run and draft data belong to the app's makers;
 * published data and the app's run activity are open to viewers too. Returns the apps the actor
 * only views, whose run activity is narrowed to the runs they may follow.
 */
async function checkTopics(tx: Tx, actor: Actor, topics: LiveTopic[]): Promise<Set<string>> {
  const scopes = new Map<string, "draft" | "published">();
  const runs = new Set<string>();
  for (const t of topics) {
    if (t.kind === "run") runs.add(t.runId);
    else if (t.kind === "workspace") continue;
    else if (t.kind === "data" && t.scope === "draft") scopes.set(t.appId, "draft");
    else if (!scopes.has(t.appId)) scopes.set(t.appId, "published");
  }
  const viewing = new Set<string>();
  for (const [appId, scope] of scopes)
    if ((await requireScope(tx, actor, appId, scope)).access === "viewer") viewing.add(appId);
  for (const runId of runs) await requireRun(tx, actor, runId);
  return viewing;
}

/** A data topic's scope, as the collection filter keys it. */
const scopeKey = (t: { appId: string; scope: string }) => `${t.appId}:${t.scope}`;

/**
 * Per app and scope of the data topics, the collections the person may see there (null: all):
 * people an app is published to see only what its published rules show them (src/data/rules.ts).
 */
async function visibleCollectionsOf(
  tx: Tx,
  actor: Actor,
  topics: readonly LiveTopic[],
  lenient = false,
): Promise<Seen> {
  const seen: Seen = new Map();
  for (const t of topics) {
    if (t.kind !== "data" || seen.has(scopeKey(t))) continue;
    try {
      seen.set(scopeKey(t), await visibleCollections(tx, actor, t.appId, t.scope));
    } catch (err) {
      // On a re-check, access that went away shows nothing; the access guard ends the stream.
      if (!lenient || !(err instanceof ServiceError)) throw err;
      seen.set(scopeKey(t), new Set());
    }
  }
  return seen;
}

type Seen = Map<string, ReadonlySet<string> | null>;

/** Only the changes of collections the person may see. */
function onlyVisible(events: TopicEvent[], seen: Seen): TopicEvent[] {
  return events.flatMap((e): TopicEvent[] => {
    if (e.kind !== "data") return [e];
    const topic = e.changes[0];
    const allowed = topic ? seen.get(scopeKey(topic)) : null;
    if (!allowed) return [e];
    const changes = e.changes.filter((c) => allowed.has(c.collection));
    return changes.length > 0 ? [{ ...e, changes }] : [];
  });
}

type State =
  | { topic: Extract<LiveTopic, { kind: "data" | "app" | "workspace" }>; cursor: string }
  | { topic: Extract<LiveTopic, { kind: "run" }>; seq: number };

/** Both cursors' transactions: what a topic holds after reading `b` on top of `a`. */
const advance = (a: string, b: string) => formatSnapshot(union(cursorOf(a), cursorOf(b)));

/** A run topic's seq from a resume id; own keys only (a key may be named like `constructor`). */
function resumedSeq(resume: Resume | null, key: string): number | undefined {
  return resume && Object.hasOwn(resume.r, key) ? resume.r[key] : undefined;
}

function resumeId(states: State[], cursor: string): string {
  const r = Object.fromEntries(states.flatMap((s) => ("seq" in s ? [[s.topic.key, s.seq]] : [])));
  return JSON.stringify({ c: cursor, r });
}

/**
 * What this process's streams have done: frames serialised (tests check one per change, not per
 * subscriber), access re-checks read, and deliveries that had to wait for one.
 */
export const liveStats = { framesEncoded: 0, accessChecks: 0, waitedForCheck: 0 };

/** What a connection sends: a message and its SSE frame, encoded once however many receive it. */
export class LiveFrame {
  private bytes: Uint8Array | null = null;

  constructor(
    readonly id: string,
    readonly message: Omit<LiveMessage, "id">,
  ) {}

  /** The frame as tRPC's SSE protocol spells a tracked message (`data:` then `id:`). */
  encoded(): Uint8Array {
    if (!this.bytes) {
      liveStats.framesEncoded++;
      this.bytes = encoder.encode(`data: ${JSON.stringify(this.message)}\nid: ${this.id}\n\n`);
    }
    return this.bytes;
  }
}

const encoder = new TextEncoder();

/** Where a connection's frames go: an SSE response, or tRPC's iterator. */
export interface LiveSink {
  send(frame: LiveFrame): void;
  /** The stream is over: access ended, the consumer fell too far behind, or `err`. */
  end(err?: unknown): void;
}

/** One hub batch as every connection with the same topics and cursors takes it: computed once. */
interface Share {
  events: TopicEvent[];
  after: (string | number)[];
  cursor: string;
  frame: LiveFrame | null;
}
const shares = new WeakMap<ChangeBatch, Map<string, Share>>();

/** An access re-check: when it began reading (what it says holds from then) and its answer. */
interface Check {
  at: number;
  allowed: Promise<boolean>;
}

/**
 * Access re-checks shared by the streams of one session with the same topics (a tab's reconnects,
 * several tabs): a check begun less than REFRESH_MS ago is taken as it is, so one read serves every
 * stream that delivers meanwhile.
 */
const rechecks = new Map<string, Check>();

type Pending = ChangeBatch | "reviews";

/**
 * One open stream. The hub pushes batches synchronously; a batch that needs no database work
 * (the usual case) is turned into a frame at once, and connections that follow the same topics
 * from the same cursors share that frame. Anything needing a read (an access re-check, a
 * viewer's narrowing) is handled in order, one batch at a time.
 */
export class LiveConnection {
  private states: State[] = [];
  private cursor = "";
  private checkedAt = 0;
  private refreshing = false;
  private pending: Pending[] = [];
  private busy = false;
  private closed = false;
  private sink: LiveSink | null = null;
  private readonly narrow: ReturnType<typeof viewerNarrowing>;
  private readonly filtered: boolean;
  private readonly shareKey: string;

  readonly workspaceId: string;
  readonly userId: string;

  constructor(
    private readonly deps: StreamDeps,
    private readonly actor: Actor,
    readonly sessionId: string,
    private readonly topics: LiveTopic[],
    private readonly resume: Resume | null,
    private seen: Seen,
    private readonly viewing: Set<string>,
  ) {
    this.workspaceId = actor.workspaceId;
    this.userId = actor.userId;
    this.narrow = viewerNarrowing(deps.db, actor, topics, viewing);
    this.filtered = [...seen.values()].some((v) => v !== null);
    this.shareKey = JSON.stringify(topics);
  }

  /** Guards and subscribes the stream, replays each topic up to the hub and sends the first frame. */
  async start(sink: LiveSink): Promise<void> {
    const { deps, actor } = this;
    const { workspaceId } = actor;
    this.sink = sink;
    // The connection is itself the guarded stream and the hub's subscriber: no closures each.
    await deps.guard.register(this);
    // Batches the hub pushes from the moment it holds this subscriber (subscribing may read, and
    // deliver, before it returns) wait until the first frame is out: there is no cursor before it.
    this.busy = true;
    try {
      const { horizon } = await deps.hub.subscribe(workspaceId, this);
      // The client may have left while this waited: registering again must not outlive it.
      if (this.closed) return this.letGo();
      this.states = this.topics.map((topic) =>
        topic.kind === "run"
          ? { topic, seq: resumedSeq(this.resume, topic.key) ?? topic.afterSeq }
          : { topic, cursor: this.resume?.c ?? topic.cursor ?? horizon },
      );
      const first = await replay(deps.db, workspaceId, this.states, horizon);
      this.cursor = horizon;
      this.checkedAt = performance.now();
      const events = onlyVisible(await this.narrow(first), this.seen);
      if (this.closed) return;
      sink.send(new LiveFrame(resumeId(this.states, horizon), { cursor: horizon, events }));
    } catch (err) {
      this.close();
      throw err;
    }
    this.busy = false;
    this.drain();
  }

  /** From the hub: a batch of the workspace's changes. */
  push(batch: ChangeBatch): void {
    this.take(batch);
  }

  /** From the hub: workspace news outside the change log. */
  signal(what: "reviews"): void {
    this.take(what);
  }

  private take(item: Pending) {
    if (this.closed) return;
    if (this.busy) {
      if (this.pending.length >= MAX_QUEUED_BATCHES) return this.end();
      this.pending.push(item);
      return;
    }
    const step = this.handle(item);
    if (step) this.await(step);
  }

  private await(step: Promise<void>) {
    this.busy = true;
    step.then(
      () => {
        this.busy = false;
        this.drain();
      },
      (err: unknown) => this.end(err),
    );
  }

  private drain() {
    while (!this.busy && !this.closed && this.pending.length > 0) {
      const step = this.handle(this.pending.shift()!);
      if (step) this.await(step);
    }
  }

  /** Handles one batch; returns a promise only when it needs the database first. */
  private handle(item: Pending): Promise<void> | undefined {
    let events: TopicEvent[];
    let shared: Share | null = null;
    if (item === "reviews") {
      events = this.states.flatMap((s): TopicEvent[] =>
        s.topic.kind === "workspace"
          ? [{ key: s.topic.key, kind: "workspace", reviews: true }]
          : [],
      );
    } else {
      shared = this.share(item);
      events = shared.events;
    }
    if (events.length === 0) return;
    const age = performance.now() - this.checkedAt;
    const recheck = age > RECHECK_MS;
    if (!recheck && age > REFRESH_MS) this.refresh();
    if (!recheck && shared && this.narrow.none && !this.filtered) {
      this.sink?.send(this.sharedFrame(shared));
      return;
    }
    return this.deliverChecked(events, recheck, shared);
  }

  private async deliverChecked(events: TopicEvent[], recheck: boolean, shared: Share | null) {
    if (recheck) {
      liveStats.waitedForCheck++;
      if (!(await this.check())) return;
    }
    if (this.closed) return;
    if (shared && this.narrow.none && !this.filtered) {
      this.sink?.send(this.sharedFrame(shared));
      return;
    }
    const shown = onlyVisible(await this.narrow(events), this.seen);
    if (shown.length > 0 && !this.closed) this.sink?.send(this.frame(shown));
  }

  /** A shared batch's frame: the same for every connection in the same position. */
  private sharedFrame(shared: Share) {
    shared.frame ??= this.frame(shared.events);
    return shared.frame;
  }

  private frame(events: TopicEvent[]) {
    return new LiveFrame(resumeId(this.states, this.cursor), { cursor: this.cursor, events });
  }

  /** This connection's share of a batch, computed by the first connection in the same position. */
  private share(batch: ChangeBatch): Share {
    let byKey = shares.get(batch);
    if (!byKey) {
      byKey = new Map();
      shares.set(batch, byKey);
    }
    const position = this.states.map((s) => ("seq" in s ? s.seq : s.cursor));
    const key = `${this.shareKey}\n${position.join("\n")}\n${this.cursor}`;
    let share = byKey.get(key);
    if (!share) {
      const events = deliver(this.states, batch);
      share = {
        events,
        after: this.states.map((s) => ("seq" in s ? s.seq : s.cursor)),
        cursor: advance(this.cursor, batch.to),
        frame: null,
      };
      byKey.set(key, share);
    } else {
      share.after.forEach((v, i) => {
        const s = this.states[i]!;
        if ("seq" in s) s.seq = v as number;
        else s.cursor = v as string;
      });
    }
    this.cursor = share.cursor;
    return share;
  }

  /**
   * Reads access again (shared, see `rechecks`); ends the stream if it is gone. `checkedAt`
   * becomes the time the read began, never later: what it found holds from then.
   */
  private async check(): Promise<boolean> {
    const { at, allowed } = this.sharedCheck();
    if (!(await allowed)) {
      this.end();
      return false;
    }
    // A publish may have changed what the published rules show a viewer.
    if (this.filtered)
      this.seen = await withTenant(
        this.deps.db,
        { workspaceId: this.actor.workspaceId, userId: this.actor.userId },
        (tx) => visibleCollectionsOf(tx, this.actor, this.topics, true),
      );
    this.checkedAt = Math.max(this.checkedAt, at);
    return true;
  }

  /** The next check, begun before this stream needs it: deliveries meanwhile do not wait. */
  private refresh(): void {
    if (this.refreshing) return;
    this.refreshing = true;
    this.check().then(
      () => {
        this.refreshing = false;
      },
      (err: unknown) => this.end(err),
    );
  }

  private sharedCheck(): Check {
    const { actor, sessionId, topics, viewing } = this;
    const key = [sessionId, actor.userId, actor.role, this.shareKey, [...viewing].join()].join("|");
    const now = performance.now();
    let check = rechecks.get(key);
    if (!check || now - check.at > REFRESH_MS) {
      liveStats.accessChecks++;
      const allowed = stillAllowed(this.deps.db, actor, sessionId, topics, viewing);
      const made: Check = { at: now, allowed };
      check = made;
      rechecks.set(key, made);
      // Forgotten once too old to be taken, unless a newer one has replaced it.
      const forget = () => {
        if (rechecks.get(key) === made) rechecks.delete(key);
      };
      allowed.then(() => setTimeout(forget, REFRESH_MS).unref(), forget);
    }
    return check;
  }

  /** From the hub, after a push threw: the client resumes from its last event on a new stream. */
  fail(): void {
    this.end();
  }

  /** Ends the stream (the sink says so to the client) and lets go of the hub and the guard. */
  end(err?: unknown): void {
    if (this.closed) return;
    const sink = this.sink;
    this.close();
    sink?.end(err);
  }

  /** Lets go of the hub and the guard without telling the sink (the client left). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.pending = [];
    this.sink = null;
    this.letGo();
  }

  private letGo() {
    this.deps.hub.unsubscribe(this.workspaceId, this);
    this.deps.guard.unregister(this);
  }
}

/** Each topic's news between its own cursor and the hub's, read in one short transaction. */
async function replay(
  db: Db,
  workspaceId: string,
  states: State[],
  horizon: string,
): Promise<TopicEvent[]> {
  const starts = new Map<State, string>();
  for (const s of states) {
    if ("seq" in s) continue;
    starts.set(s, s.cursor);
    s.cursor = advance(s.cursor, horizon);
  }
  const behind = states.filter(
    (s) =>
      "seq" in s ||
      (s.topic.kind !== "workspace" && !covers(cursorOf(starts.get(s)!), cursorOf(horizon))),
  );
  if (behind.length === 0) return [];
  // Topics that start from the same cursor share one read (a preview may watch many collections).
  const reads = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, read: () => Promise<T>) => {
    if (!reads.has(key)) reads.set(key, read());
    return reads.get(key) as Promise<T>;
  };
  const first = await withTenant(db, { workspaceId }, (tx) =>
    Promise.all(
      behind.map(async (s): Promise<TopicEvent | null> => {
        if ("seq" in s) {
          const events = await readRunEvents(tx, workspaceId, s.topic.runId, s.seq);
          if (events.length > 0) s.seq = events[events.length - 1]!.seq;
          return events.length > 0 ? { key: s.topic.key, kind: "run", events } : null;
        }
        const from = starts.get(s)!;
        if (s.topic.kind === "workspace") return null;
        if (s.topic.kind === "app") {
          const appId = s.topic.appId;
          const all = await once(`runs:${from}`, () =>
            readRunEventsTx(tx, workspaceId, from, horizon),
          );
          return appEvent(
            s.topic.key,
            all.filter((e) => e.appId === appId),
          );
        }
        const t = s.topic;
        const { appId, scope } = t;
        const read = () => readChangesTx(tx, workspaceId, from, horizon, { appId, scope });
        const changes = (await once(`data:${from}:${appId}:${scope}`, read)).filter(
          (c) => !t.collection || c.collection === t.collection,
        );
        return changes.length > 0 ? { key: t.key, kind: "data", changes } : null;
      }),
    ),
  );
  return first.filter((e) => e !== null);
}

/** What other views of an app act on: runs, builds, answered cards and decided reviews. */
const APP_EVENT_TYPES = new Set([
  "user-message",
  "status",
  "build-finish",
  "approval-answer",
  "review-notice",
]);

function appEvent(key: string, events: { runId: string; seq: number; type: string }[]) {
  const runs = events
    .filter((e) => APP_EVENT_TYPES.has(e.type))
    .map((e) => ({ runId: e.runId, seq: e.seq, type: e.type }));
  return runs.length > 0 ? { key, kind: "app" as const, runs } : null;
}

/** Each topic's share of a hub batch, dropping what it has already passed. */
function deliver(states: State[], batch: ChangeBatch): TopicEvent[] {
  const out: TopicEvent[] = [];
  for (const s of states) {
    if ("seq" in s) {
      const { runId, key } = s.topic;
      const events = batch.runEvents
        .filter((e) => e.runId === runId && e.seq > s.seq)
        .map(({ appId: _, ...e }) => e);
      if (events.length === 0) continue;
      s.seq = events[events.length - 1]!.seq;
      out.push({ key, kind: "run", events });
      continue;
    }
    const { topic } = s;
    const from = s.cursor;
    s.cursor = advance(from, batch.to);
    const held = cursorOf(from);
    const fresh = (txid: string) => !visibleIn(BigInt(txid), held);
    if (topic.kind === "app") {
      const e = appEvent(
        topic.key,
        batch.runEvents.filter((e) => e.appId === topic.appId),
      );
      if (e) out.push(e);
    } else if (topic.kind === "data") {
      const changes = batch.changes.filter(
        (c) =>
          fresh(c.txid) &&
          c.appId === topic.appId &&
          c.scope === topic.scope &&
          (!topic.collection || c.collection === topic.collection),
      );
      if (changes.length > 0) out.push({ key: topic.key, kind: "data", changes });
    }
  }
  return out;
}

/** Narrowing for a stream that views none of its apps: nothing to narrow, shared by all. */
const passThrough = Object.assign(async (events: TopicEvent[]) => events, { none: true });

/**
 * A viewer's app topics carry only the status changes of runs they may follow (the published
 * runs they started): no builder activity. A run's visibility never changes, so it is cached.
 */
function viewerNarrowing(db: Db, actor: Actor, topics: LiveTopic[], viewing: Set<string>) {
  const viewed = new Map<string, string>();
  for (const t of topics) if (t.kind === "app" && viewing.has(t.appId)) viewed.set(t.key, t.appId);
  if (viewed.size === 0) return passThrough;
  const seen = new Map<string, boolean>();
  const narrow = async (events: TopicEvent[]): Promise<TopicEvent[]> => {
    const out: TopicEvent[] = [];
    for (const e of events) {
      const appId = e.kind === "app" ? viewed.get(e.key) : undefined;
      if (e.kind !== "app" || appId === undefined) {
        out.push(e);
        continue;
      }
      const statuses = e.runs.filter((r) => r.type === "status");
      const unknown = [...new Set(statuses.map((r) => r.runId).filter((id) => !seen.has(id)))];
      if (unknown.length > 0) {
        const visible = await withTenant(
          db,
          { workspaceId: actor.workspaceId, userId: actor.userId },
          (tx) => viewerRunIds(tx, actor, appId, unknown),
        );
        for (const id of unknown) seen.set(id, visible.has(id));
      }
      const runs = statuses.filter((r) => seen.get(r.runId));
      if (runs.length > 0) out.push({ ...e, runs });
    }
    return out;
  };
  return Object.assign(narrow, { none: false });
}

/**
 * Whether the session is still live, the member still holds the role the stream opened with, and
 * still has the access to each app and run it opened with (a collaborator removed, an app
 * unpublished).
 */
async function stillAllowed(
  db: Db,
  actor: Actor,
  sessionId: string,
  topics: LiveTopic[],
  viewing: Set<string>,
): Promise<boolean> {
  return withTenant(db, { workspaceId: actor.workspaceId, userId: actor.userId }, async (tx) => {
    const found = await resolveSessionMember(
      tx,
      { sessionId, userId: actor.userId },
      actor.workspaceId,
    );
    if (found.status !== "member" || found.actor.role !== actor.role) return false;
    try {
      const now = await checkTopics(tx, actor, topics);
      return [...now].every((appId) => viewing.has(appId));
    } catch (err) {
      if (err instanceof ServiceError && err.code === "NOT_FOUND") return false;
      throw err;
    }
  });
}
