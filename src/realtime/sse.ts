import { type TrackedEnvelope, tracked } from "@trpc/server";
import {
  type AnyRouter,
  createCallerFactory,
  getErrorShape,
  getTRPCErrorFromUnknown,
} from "@trpc/server/unstable-core-do-not-import";
import type { Context, MiddlewareHandler } from "hono";
import type { TrpcContext } from "../trpc/context";
import { AsyncQueue } from "./async-queue";
import {
  type LiveConnection,
  type LiveFrame,
  type LiveMessage,
  type LiveSink,
  MAX_QUEUED_BATCHES,
} from "./stream";

type Message = Omit<LiveMessage, "id">;

/**
 * What `live.stream` returns. tRPC iterates it like any subscription; the SSE route below finds
 * the connection inside and writes its frames itself, so a change is serialised once for every
 * subscriber in the same position instead of once per subscriber by tRPC's stream producer.
 */
export class LiveStreamHandle implements AsyncIterable<TrackedEnvelope<Message>> {
  constructor(
    readonly connection: LiveConnection,
    private readonly signal?: AbortSignal,
  ) {}

  async *[Symbol.asyncIterator](): AsyncGenerator<TrackedEnvelope<Message>> {
    const { connection, signal } = this;
    const queue = new AsyncQueue<LiveFrame | { error: unknown }>(MAX_QUEUED_BATCHES, signal);
    signal?.addEventListener("abort", () => connection.close(), { once: true });
    try {
      await connection.start({
        send: (frame) => queue.push(frame),
        end: (error) => {
          if (error !== undefined) queue.push({ error });
          queue.end();
        },
      });
      for await (const item of queue) {
        if ("error" in item) throw item.error;
        yield tracked(item.id, item.message);
      }
    } finally {
      connection.close();
    }
  }
}

const SSE_HEADERS = {
  "content-type": "text/event-stream",
  "cache-control": "no-cache, no-transform",
  "x-accel-buffering": "no",
  connection: "keep-alive",
};
const encoder = new TextEncoder();
const RETURN = encoder.encode("event: return\ndata: \n\n");
const PING = encoder.encode("event: ping\ndata: \n\n");

/** Every open SSE response of this process, pinged together by one timer. */
const open = new Set<ReadableStreamDirectController>();
let pinger: ReturnType<typeof setInterval> | null = null;

function pingAll(intervalMs: number) {
  pinger ??= setInterval(() => {
    if (open.size === 0) {
      clearInterval(pinger!);
      pinger = null;
      return;
    }
    for (const c of open) {
      c.write(PING);
      c.flush();
    }
  }, intervalMs);
  pinger.unref();
}

/**
 * One SSE response: the connection's sink and the response body's source at once (Bun's direct
 * stream, written straight to the socket). One object per open stream, no closures each.
 */
class SseStream implements LiveSink {
  readonly type = "direct";
  connection: LiveConnection | null = null;
  private controller: ReadableStreamDirectController | null = null;
  /** Frames sent before the response body started. */
  private early: Uint8Array[] | null = null;
  private ended = false;
  private backlog = 0;
  private finish: (() => void) | null = null;

  constructor(
    private readonly connected: Uint8Array,
    private readonly pingMs: number,
    private readonly errorFrame: (err: unknown) => Uint8Array,
  ) {}

  send(frame: LiveFrame): void {
    this.write(frame.encoded());
  }

  end(err?: unknown): void {
    this.write(err === undefined ? RETURN : this.errorFrame(err));
    this.ended = true;
    const c = this.controller;
    if (!c) return;
    open.delete(c);
    c.close();
    this.finish?.();
  }

  private write(bytes: Uint8Array) {
    const c = this.controller;
    if (!c) {
      this.early ??= [];
      this.early.push(bytes);
      return;
    }
    const sent = c.write(bytes);
    c.flush();
    if (typeof sent === "number") return;
    // The client is not reading: past the queue limit it reconnects from its cursor instead.
    if (++this.backlog > MAX_QUEUED_BATCHES) this.connection?.end();
    void sent.then(() => this.backlog--);
  }

  /** The response body starts: what was sent so far goes out, then it stays open. */
  pull(c: ReadableStreamDirectController): Promise<void> | undefined {
    this.controller = c;
    c.write(this.connected);
    for (const bytes of this.early ?? []) c.write(bytes);
    this.early = null;
    c.flush();
    if (this.ended) {
      c.close();
      return;
    }
    open.add(c);
    if (this.pingMs > 0) pingAll(this.pingMs);
    return new Promise<void>((resolve) => {
      this.finish = resolve;
    });
  }

  /** The client left: let go of the hub, the guard and the ping. */
  cancel(): void {
    if (this.controller) open.delete(this.controller);
    this.connection?.close();
    this.finish?.();
  }
}

/**
 * Serves `GET /trpc/live.stream` in tRPC's own SSE protocol (`connected`, tracked `data`/`id`,
 * `ping`, `serialized-error`, `return`), so the client's subscription link works unchanged. The
 * procedure itself still runs through a tRPC caller — input validation, the session and
 * membership check, the topic checks — and anything it refuses is handed to the tRPC adapter,
 * which answers exactly as before. What differs is only the stream: frames are written straight
 * to the socket, shared by subscribers, with one ping timer per process.
 */
export function liveStreamRoute(
  router: AnyRouter,
  context: (c: Context, resHeaders: Headers) => Promise<TrpcContext>,
  onError: (err: unknown, requestId: string) => void,
): MiddlewareHandler {
  const createCaller = createCallerFactory()(router);
  const config = router._def._config;
  const connected = encoder.encode(
    `event: connected\ndata: ${JSON.stringify(config.sse?.client ?? {})}\n\n`,
  );
  const pingMs = config.sse?.ping?.enabled ? (config.sse.ping.intervalMs ?? 1000) : 0;
  const path = "live.stream";
  const type = "subscription";

  return async (c, next) => {
    if (c.req.method !== "GET") return next();
    let input: unknown;
    try {
      const raw = c.req.query("input");
      input = raw === undefined ? undefined : JSON.parse(raw);
    } catch {
      return next();
    }
    // As tRPC does: the link's reconnect names the last event it received.
    const lastEventId =
      c.req.header("last-event-id") ?? c.req.query("lastEventId") ?? c.req.query("Last-Event-Id");
    if (lastEventId && input && typeof input === "object") input = { ...input, lastEventId };

    const ctx = await context(c, new Headers());
    const { requestId } = ctx;
    const out = new SseStream(connected, pingMs, (err) => {
      onError(err, requestId);
      const error = getTRPCErrorFromUnknown(err);
      const shape = getErrorShape({ config, ctx: undefined, error, input: undefined, path, type });
      return encoder.encode(`event: serialized-error\ndata: ${JSON.stringify(shape)}\n\n`);
    });
    try {
      const procedure = createCaller(ctx).live as unknown as {
        stream(input: unknown): Promise<LiveStreamHandle>;
      };
      out.connection = (await procedure.stream(input)).connection;
      await out.connection.start(out);
    } catch {
      // Refused or failed before streaming: tRPC answers it, in its own words.
      return next();
    }
    // The DOM typings hide Bun's direct streams (written straight to the socket, no queue).
    return new Response(new ReadableStream(out as unknown as UnderlyingDefaultSource), {
      headers: SSE_HEADERS,
    });
  };
}
