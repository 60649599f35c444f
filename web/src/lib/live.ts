import type { RouterInputs, RouterOutputs } from "../../../src/api-types";
import { errorCode } from "./errors";

type StreamInput = RouterInputs["live"]["stream"];
type InputTopic = StreamInput["topics"][number];
type Message = RouterOutputs["live"]["stream"] extends AsyncIterable<infer E> ? E : never;
type TopicEvent = Message["data"]["events"][number];

type Spec<K> = K extends unknown ? Omit<K, "key" | "cursor" | "afterSeq"> : never;
/** What a component follows: app data, a run's events, or an app's run activity. */
export type TopicSpec = Spec<InputTopic>;
export type EventOf<K extends TopicSpec["kind"]> = Extract<TopicEvent, { kind: K }>;

export interface TopicHandlers<K extends TopicSpec["kind"] = TopicSpec["kind"]> {
  onEvent: (event: EventOf<K>) => void;
  /** Once, when the topic is first live (the stream has opened with it). */
  onLive?: () => void;
  /** The stream was refused for good (no access, the app or run is gone). */
  onError?: (err: unknown) => void;
}

/** The one subscription call the client needs: tRPC's live.stream. */
export interface StreamClient {
  live: {
    stream: {
      subscribe(
        input: StreamInput,
        opts: {
          onData: (message: Message) => void;
          onError: (err: unknown) => void;
          onComplete: () => void;
        },
      ): { unsubscribe(): void };
    };
  };
}

interface Registration {
  key: string;
  workspaceId: string;
  spec: TopicSpec;
  handlers: TopicHandlers;
  cursor: string | null;
  afterSeq: number;
  live: boolean;
  failed: boolean;
}

const TERMINAL = new Set(["UNAUTHORIZED", "NOT_FOUND", "FORBIDDEN", "BAD_REQUEST"]);

/**
 * A browser tab's one live connection. Components register topics; whenever the set changes the
 * client reopens its single stream with each topic's cursor, so nothing is lost or repeated. The
 * tRPC link resumes a dropped connection itself; a stream the server ended (access changed) is
 * reopened here, where the server checks access again.
 */
export class LiveClient {
  private readonly regs = new Map<string, Registration>();
  private current: { workspaceId: string; keys: string; close(): void } | null = null;
  private generation = 0;
  private nextKey = 0;
  private scheduled = false;
  private attempts = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  /** How many streams this client has opened, for tests and diagnostics. */
  opens = 0;

  constructor(
    private readonly client: StreamClient,
    private readonly onFatal?: (err: unknown) => void,
  ) {}

  register<K extends TopicSpec["kind"]>(
    workspaceId: string,
    spec: Extract<TopicSpec, { kind: K }>,
    handlers: TopicHandlers<K>,
  ): () => void {
    const key = `t${(++this.nextKey).toString(36)}`;
    this.regs.set(key, {
      key,
      workspaceId,
      spec,
      handlers: handlers as unknown as TopicHandlers,
      cursor: null,
      afterSeq: 0,
      live: false,
      failed: false,
    });
    this.schedule();
    return () => {
      this.regs.delete(key);
      this.schedule();
    };
  }

  /** Coalesces the registrations of one render into one reopen. */
  private schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.sync();
    });
  }

  /** The workspace of the newest registration wins; a tab shows one workspace at a time. */
  private wanted(): Registration[] {
    const active = [...this.regs.values()].filter((r) => !r.failed);
    const workspaceId = active.at(-1)?.workspaceId;
    return active.filter((r) => r.workspaceId === workspaceId);
  }

  private sync(force = false) {
    const regs = this.wanted();
    const keys = regs.map((r) => r.key).join(",");
    const workspaceId = regs[0]?.workspaceId ?? "";
    if (!force && regs.length > 0 && this.covers(workspaceId, regs)) return;
    this.close();
    if (regs.length > 0) this.open(workspaceId, regs, keys);
  }

  /**
   * Whether the open stream already carries every wanted topic. A topic that went away needs no
   * reopen: its events are dropped here until the next reopen leaves it out.
   */
  private covers(workspaceId: string, regs: Registration[]) {
    const current = this.current;
    if (!current || current.workspaceId !== workspaceId) return false;
    const open = new Set(current.keys.split(","));
    return regs.every((r) => open.has(r.key));
  }

  private close() {
    this.generation++;
    this.current?.close();
    this.current = null;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private open(workspaceId: string, regs: Registration[], keys: string) {
    const generation = this.generation;
    const topics = regs.map((r): InputTopic => {
      if (r.spec.kind === "run") return { ...r.spec, key: r.key, afterSeq: r.afterSeq };
      return { ...r.spec, key: r.key, cursor: r.cursor };
    });
    this.opens++;
    const stale = () => generation !== this.generation;
    const sub = this.client.live.stream.subscribe(
      { workspaceId, topics },
      {
        onData: (message) => {
          if (stale()) return;
          this.attempts = 0;
          this.deliver(regs, message.data);
        },
        onError: (err) => {
          if (stale()) return;
          this.current = null;
          if (!TERMINAL.has(errorCode(err) ?? "")) return this.retry();
          for (const r of regs) r.failed = true;
          for (const r of regs) r.handlers.onError?.(err);
          this.onFatal?.(err);
          this.schedule();
        },
        // The server ended the stream (an access change): open again and let it check.
        onComplete: () => {
          if (stale()) return;
          this.current = null;
          this.retry();
        },
      },
    );
    this.current = { workspaceId, keys, close: () => sub.unsubscribe() };
  }

  private retry() {
    const delay = Math.min(5_000, 100 * 2 ** this.attempts++);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.sync(true);
    }, delay);
  }

  private deliver(regs: Registration[], message: Message["data"]) {
    const byKey = new Map(regs.map((r) => [r.key, r]));
    for (const r of regs) {
      if (r.spec.kind !== "run") r.cursor = message.cursor;
      if (!r.live && this.regs.has(r.key)) {
        r.live = true;
        r.handlers.onLive?.();
      }
    }
    for (const event of message.events) {
      const r = byKey.get(event.key);
      if (!r || !this.regs.has(r.key)) continue;
      if (event.kind === "run") r.afterSeq = event.events.at(-1)?.seq ?? r.afterSeq;
      r.handlers.onEvent(event);
    }
  }
}
