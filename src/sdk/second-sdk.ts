/**
 * The Second app SDK: live, typed access to the app's data and agents from inside its sandboxed
 * preview. One self-contained module (React is its only import) that talks to the parent window's
 * bridge with postMessage; the bridge decides which workspace, app and scope the data belongs to.
 */
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from "react";
import type {
  AgentApprovalState,
  AgentInfo,
  AgentRun,
  AgentRunStatus,
  AppDocument,
  AppToolAnswer,
  CollectionQuery,
  LiveChange,
  Op,
  ParamsOf,
  PlatformMessage,
  ProtocolError,
  ResultOf,
  Scope,
  Theme,
} from "./protocol";

export type { AgentApprovalState, AgentInfo, AgentRun, AgentRunStatus, CollectionQuery };

export interface SystemFields {
  _id: string;
  _version: number;
  _createdAt: string;
  _updatedAt: string;
  _createdBy: { kind: string; id: string };
}

/** A stored document: the app's own fields plus the system fields. */
export type Doc<T extends object = Record<string, unknown>> = T & SystemFields;
type Fields = Record<string, unknown>;

export class SecondError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "SecondError";
  }
}

const REQUEST_TIMEOUT_MS = 30_000;
const ID_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** 20 random characters: a request id, a watch id, or a new document's id. */
function newId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(20));
  let id = "";
  for (const b of bytes) id += ID_ALPHABET[b % ID_ALPHABET.length];
  return id;
}

const asError = (err: unknown): SecondError =>
  err instanceof SecondError
    ? err
    : new SecondError("UNKNOWN", err instanceof Error ? err.message : String(err));

function applyTheme(theme: Theme) {
  document.documentElement.classList.toggle("dark", theme === "dark");
  document.documentElement.style.colorScheme = theme;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (err: SecondError) => void;
  timer: ReturnType<typeof setTimeout>;
}

interface Watcher {
  onChanges: (changes: LiveChange[]) => void;
  onError: (err: SecondError) => void;
}

interface RunsWatcher {
  onRuns: (runs: AgentRun[]) => void;
  onError: (err: SecondError) => void;
}

/** The one connection to the parent window, shared by every hook in the document. */
class Channel {
  private pending = new Map<string, Pending>();
  private watchers = new Map<string, Watcher>();
  private runWatchers = new Map<string, RunsWatcher>();
  private readonly framed = window.parent !== window;
  /** The data the bridge pinned this document to, once it has said (its answer to hello). */
  scope: Scope | null = null;
  readonly scopeListeners = new Set<() => void>();

  constructor() {
    window.addEventListener("message", this.onMessage);
    window.addEventListener("pagehide", () => {
      if (!this.framed) return;
      for (const watchId of this.watchers.keys()) this.post(newId(), "unwatch", { watchId });
      for (const watchId of this.runWatchers.keys()) {
        this.post(newId(), "agent.unwatch", { watchId });
      }
      this.watchers.clear();
      this.runWatchers.clear();
    });
    // Announces a new document: the bridge drops any watch a previous one left behind.
    this.request("hello", {}).then(
      ({ theme, scope }) => {
        applyTheme(theme);
        this.scope = scope;
        for (const listener of this.scopeListeners) listener();
      },
      () => {},
    );
  }

  request<O extends Op>(op: O, params: ParamsOf<O>): Promise<ResultOf[O]> {
    return this.send(newId(), op, params) as Promise<ResultOf[O]>;
  }

  /** Live changes of one collection; `ready` settles once the platform delivers them. */
  watch(collection: string, watcher: Watcher) {
    const watchId = newId();
    this.watchers.set(watchId, watcher);
    const ready = this.send(watchId, "watch", { collection });
    ready.catch(() => this.watchers.delete(watchId));
    return {
      ready,
      close: () => {
        this.cancel(watchId);
        if (this.watchers.delete(watchId)) this.request("unwatch", { watchId }).catch(() => {});
      },
    };
  }

  /** Every run of one agent, live; `ready` settles with the runs as they are. */
  watchRuns(agentId: string, watcher: RunsWatcher) {
    const watchId = newId();
    this.runWatchers.set(watchId, watcher);
    const ready = this.send(watchId, "agent.watch", { agentId }) as Promise<
      ResultOf["agent.watch"]
    >;
    ready.catch(() => this.runWatchers.delete(watchId));
    return {
      ready,
      close: () => {
        this.cancel(watchId);
        if (this.runWatchers.delete(watchId)) {
          this.request("agent.unwatch", { watchId }).catch(() => {});
        }
      },
    };
  }

  private cancel(id: string) {
    const waiting = this.pending.get(id);
    if (!waiting) return;
    this.pending.delete(id);
    clearTimeout(waiting.timer);
    waiting.reject(new SecondError("CANCELLED", "The request was cancelled."));
  }

  private post(id: string, op: Op, params: unknown) {
    window.parent.postMessage({ source: "second-app", id, op, params }, "*");
  }

  private send(id: string, op: Op, params: unknown): Promise<unknown> {
    if (!this.framed) {
      return Promise.reject(
        new SecondError("UNAVAILABLE", "This app reaches its data through Second: open it there."),
      );
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new SecondError("TIMEOUT", "Second did not answer in time. Try again."));
      }, REQUEST_TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer });
      this.post(id, op, params);
    });
  }

  private onMessage = (event: MessageEvent) => {
    if (!this.framed || event.source !== window.parent) return;
    const msg = event.data as PlatformMessage | null;
    if (!msg || typeof msg !== "object" || msg.source !== "second-platform") return;
    switch (msg.kind) {
      case "response": {
        const waiting = this.pending.get(msg.id);
        if (!waiting) return;
        this.pending.delete(msg.id);
        clearTimeout(waiting.timer);
        if (msg.ok) waiting.resolve(msg.result);
        else waiting.reject(new SecondError(msg.error.code, msg.error.message));
        return;
      }
      case "changes":
        this.watchers.get(msg.watchId)?.onChanges(msg.changes);
        return;
      case "watch-error": {
        const watcher = this.watchers.get(msg.watchId) ?? this.runWatchers.get(msg.watchId);
        this.watchers.delete(msg.watchId);
        this.runWatchers.delete(msg.watchId);
        watcher?.onError(new SecondError(msg.error.code, msg.error.message));
        return;
      }
      case "agent-runs":
        this.runWatchers.get(msg.watchId)?.onRuns(msg.runs);
        return;
      case "theme":
        applyTheme(msg.theme);
        return;
    }
  };
}

let channel: Channel | undefined;
const connect = () => {
  channel ??= new Channel();
  return channel;
};
if (typeof window !== "undefined" && window.parent !== window) connect();

/**
 * Which data the app is showing: "draft" while its makers build it, "published" for the people it
 * is published to (null until the platform has said). The published app may hold viewers to
 * read-only collections (collections.json `access`): hide the edits they would be refused.
 */
export function useAppScope(): Scope | null {
  return useSyncExternalStore(
    (onChange) => {
      const c = connect();
      c.scopeListeners.add(onChange);
      return () => c.scopeListeners.delete(onChange);
    },
    () => connect().scope,
    () => null,
  );
}

type PendingOp =
  | { kind: "insert"; doc: Doc }
  | { kind: "update"; id: string; patch: Fields }
  | { kind: "remove"; id: string };

interface Snapshot {
  docs: Doc[];
  loading: boolean;
  error: SecondError | null;
  /** The server has documents past those loaded (loadMore reads the next page). */
  hasMore: boolean;
}

function compareValues(a: unknown, b: unknown): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  const x = typeof a === "string" ? a : JSON.stringify(a);
  const y = typeof b === "string" ? b : JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The server's order: the sort field (nulls last either way), then the id. */
function sortDocs(docs: Doc[], sort: CollectionQuery["sort"]): Doc[] {
  const field = sort?.field ?? "_createdAt";
  const dir = sort?.direction === "desc" ? -1 : 1;
  return docs.sort((x, y) => {
    const a = x[field];
    const b = y[field];
    if (a == null && b != null) return 1;
    if (b == null && a != null) return -1;
    return dir * (compareValues(a, b) || compareValues(x._id, y._id));
  });
}

/**
 * One live view of documents: what the server last said (never older than what is shown),
 * with this view's unconfirmed writes laid over it until the server answers them.
 */
class LiveView {
  private confirmed = new Map<string, Doc>();
  /** The newest version seen per id, deletions included: anything older is stale. */
  private seen = new Map<string, number>();
  private ops: PendingOp[] = [];
  private loading = true;
  private error: SecondError | null = null;
  private hasMore = false;
  /** Where the loaded pages end (a keyset cursor), and how many documents the view shows. */
  private cursor: string | null = null;
  private shown: number;
  private loadingMore: Promise<void> | null = null;
  private closed = false;
  private watch: ReturnType<Channel["watch"]> | undefined;

  constructor(
    private readonly collection: string,
    private readonly query: CollectionQuery,
    private readonly only: string | null,
    private readonly onChange: (snapshot: Snapshot) => void,
  ) {
    this.shown = query.limit ?? 50;
  }

  async start() {
    try {
      this.watch = connect().watch(this.collection, {
        onChanges: (changes) => this.applyChanges(changes),
        onError: (err) => this.fail(err),
      });
      // Read after the watch is live, so nothing between the read and the watch is missed.
      await this.watch.ready;
      await this.load();
    } catch (err) {
      this.fail(err);
    }
    this.loading = false;
    this.emit();
  }

  dispose() {
    this.closed = true;
    this.watch?.close();
  }

  private async load() {
    if (this.only !== null) {
      try {
        this.accept(await connect().request("get", { collection: this.collection, id: this.only }));
      } catch (err) {
        if (asError(err).code !== "NOT_FOUND") throw err;
      }
      return;
    }
    const page = await connect().request("list", {
      collection: this.collection,
      ...(Object.keys(this.query).length ? { query: this.query } : {}),
    });
    for (const doc of page.documents) this.accept(doc);
    this.cursor = page.nextCursor;
    this.hasMore = page.nextCursor !== null;
    this.shown = Math.max(this.shown, this.query.limit ?? 50);
    this.error = null;
  }

  /** Reads the next page after those loaded and shows it too; live updates keep covering it. */
  loadMore(): Promise<void> {
    if (this.only !== null || !this.cursor) return Promise.resolve();
    this.loadingMore ??= (async () => {
      try {
        const page = await connect().request("list", {
          collection: this.collection,
          ...(Object.keys(this.query).length ? { query: this.query } : {}),
          cursor: this.cursor!,
        });
        for (const doc of page.documents) this.accept(doc);
        this.cursor = page.nextCursor;
        this.hasMore = page.nextCursor !== null;
        this.shown += this.query.limit ?? 50;
        this.emit();
      } catch (err) {
        this.fail(err);
      } finally {
        this.loadingMore = null;
      }
    })();
    return this.loadingMore;
  }

  private matches(doc: Doc): boolean {
    if (this.only !== null) return doc._id === this.only;
    const filter = this.query.filter ?? {};
    return Object.entries(filter).every(([k, v]) => doc[k] === v);
  }

  /** Takes a server version of a document unless a newer one was already seen. */
  private accept(doc: AppDocument | Doc): boolean {
    const d = doc as Doc;
    if (d._version <= (this.seen.get(d._id) ?? 0)) return false;
    this.seen.set(d._id, d._version);
    if (this.matches(d)) this.confirmed.set(d._id, d);
    else this.confirmed.delete(d._id);
    return true;
  }

  private forget(id: string, version: number): boolean {
    if (version <= (this.seen.get(id) ?? 0)) return false;
    this.seen.set(id, version);
    return this.confirmed.delete(id);
  }

  private applyChanges(changes: LiveChange[]) {
    let changed = false;
    for (const c of changes) {
      if (c.collection !== this.collection) continue;
      changed = (c.doc ? this.accept(c.doc) : this.forget(c.id, c.version)) || changed;
    }
    if (changed) this.emit();
  }

  private fail(err: unknown) {
    this.error = asError(err);
    this.emit();
  }

  private view(): Doc[] {
    const docs = new Map(this.confirmed);
    for (const op of this.ops) {
      if (op.kind === "insert") {
        if (!this.seen.has(op.doc._id) && this.matches(op.doc)) docs.set(op.doc._id, op.doc);
      } else if (op.kind === "update") {
        const doc = docs.get(op.id);
        if (!doc) continue;
        const next = { ...doc, ...op.patch } as Doc;
        if (this.matches(next)) docs.set(op.id, next);
        else docs.delete(op.id);
      } else {
        docs.delete(op.id);
      }
    }
    if (this.only !== null) return [...docs.values()];
    const sorted = sortDocs([...docs.values()], this.query.sort);
    return sorted.slice(0, this.shown);
  }

  private emit() {
    if (this.closed) return;
    this.onChange({
      docs: this.view(),
      loading: this.loading,
      error: this.error,
      hasMore: this.hasMore,
    });
    const limit = this.query.limit ?? 50;
    // Deletions shrank a page the server has more for: read it again to fill it.
    if (this.only === null && this.hasMore && !this.loading && this.confirmed.size < limit) {
      this.hasMore = false;
      this.load().then(
        () => this.emit(),
        (err) => this.fail(err),
      );
    }
  }

  /** Shows the write at once; the server's answer replaces it, or a failure takes it back. */
  private async optimistic<R>(op: PendingOp, write: () => Promise<R>, settle: (r: R) => void) {
    this.ops.push(op);
    this.error = null;
    this.emit();
    try {
      const result = await write();
      settle(result);
      return result;
    } catch (err) {
      this.error = asError(err);
      throw this.error;
    } finally {
      this.ops = this.ops.filter((o) => o !== op);
      this.emit();
    }
  }

  insert(data: Fields): Promise<Doc> {
    const id = newId();
    const now = new Date().toISOString();
    const doc = {
      ...data,
      _id: id,
      _version: 0,
      _createdAt: now,
      _updatedAt: now,
      _createdBy: { kind: "user", id: "" },
    } as Doc;
    return this.optimistic(
      { kind: "insert", doc },
      () => connect().request("insert", { collection: this.collection, id, data }),
      (saved) => this.accept(saved),
    ) as Promise<Doc>;
  }

  update(id: string, patch: Fields, options?: { expectedVersion?: number }): Promise<Doc> {
    return this.optimistic(
      { kind: "update", id, patch },
      () =>
        connect().request("update", {
          collection: this.collection,
          id,
          patch,
          ...(options?.expectedVersion ? { expectedVersion: options.expectedVersion } : {}),
        }),
      (saved) => this.accept(saved),
    ) as Promise<Doc>;
  }

  async remove(id: string): Promise<void> {
    const shown = this.confirmed.get(id)?._version ?? this.seen.get(id) ?? 0;
    await this.optimistic(
      { kind: "remove", id },
      () => connect().request("remove", { collection: this.collection, id }),
      () => this.forget(id, shown + 1),
    );
  }
}

const notReady = () =>
  Promise.reject(new SecondError("UNAVAILABLE", "The data is not connected yet. Try again."));

/** Creates the view for the current arguments and replaces it when they change. */
function useLiveView(collection: string, queryKey: string, only: string | null, idle: boolean) {
  const [snapshot, setSnapshot] = useState<Snapshot>({
    docs: [],
    loading: !idle,
    error: null,
    hasMore: false,
  });
  const view = useRef<LiveView | null>(null);
  useEffect(() => {
    if (idle) {
      setSnapshot({ docs: [], loading: false, error: null, hasMore: false });
      return;
    }
    setSnapshot({ docs: [], loading: true, error: null, hasMore: false });
    const live = new LiveView(collection, JSON.parse(queryKey), only, setSnapshot);
    view.current = live;
    void live.start();
    return () => {
      live.dispose();
      if (view.current === live) view.current = null;
    };
  }, [collection, queryKey, only, idle]);
  return { snapshot, view };
}

export interface CollectionResult<T extends object> {
  /** The documents, newest write included before the server confirms it. */
  data: Doc<T>[];
  loading: boolean;
  /** The last failure: a load, a live update or a write that was rolled back. */
  error: SecondError | null;
  /** More documents match than are loaded: `loadMore` reads the next page (`limit` more). */
  hasMore: boolean;
  loadMore(): Promise<void>;
  insert(data: T): Promise<Doc<T>>;
  update(id: string, patch: Partial<T>, options?: { expectedVersion?: number }): Promise<Doc<T>>;
  remove(id: string): Promise<void>;
}

/** A live list of a collection's documents, with optimistic writes. */
export function useCollection<T extends object = Fields>(
  name: string,
  query?: CollectionQuery,
): CollectionResult<T> {
  const { snapshot, view } = useLiveView(name, JSON.stringify(query ?? {}), null, false);
  const insert = useCallback(
    (data: T) => (view.current?.insert(data as Fields) ?? notReady()) as Promise<Doc<T>>,
    [view],
  );
  const update = useCallback(
    (id: string, patch: Partial<T>, options?: { expectedVersion?: number }) =>
      (view.current?.update(id, patch as Fields, options) ?? notReady()) as Promise<Doc<T>>,
    [view],
  );
  const remove = useCallback((id: string) => view.current?.remove(id) ?? notReady(), [view]);
  const loadMore = useCallback(() => view.current?.loadMore() ?? notReady(), [view]);
  return {
    data: snapshot.docs as Doc<T>[],
    loading: snapshot.loading,
    error: snapshot.error,
    hasMore: snapshot.hasMore,
    loadMore,
    insert,
    update,
    remove,
  };
}

export interface DocResult<T extends object> {
  /** The document, or null while loading, when it does not exist, or when `id` is null. */
  data: Doc<T> | null;
  loading: boolean;
  error: SecondError | null;
  update(patch: Partial<T>, options?: { expectedVersion?: number }): Promise<Doc<T>>;
  remove(): Promise<void>;
}

/** One live document by id, with optimistic writes. */
export function useDoc<T extends object = Fields>(
  name: string,
  id: string | null | undefined,
): DocResult<T> {
  const { snapshot, view } = useLiveView(name, "{}", id ?? null, !id);
  const update = useCallback(
    (patch: Partial<T>, options?: { expectedVersion?: number }) =>
      (id
        ? (view.current?.update(id, patch as Fields, options) ?? notReady())
        : notReady()) as Promise<Doc<T>>,
    [view, id],
  );
  const remove = useCallback(
    () => (id ? (view.current?.remove(id) ?? notReady()) : notReady()),
    [view, id],
  );
  return {
    data: (snapshot.docs[0] as Doc<T> | undefined) ?? null,
    loading: snapshot.loading,
    error: snapshot.error,
    update,
    remove,
  };
}

/**
 * The app's agent ids. A generated app may list its own so that `useAgent` only takes those:
 * `declare module "./second/sdk" { interface AgentIds { "triage-assistant": true } }`.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by the app through declaration merging
export interface AgentIds {}
export type AgentId = [keyof AgentIds] extends [never] ? string : keyof AgentIds & string;

/** The state of an agent's latest run, or idle when it has none. */
export type AgentStatus = "idle" | "pending" | "running" | "completed" | "failed" | "stopped";

const TERMINAL: ReadonlySet<AgentRunStatus> = new Set(["completed", "failed", "stopped"]);

function statusOf(run: AgentRun | null): AgentStatus {
  if (!run) return "idle";
  if (run.status === "awaiting_approval") return "running";
  return run.status;
}

/** Newest first: the order the platform lists them in. */
const byNewest = (a: AgentRun, b: AgentRun) =>
  b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id);

export interface AgentResult {
  /**
   * Starts a run with this input and resolves with its id once the platform has queued it.
   * Rejects with a SecondError carrying the platform's reason when it refuses: the agents are
   * not approved (PRECONDITION_FAILED), the agent is unknown (NOT_FOUND), the input is too
   * large (VALIDATION), too many runs are going (LIMIT_EXCEEDED)…
   */
  run(input?: Record<string, unknown>): Promise<string>;
  /** This agent's recent runs in this app, newest first, kept up to date. */
  runs: AgentRun[];
  latest: AgentRun | null;
  /** The latest run's state; pending from the moment `run()` is called. */
  status: AgentStatus;
  /** What the latest run said when it completed. */
  result: string | null;
  /** Why the last `run()` was refused, why the latest run failed, or why the runs did not load. */
  error: SecondError | null;
  loading: boolean;
}

interface AgentSnapshot {
  runs: AgentRun[];
  loading: boolean;
  starting: boolean;
  /** Why the runs could not be read or followed. */
  loadError: SecondError | null;
  /** Why the last `run()` was refused. */
  runError: SecondError | null;
}

const IDLE_AGENT: AgentSnapshot = {
  runs: [],
  loading: true,
  starting: false,
  loadError: null,
  runError: null,
};

/** One agent's runs: what the platform last pushed, with runs started here until it lists them. */
class AgentView {
  private pushed: AgentRun[] = [];
  private local = new Map<string, AgentRun>();
  private loading = true;
  private starting = 0;
  private loadError: SecondError | null = null;
  private runError: SecondError | null = null;
  private closed = false;
  private watch: ReturnType<Channel["watchRuns"]> | undefined;

  constructor(
    private readonly agentId: string,
    private readonly onChange: (snapshot: AgentSnapshot) => void,
  ) {}

  async start() {
    try {
      this.watch = connect().watchRuns(this.agentId, {
        onRuns: (runs) => this.accept(runs),
        onError: (err) => this.fail(err),
      });
      this.accept((await this.watch.ready).runs);
    } catch (err) {
      this.fail(err);
    }
    this.loading = false;
    this.emit();
  }

  dispose() {
    this.closed = true;
    this.watch?.close();
  }

  async run(input: Record<string, unknown>): Promise<string> {
    this.starting++;
    this.runError = null;
    this.emit();
    try {
      const run = await connect().request("agent.run", { agentId: this.agentId, input });
      if (!this.pushed.some((r) => r.id === run.id)) this.local.set(run.id, run);
      return run.id;
    } catch (err) {
      this.runError = asError(err);
      throw this.runError;
    } finally {
      this.starting--;
      this.emit();
    }
  }

  private accept(runs: AgentRun[]) {
    this.pushed = runs;
    for (const run of runs) this.local.delete(run.id);
    this.loadError = null;
    this.emit();
  }

  private fail(err: unknown) {
    this.loadError = asError(err);
    this.emit();
  }

  private emit() {
    if (this.closed) return;
    this.onChange({
      runs: [...this.local.values(), ...this.pushed].sort(byNewest),
      loading: this.loading,
      starting: this.starting > 0,
      loadError: this.loadError,
      runError: this.runError,
    });
  }
}

/**
 * One of the app's agents: start it, and follow its runs live. The agent runs on the platform,
 * not in the browser: it keeps going when the app is closed.
 */
export function useAgent(agentId: AgentId): AgentResult {
  const [snapshot, setSnapshot] = useState<AgentSnapshot>(IDLE_AGENT);
  const view = useRef<AgentView | null>(null);
  useEffect(() => {
    setSnapshot(IDLE_AGENT);
    const agent = new AgentView(agentId, setSnapshot);
    view.current = agent;
    void agent.start();
    return () => {
      agent.dispose();
      if (view.current === agent) view.current = null;
    };
  }, [agentId]);
  const run = useCallback(
    (input: Record<string, unknown> = {}) =>
      view.current?.run(input) ??
      Promise.reject(new SecondError("UNAVAILABLE", "The agent is not connected yet. Try again.")),
    [],
  );
  const latest = snapshot.runs[0] ?? null;
  const failed =
    latest?.status === "failed"
      ? new SecondError(latest.failureCode ?? "FAILED", latest.failureMessage ?? "The run failed.")
      : null;
  return {
    run,
    runs: snapshot.runs,
    latest,
    status: snapshot.starting ? "pending" : statusOf(latest),
    result: latest && TERMINAL.has(latest.status) ? latest.result : null,
    error: snapshot.runError ?? (snapshot.starting ? null : failed) ?? snapshot.loadError,
    loading: snapshot.loading,
  };
}

export interface AgentListResult {
  /** The agents the app's current build declares. */
  agents: AgentInfo[];
  /** Whether an admin approved them: runs start only when live or mock. */
  approval: AgentApprovalState | null;
  loading: boolean;
  error: SecondError | null;
  reload(): void;
}

/** The app's declared agents and their approval state. */
export function useAgentList(): AgentListResult {
  const [state, setState] = useState<Omit<AgentListResult, "reload">>({
    agents: [],
    approval: null,
    loading: true,
    error: null,
  });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let current = true;
    void attempt;
    setState((s) => ({ ...s, loading: true }));
    connect()
      .request("agent.list", {})
      .then(
        ({ agents, approval }) => {
          if (current) setState({ agents, approval, loading: false, error: null });
        },
        (err) => {
          if (current) setState((s) => ({ ...s, loading: false, error: asError(err) }));
        },
      );
    return () => {
      current = false;
    };
  }, [attempt]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, reload };
}

/**
 * The app's backend function names. A generated app may list its own so that `useAppTool` and
 * `callAppTool` only take those:
 * `declare module "./second/sdk" { interface AppToolNames { sync_contacts: true } }`.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by the app through declaration merging
export interface AppToolNames {}
export type AppToolName = [keyof AppToolNames] extends [never]
  ? string
  : keyof AppToolNames & string;

/** What a backend function answered. */
export interface AppToolResult<T = unknown> {
  /** The service's answer, or the tool's sample data when `mock` is true. */
  data: T;
  /**
   * The answer is sample data: the tool is approved for mock data only, or its integration is
   * not set up yet (an admin sets it up in Second, under Settings → Integrations).
   */
  mock: boolean;
  /** Why it is sample data, as the platform's code for it (e.g. mock_only_approval, no_grant). */
  mockReason: string | null;
  /** What the platform says about the sample data, for the person using the app. */
  message: string | null;
  /** The service's HTTP status (null for sample data). */
  status: number | null;
}

/**
 * A backend function that was refused (denied: not approved, domain not allowed…) or failed
 * (auth, rate_limited, not_found, server, network, timeout, input_missing…). `code` is that
 * classification and `hint` says what to do about it.
 */
export class AppToolError extends SecondError {
  constructor(
    code: string,
    message: string,
    readonly kind: "denied" | "failed",
    readonly hint: string,
    readonly status: number | null,
  ) {
    super(code, message);
    this.name = "AppToolError";
  }
}

function toolResult<T>(answer: AppToolAnswer): AppToolResult<T> {
  switch (answer.kind) {
    case "executed":
      return {
        data: answer.data as T,
        mock: false,
        mockReason: null,
        message: null,
        status: answer.status,
      };
    case "mocked":
      return {
        data: answer.data as T,
        mock: true,
        mockReason: answer.reason,
        message: answer.message,
        status: null,
      };
    default:
      throw new AppToolError(answer.code, answer.message, answer.kind, answer.hint, answer.status);
  }
}

/**
 * Calls one of the app's backend functions (an `appTools` entry of agents.json) as the person
 * using the app. It runs on the platform, which holds the service's credentials: the app sends
 * only the name and the input (a JSON object, 16 KB at most). Resolves with the answer (`mock` tells
 * sample data apart); rejects with an AppToolError (a refusal or a failure, with a hint) or a
 * SecondError (not approved: PRECONDITION_FAILED; no such tool: NOT_FOUND; input too large:
 * VALIDATION).
 */
export async function callAppTool<T = unknown>(
  name: AppToolName,
  input: Record<string, unknown> = {},
): Promise<AppToolResult<T>> {
  try {
    return toolResult<T>(await connect().request("tool.call", { name, input }));
  } catch (err) {
    throw asError(err);
  }
}

/** idle until called; running while a call is out; result or error once it settles. */
export type AppToolState = "idle" | "running" | "result" | "error";

export interface UseAppToolResult<T> {
  /** Calls the tool; the hook's state follows the latest call. */
  call(input?: Record<string, unknown>): Promise<AppToolResult<T>>;
  state: AppToolState;
  running: boolean;
  /** The latest answer (kept while a new call runs). */
  result: AppToolResult<T> | null;
  data: T | null;
  /** The latest answer is sample data. */
  mock: boolean;
  /** Why the latest call was refused or failed: an AppToolError carries its `hint`. */
  error: SecondError | null;
  /** What to do about the error, when the platform said. */
  hint: string | null;
  /** Back to idle. */
  reset(): void;
}

interface ToolSnapshot<T> {
  state: AppToolState;
  result: AppToolResult<T> | null;
  error: SecondError | null;
}

/** One of the app's backend functions, with the state of its latest call. */
export function useAppTool<T = unknown>(name: AppToolName): UseAppToolResult<T> {
  const [snapshot, setSnapshot] = useState<ToolSnapshot<T>>({
    state: "idle",
    result: null,
    error: null,
  });
  // Only the latest call settles the state; one that returns after the name changed or the
  // component went away is ignored.
  const latest = useRef(0);
  useEffect(() => {
    void name;
    latest.current++;
    setSnapshot({ state: "idle", result: null, error: null });
    return () => {
      latest.current++;
    };
  }, [name]);
  const call = useCallback(
    async (input: Record<string, unknown> = {}) => {
      const mine = ++latest.current;
      setSnapshot((s) => ({ ...s, state: "running", error: null }));
      try {
        const result = await callAppTool<T>(name, input);
        if (latest.current === mine) setSnapshot({ state: "result", result, error: null });
        return result;
      } catch (err) {
        const error = asError(err);
        if (latest.current === mine) setSnapshot((s) => ({ ...s, state: "error", error }));
        throw error;
      }
    },
    [name],
  );
  const reset = useCallback(() => {
    latest.current++;
    setSnapshot({ state: "idle", result: null, error: null });
  }, []);
  const { state, result, error } = snapshot;
  return {
    call,
    state,
    running: state === "running",
    result,
    data: result?.data ?? null,
    mock: result?.mock ?? false,
    error,
    hint: error instanceof AppToolError ? error.hint : null,
    reset,
  };
}

export type { AppToolAnswer, ProtocolError };
