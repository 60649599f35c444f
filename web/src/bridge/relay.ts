import { TRPCClientError } from "@trpc/client";
import type { RouterOutputs } from "../../../src/api-types";
import {
  type AgentRun,
  AppRequest,
  type AppToolAnswer,
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

/** A run as the agentRuns procedures return it. */
type ServerRun = RouterOutputs["agentRuns"]["list"][number];

export type BridgeClient = Pick<typeof trpcClient, "data" | "agentRuns" | "appTools">;

/** Follows one collection (or all) of the pinned app scope on the tab's live stream. */
export type WatchChanges = (
  collection: string | undefined,
  handlers: {
    onLive: () => void;
    onChanges: (changes: LiveChange[]) => void;
    onError: (err: unknown) => void;
  },
) => () => void;

/**
 * Follows the pinned app's run activity on the tab's live stream: `onRuns` names the runs that
 * started or changed status (ids only).
 */
export type WatchRuns = (handlers: {
  onLive: () => void;
  onRuns: (runIds: string[]) => void;
  onError: (err: unknown) => void;
}) => () => void;

/** Runs `flush` once, soon; returns a cancel function. */
export type Scheduler = (flush: () => void) => () => void;

export interface BridgeOptions {
  pin: Pin;
  client: BridgeClient;
  watch: WatchChanges;
  watchRuns: WatchRuns;
  /** The iframe's window: the only sender the bridge listens to, and where answers go. */
  frame: () => MessageEventSource | null;
  post: (message: PlatformMessage) => void;
  theme: () => Theme;
  schedule?: Scheduler;
}

export const MAX_WATCHES = 32;
/** Runs or agents one app document may follow at once (they share one live topic). */
export const MAX_AGENT_WATCHES = 16;

/** A refusal the bridge makes itself, with the code the app sees. */
class Refusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Only what the app needs of a run: no provider, model, usage or who started it. */
function appRun(r: ServerRun): AgentRun {
  return {
    id: r.id,
    agentId: r.agentId,
    agentName: r.agentName,
    scope: r.scope,
    trigger: r.trigger,
    status: r.status,
    result: r.result,
    failureCode: r.failureCode,
    failureMessage: r.failureMessage,
    approvalMode: r.approvalMode,
    createdAt: r.createdAt,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
  };
}

/** The server's answer as the app gets it (over JSON an absent `data` is null). */
function appToolAnswer(a: RouterOutputs["appTools"]["run"]): AppToolAnswer {
  if (a.kind === "executed" || a.kind === "mocked") return { ...a, data: a.data ?? null };
  return a;
}

type AgentTarget = { runId: string } | { agentId: string };

interface AgentWatch {
  target: AgentTarget;
  answered: boolean;
  fetching: boolean;
  again: boolean;
  last: string;
}

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
  if (err instanceof Refusal) return { code: err.code, message: err.message };
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
  private agentWatches = new Map<string, AgentWatch>();
  /** The one app-topic registration every agent watch shares, while any is open. */
  private runsTopic: { stop: () => void; live: boolean } | null = null;
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
    this.dropAgentWatches();
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
          this.dropAgentWatches();
          return this.ok<"hello">(req.id, { scope: pin.scope, theme: this.lastTheme });
        case "list": {
          const { collection, query, cursor } = req.params;
          return this.ok<"list">(
            req.id,
            await data.list.query({ ...query, collection, ...(cursor ? { cursor } : {}), ...pin }),
          );
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
        case "agent.list": {
          const { agents, approval } = await this.opts.client.agentRuns.agents.query({
            workspaceId: pin.workspaceId,
            appId: pin.appId,
          });
          return this.ok<"agent.list">(req.id, {
            agents: agents.map(({ id, name, description, triggers, canRunManually }) => ({
              id,
              name,
              description,
              triggers,
              canRunManually,
            })),
            approval: approval.state,
          });
        }
        case "agent.run": {
          const run = await this.opts.client.agentRuns.start.mutate({
            agentId: req.params.agentId,
            input: req.params.input ?? {},
            workspaceId: pin.workspaceId,
            appId: pin.appId,
            scope: pin.scope,
          });
          return this.ok<"agent.run">(req.id, appRun(run));
        }
        case "agent.runs":
          return this.ok<"agent.runs">(req.id, { runs: await this.readRuns(req.params) });
        case "agent.watch":
          return this.agentWatch(req.id, req.params);
        case "agent.unwatch": {
          const { watchId } = req.params;
          this.agentWatches.delete(watchId);
          this.releaseRunsTopic();
          return this.ok<"agent.unwatch">(req.id, { watchId });
        }
        case "tool.call":
          // Only the name and the input come from the app: the server finds the spec in the
          // approval of the pinned app and scope and runs it as the viewer.
          return this.ok<"tool.call">(
            req.id,
            appToolAnswer(
              await this.opts.client.appTools.run.mutate({
                name: req.params.name,
                input: req.params.input ?? {},
                ...pin,
              }),
            ),
          );
      }
    } catch (err) {
      this.fail(req.id, toProtocolError(err));
    }
  }

  /**
   * The runs of one agent, or one run, of the pinned app and scope. A run of another app or
   * scope is answered as not found, like one that does not exist.
   */
  private async readRuns(target: AgentTarget): Promise<AgentRun[]> {
    const { agentRuns } = this.opts.client;
    const { workspaceId, appId, scope } = this.opts.pin;
    if ("runId" in target) {
      const run = await agentRuns.get.query({ workspaceId, runId: target.runId });
      if (run.appId !== appId || run.scope !== scope)
        throw new Refusal("NOT_FOUND", "This app has no run with that id.");
      return [appRun(run)];
    }
    const runs = await agentRuns.list.query({ workspaceId, appId, agentId: target.agentId });
    return runs.filter((r) => r.appId === appId && r.scope === scope).map(appRun);
  }

  /** Answers with the runs once the app's run activity is live, then pushes each change. */
  private agentWatch(watchId: string, target: AgentTarget) {
    if (this.agentWatches.has(watchId) || this.watches.has(watchId)) {
      return this.fail(watchId, { code: "CONFLICT", message: "That watch id is already in use." });
    }
    if (this.agentWatches.size >= MAX_AGENT_WATCHES) {
      return this.fail(watchId, {
        code: "LIMIT_EXCEEDED",
        message: `An app can watch at most ${MAX_AGENT_WATCHES} agents or runs at once.`,
      });
    }
    this.agentWatches.set(watchId, {
      target,
      answered: false,
      fetching: false,
      again: false,
      last: "",
    });
    if (this.runsTopic === null) {
      const topic = { stop: () => {}, live: false };
      this.runsTopic = topic;
      topic.stop = this.opts.watchRuns({
        onLive: () => {
          if (this.runsTopic !== topic) return;
          topic.live = true;
          for (const id of this.agentWatches.keys()) void this.refresh(id);
        },
        onRuns: (runIds) => {
          if (this.runsTopic !== topic) return;
          for (const [id, w] of this.agentWatches) {
            if ("runId" in w.target && !runIds.includes(w.target.runId)) continue;
            void this.refresh(id);
          }
        },
        onError: (err) => {
          if (this.runsTopic !== topic) return;
          this.runsTopic = null;
          const error = toProtocolError(err);
          const watches = [...this.agentWatches];
          this.agentWatches.clear();
          for (const [id, w] of watches) this.endAgentWatch(id, w, error);
        },
      });
    } else if (this.runsTopic.live) {
      return this.refresh(watchId);
    }
  }

  /** Reads a watch's runs again (one read at a time, one more if news came meanwhile). */
  private async refresh(watchId: string) {
    const w = this.agentWatches.get(watchId);
    if (!w) return;
    if (w.fetching) {
      w.again = true;
      return;
    }
    w.fetching = true;
    try {
      do {
        w.again = false;
        const runs = await this.readRuns(w.target);
        if (this.agentWatches.get(watchId) !== w) return;
        const json = JSON.stringify(runs);
        if (!w.answered) {
          w.answered = true;
          this.ok<"agent.watch">(watchId, { watchId, runs });
        } else if (json !== w.last) {
          this.send({ source: PLATFORM_SOURCE, kind: "agent-runs", watchId, runs });
        }
        w.last = json;
      } while (w.again);
    } catch (err) {
      if (this.agentWatches.get(watchId) !== w) return;
      this.agentWatches.delete(watchId);
      this.releaseRunsTopic();
      this.endAgentWatch(watchId, w, toProtocolError(err));
    } finally {
      w.fetching = false;
    }
  }

  private endAgentWatch(watchId: string, w: AgentWatch, error: ProtocolError) {
    if (!w.answered) this.fail(watchId, error);
    else this.send({ source: PLATFORM_SOURCE, kind: "watch-error", watchId, error });
  }

  private releaseRunsTopic() {
    if (this.agentWatches.size > 0 || this.runsTopic === null) return;
    this.runsTopic.stop();
    this.runsTopic = null;
  }

  private dropAgentWatches() {
    this.agentWatches.clear();
    this.releaseRunsTopic();
  }

  /** Answers once the stream is live (its first event carries the cursor), then relays it. */
  private watch(watchId: string, collection: string | undefined) {
    if (this.watches.has(watchId) || this.agentWatches.has(watchId)) {
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
