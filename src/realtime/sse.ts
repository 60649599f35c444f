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
  onError: (err: unknown, ctx: TrpcContext) => void,
): MiddlewareHandler {
  const createCaller = createCallerFactory()(router);
  const config = router._def._config;
  const connected = encoder.encode(
    `event: connected\ndata: ${JSON.stringify(config.sse?.client ?? {})}\n\n`,
  );
  const pingMs = config.sse?.ping?.enabled ? (config.sse.ping.intervalMs ?? 1000) : 0;

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
    let connection: LiveConnection;
    let controller: ReadableStreamDirectController | null = null;
    const early: Uint8Array[] = [];
    let ended = false;
    let backlog = 0;
    let finish: () => void = () => {};
    const write = (bytes: Uint8Array) => {
      if (!controller) return void early.push(bytes);
      const sent = controller.write(bytes);
      controller.flush();
      if (typeof sent === "number") return;
      // The client is not reading: past the queue limit it reconnects from its cursor instead.
      if (++backlog > MAX_QUEUED_BATCHES) connection.end();
      void sent.then(() => backlog--);
    };
    const close = () => {
      ended = true;
      if (!controller) return;
      open.delete(controller);
      controller.close();
      finish();
    };
    try {
      const procedure = createCaller(ctx).live as unknown as {
        stream(input: unknown): Promise<LiveStreamHandle>;
      };
      connection = (await procedure.stream(input)).connection;
      await connection.start({
        send: (frame) => write(frame.encoded()),
        end: (err) => {
          if (err === undefined) write(RETURN);
          else {
            onError(err, ctx);
            const error = getTRPCErrorFromUnknown(err);
            const shape = getErrorShape({
              config,
              ctx,
              error,
              input,
              path: "live.stream",
              type: "subscription",
            });
            write(encoder.encode(`event: serialized-error\ndata: ${JSON.stringify(shape)}\n\n`));
          }
          close();
        },
      });
    } catch {
      // Refused or failed before streaming: tRPC answers it, in its own words.
      return next();
    }
    // The client left: let go of the hub, the guard and the ping.
    const leave = () => {
      if (controller) open.delete(controller);
      connection.close();
      finish();
    };
    c.req.raw.signal.addEventListener("abort", leave, { once: true });

    const source: Bun.DirectUnderlyingSource = {
      type: "direct",
      pull(ctrl) {
        controller = ctrl;
        ctrl.write(connected);
        for (const bytes of early.splice(0)) ctrl.write(bytes);
        ctrl.flush();
        if (ended) {
          ctrl.close();
          return;
        }
        open.add(ctrl);
        if (pingMs > 0) pingAll(pingMs);
        // Open until the connection ends or the client leaves.
        return new Promise<void>((resolve) => {
          finish = resolve;
        });
      },
      cancel: leave,
    };
    // The DOM typings hide Bun's direct streams (written straight to the socket, no queue).
    return new Response(new ReadableStream(source as unknown as UnderlyingDefaultSource), {
      headers: SSE_HEADERS,
    });
  };
}
