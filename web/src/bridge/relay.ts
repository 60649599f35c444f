import { TRPCClientError } from "@trpc/client";
import {
  AppRequest,
  type LiveChange,
  PLATFORM_SOURCE,
  type PlatformMessage,
  type ProtocolError,
  RequestEnvelope,
  type ResultOf,
  type Scope,
  type Theme,
} from "../../../src/sdk/protocol";
import { errorMessage } from "../lib/errors";
import type { trpcClient } from "../lib/trpc";

/** What the bridge decides, never the app: whose data, which app, which scope. */
export interface Pin {
  workspaceId: string;
  appId: string;
  scope: Scope;
}

export type BridgeClient = Pick<typeof trpcClient, "data">;

/** Follows one collection (or all) of the pinned app scope on the tab's live stream. */
export type WatchChanges = (
  collection: string | undefined,
  handlers: {
    onLive: () => void;
    onChanges: (changes: LiveChange[]) => void;
    onError: (err: unknown) => void;
  },
) => () => void;

/** Runs `flush` once, soon; returns a cancel function. */
export type Scheduler = (flush: () => void) => () => void;

export interface BridgeOptions {
  pin: Pin;
  client: BridgeClient;
  watch: WatchChanges;
  /** The iframe's window: the only sender the bridge listens to, and where answers go. */
  frame: () => MessageEventSource | null;
  post: (message: PlatformMessage) => void;
  theme: () => Theme;
  schedule?: Scheduler;
}

export const MAX_WATCHES = 32;

/**
 * Live changes go out once per animation frame. A hidden tab gets no frames, so a timer stands
 * in for it there.
 */
export const frameScheduler: Scheduler = (flush) => {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    cancelAnimationFrame(raf);
    clearTimeout(timer);
    flush();
  };
  const raf = requestAnimationFrame(run);
  const timer = setTimeout(run, 250);
  return () => {
    done = true;
    cancelAnimationFrame(raf);
    clearTimeout(timer);
  };
};

function toProtocolError(err: unknown): ProtocolError {
  if (err instanceof TRPCClientError) {
    const data = err.data as { reason?: string; code?: string } | undefined;
    if (!data) return { code: "UNAVAILABLE", message: errorMessage(err) };
    return { code: data.reason ?? data.code ?? "UNKNOWN", message: err.message };
  }
  return { code: "UNKNOWN", message: errorMessage(err) };
}

/** Which rule a rejected message broke, in words the app's developer can act on. */
function describeIssue(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0];
  if (!issue) return "The message is not valid.";
  const where = issue.path.map(String).join(".");
  return where ? `${where}: ${issue.message}` : issue.message;
}

/**
 * The platform side of the app SDK: validates each message from the app's iframe, relays it over
 * tRPC with the viewer's session and the pinned app and scope, and answers.
 */
export class AppBridge {
  private watches = new Map<string, () => void>();
  private queued = new Map<string, LiveChange[]>();
  private cancelFlush: (() => void) | null = null;
  private lastTheme: Theme;
  private disposed = false;

  constructor(private readonly opts: BridgeOptions) {
    this.lastTheme = opts.theme();
  }

  /**
   * The `message` listener. Anything not from the iframe's own window is ignored. Returns the
   * relayed request's promise, for tests.
   */
  readonly onMessage = (
    event: Pick<MessageEvent, "source" | "data">,
  ): Promise<void> | undefined => {
    const frame = this.opts.frame();
    if (this.disposed || frame === null || event.source !== frame) return undefined;
    const parsed = AppRequest.safeParse(event.data);
    if (!parsed.success) {
      // Answer a malformed request that can be answered; drop anything else silently.
      const envelope = RequestEnvelope.safeParse(event.data);
      if (envelope.success) {
        this.fail(envelope.data.id, { code: "VALIDATION", message: describeIssue(parsed.error) });
      }
      return undefined;
    }
    return this.handle(parsed.data);
  };

  setTheme(theme: Theme) {
    if (theme === this.lastTheme) return;
    this.lastTheme = theme;
    this.send({ source: PLATFORM_SOURCE, kind: "theme", theme });
  }

  dispose() {
    this.disposed = true;
    this.cancelFlush?.();
    this.queued.clear();
    for (const stop of this.watches.values()) stop();
    this.watches.clear();
  }

  private send(message: PlatformMessage) {
    if (!this.disposed) this.opts.post(message);
  }

  private ok<O extends keyof ResultOf>(id: string, result: ResultOf[O]) {
    this.send({ source: PLATFORM_SOURCE, kind: "response", id, ok: true, result });
  }

  private fail(id: string, error: ProtocolError) {
    this.send({ source: PLATFORM_SOURCE, kind: "response", id, ok: false, error });
  }

  private async handle(req: AppRequest) {
    const { data } = this.opts.client;
    // Spread last: the app's parameters can never name another workspace, app or scope.
    const pin = this.opts.pin;
    try {
      switch (req.op) {
        case "hello":
          // A new document in the frame: whatever the previous one watched is no longer wanted.
          for (const stop of this.watches.values()) stop();
          this.watches.clear();
          this.queued.clear();
          return this.ok<"hello">(req.id, { scope: pin.scope, theme: this.lastTheme });
        case "list": {
          const { collection, query } = req.params;
          return this.ok<"list">(req.id, await data.list.query({ ...query, collection, ...pin }));
        }
        case "get":
          return this.ok<"get">(req.id, await data.get.query({ ...req.params, ...pin }));
        case "insert":
          return this.ok<"insert">(req.id, await data.insert.mutate({ ...req.params, ...pin }));
        case "update":
          return this.ok<"update">(req.id, await data.update.mutate({ ...req.params, ...pin }));
        case "remove":
          return this.ok<"remove">(req.id, await data.remove.mutate({ ...req.params, ...pin }));
        case "watch":
          return this.watch(req.id, req.params.collection);
        case "unwatch": {
          const { watchId } = req.params;
          this.watches.get(watchId)?.();
          this.watches.delete(watchId);
          this.queued.delete(watchId);
          return this.ok<"unwatch">(req.id, { watchId });
        }
      }
    } catch (err) {
      this.fail(req.id, toProtocolError(err));
    }
  }

  /** Answers once the stream is live (its first event carries the cursor), then relays it. */
  private watch(watchId: string, collection: string | undefined) {
    if (this.watches.has(watchId)) {
      return this.fail(watchId, { code: "CONFLICT", message: "That watch id is already in use." });
    }
    if (this.watches.size >= MAX_WATCHES) {
      return this.fail(watchId, {
        code: "LIMIT_EXCEEDED",
        message: `An app can watch at most ${MAX_WATCHES} collections at once.`,
      });
    }
    let live = false;
    const stop = this.opts.watch(collection, {
      onLive: () => {
        live = true;
        this.ok<"watch">(watchId, { watchId });
      },
      onChanges: (changes) => {
        if (changes.length > 0) this.enqueue(watchId, changes);
      },
      onError: (err) => {
        this.watches.delete(watchId);
        this.queued.delete(watchId);
        const error = toProtocolError(err);
        if (!live) this.fail(watchId, error);
        else this.send({ source: PLATFORM_SOURCE, kind: "watch-error", watchId, error });
      },
    });
    this.watches.set(watchId, stop);
  }

  private enqueue(watchId: string, changes: LiveChange[]) {
    const queue = this.queued.get(watchId);
    if (queue) queue.push(...changes);
    else this.queued.set(watchId, [...changes]);
    this.cancelFlush ??= (this.opts.schedule ?? frameScheduler)(() => this.flush());
  }

  private flush() {
    this.cancelFlush = null;
    for (const [watchId, changes] of this.queued) {
      if (!this.watches.has(watchId)) continue;
      this.send({
        source: PLATFORM_SOURCE,
        kind: "changes",
        watchId,
        changes: latestPerDoc(changes),
      });
    }
    this.queued.clear();
  }
}

/** Within one frame's batch only each document's newest state matters. */
function latestPerDoc(changes: LiveChange[]): LiveChange[] {
  const latest = new Map<string, LiveChange>();
  for (const c of changes) {
    const key = `${c.collection}/${c.id}`;
    latest.delete(key);
    latest.set(key, c);
  }
  return [...latest.values()];
}
