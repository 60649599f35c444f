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
import { AsyncQueue } from "./async-queue";
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

const MAX_QUEUED_BATCHES = 1000;
/** The backstop: access is read again before a delivery when the last check is older than this. */
export const RECHECK_MS = 2000;

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
  signal?: AbortSignal,
): Promise<AsyncGenerator<LiveMessage>> {
  const resume = parseResume(input.lastEventId);
  const { viewing, seen } = await withTenant(
    deps.db,
    { workspaceId: actor.workspaceId, userId: actor.userId },
    async (tx) => ({
      viewing: await checkTopics(tx, actor, input.topics),
      seen: await visibleCollectionsOf(tx, actor, input.topics),
    }),
  );
  return stream(deps, actor, sessionId, input.topics, resume, signal, seen, viewing);
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

async function* stream(
  deps: StreamDeps,
  actor: Actor,
  sessionId: string,
  topics: LiveTopic[],
  resume: Resume | null,
  signal: AbortSignal | undefined,
  opened: Seen,
  viewing: Set<string>,
): AsyncGenerator<LiveMessage> {
  const { workspaceId } = actor;
  const narrow = viewerNarrowing(deps.db, actor, topics, viewing);
  let seen = opened;
  const filtered = [...seen.values()].some((v) => v !== null);
  const queue = new AsyncQueue<ChangeBatch | "reviews">(MAX_QUEUED_BATCHES, signal);
  const release = await deps.guard.register({
    workspaceId,
    userId: actor.userId,
    sessionId,
    end: () => queue.end(),
  });
  let sub: Awaited<ReturnType<LiveHub["subscribe"]>> | null = null;
  try {
    sub = await deps.hub.subscribe(workspaceId, {
      push: (b) => queue.push(b),
      signal: (what) => queue.push(what),
    });
    const horizon = sub.horizon;
    const states: State[] = topics.map((topic) =>
      topic.kind === "run"
        ? { topic, seq: resumedSeq(resume, topic.key) ?? topic.afterSeq }
        : { topic, cursor: resume?.c ?? topic.cursor ?? horizon },
    );
    // Topics that start from the same cursor share one read (a preview may watch many collections).
    const reads = new Map<string, Promise<unknown>>();
    const once = <T>(key: string, read: () => Promise<T>) => {
      if (!reads.has(key)) reads.set(key, read());
      return reads.get(key) as Promise<T>;
    };
    const first = await withTenant(deps.db, { workspaceId }, (tx) =>
      Promise.all(
        states.map(async (s): Promise<TopicEvent | null> => {
          if ("seq" in s) {
            const events = await readRunEvents(tx, workspaceId, s.topic.runId, s.seq);
            if (events.length > 0) s.seq = events[events.length - 1]!.seq;
            return events.length > 0 ? { key: s.topic.key, kind: "run", events } : null;
          }
          const from = s.cursor;
          s.cursor = advance(from, horizon);
          if (covers(cursorOf(from), cursorOf(horizon))) return null;
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
    let cursor = horizon;
    yield {
      id: resumeId(states, cursor),
      cursor,
      events: onlyVisible(await narrow(first.filter((e) => e !== null)), seen),
    };

    let checkedAt = performance.now();
    for await (const batch of queue) {
      const events =
        batch === "reviews"
          ? states.flatMap((s): TopicEvent[] =>
              s.topic.kind === "workspace"
                ? [{ key: s.topic.key, kind: "workspace", reviews: true }]
                : [],
            )
          : await narrow(deliver(states, batch));
      if (batch !== "reviews") cursor = advance(cursor, batch.to);
      if (events.length === 0) continue;
      if (performance.now() - checkedAt > RECHECK_MS) {
        if (!(await stillAllowed(deps.db, actor, sessionId, topics, viewing))) return;
        // A publish may have changed what the published rules show a viewer.
        if (filtered)
          seen = await withTenant(deps.db, { workspaceId, userId: actor.userId }, (tx) =>
            visibleCollectionsOf(tx, actor, topics, true),
          );
        checkedAt = performance.now();
      }
      const shown = filtered ? onlyVisible(events, seen) : events;
      if (shown.length === 0) continue;
      yield { id: resumeId(states, cursor), cursor, events: shown };
    }
  } finally {
    sub?.close();
    release();
  }
}

/** What other views of an app act on: a new run, a status change, a finished build. */
const APP_EVENT_TYPES = new Set(["user-message", "status", "build-finish"]);

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

/**
 * A viewer's app topics carry only the status changes of runs they may follow (the published
 * runs they started): no builder activity. A run's visibility never changes, so it is cached.
 */
function viewerNarrowing(db: Db, actor: Actor, topics: LiveTopic[], viewing: Set<string>) {
  const viewed = new Map<string, string>();
  for (const t of topics) if (t.kind === "app" && viewing.has(t.appId)) viewed.set(t.key, t.appId);
  const seen = new Map<string, boolean>();
  return async (events: TopicEvent[]): Promise<TopicEvent[]> => {
    if (viewed.size === 0) return events;
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
