import { describe, expect, test } from "bun:test";
import { TRPCClientError } from "@trpc/client";
import { LiveClient, type StreamClient } from "../../web/src/lib/live";

const WS = "11111111-1111-4111-8111-111111111111";
const APP = "22222222-2222-4222-8222-222222222222";
const RUN = "33333333-3333-4333-8333-333333333333";

type Opts = Parameters<StreamClient["live"]["stream"]["subscribe"]>[1];
type Input = Parameters<StreamClient["live"]["stream"]["subscribe"]>[0];

/** A fake server side: records every stream the client opens, and lets the test drive it. */
function fake() {
  const streams: { input: Input; opts: Opts; closed: boolean }[] = [];
  let opened: (() => void) | null = null;
  const client: StreamClient = {
    live: {
      stream: {
        subscribe: (input, opts) => {
          const s = { input, opts, closed: false };
          streams.push(s);
          opened?.();
          return { unsubscribe: () => (s.closed = true) };
        },
      },
    },
  };
  const nextOpen = () => new Promise<void>((resolve) => (opened = resolve));
  const open = () => streams.filter((s) => !s.closed);
  return { client, streams, open, nextOpen };
}

const settle = () => new Promise<void>((resolve) => queueMicrotask(resolve));
const message = (cursor: string, events: unknown[]) =>
  ({ id: "x", data: { cursor, events } }) as never;

describe("LiveClient", () => {
  test("one stream for every topic; a changed set reopens it with each topic's cursor", async () => {
    const f = fake();
    const live = new LiveClient(f.client);
    const got: unknown[] = [];
    const stopData = live.register(
      WS,
      { kind: "data", appId: APP, scope: "draft" },
      { onEvent: (e) => got.push(e) },
    );
    live.register(WS, { kind: "run", runId: RUN }, { onEvent: (e) => got.push(e) });
    await settle();
    expect(f.streams).toHaveLength(1);
    const [dataKey, runKey] = f.streams[0]!.input.topics.map((t) => t.key);
    expect(f.streams[0]!.input).toMatchObject({
      workspaceId: WS,
      topics: [
        { kind: "data", appId: APP, cursor: null },
        { kind: "run", runId: RUN, afterSeq: 0 },
      ],
    });
    f.streams[0]!.opts.onData(
      message("40", [
        { key: dataKey, kind: "data", changes: [] },
        { key: runKey, kind: "run", events: [{ seq: 7 }] },
      ]),
    );
    expect(got).toHaveLength(2);

    live.register(WS, { kind: "app", appId: APP }, { onEvent: () => {} });
    stopData();
    await settle();
    expect(f.open()).toHaveLength(1);
    expect(f.streams).toHaveLength(2);
    expect(f.streams[1]!.input.topics).toMatchObject([
      { kind: "run", key: runKey, afterSeq: 7 },
      { kind: "app", appId: APP, cursor: null },
    ]);
    // Late events of the closed stream are ignored.
    f.streams[0]!.opts.onData(message("41", [{ key: runKey, kind: "run", events: [{ seq: 8 }] }]));
    expect(got).toHaveLength(2);
  });

  test("a topic going away keeps the stream open and drops that topic's events", async () => {
    const f = fake();
    const live = new LiveClient(f.client);
    const data: unknown[] = [];
    const runs: unknown[] = [];
    const stopData = live.register(
      WS,
      { kind: "data", appId: APP, scope: "draft" },
      { onEvent: (e) => data.push(e) },
    );
    live.register(WS, { kind: "run", runId: RUN }, { onEvent: (e) => runs.push(e) });
    await settle();
    const [dataKey, runKey] = f.streams[0]!.input.topics.map((t) => t.key);
    stopData();
    await settle();
    expect(f.streams).toHaveLength(1);
    expect(live.opens).toBe(1);
    f.streams[0]!.opts.onData(
      message("41", [
        { key: dataKey, kind: "data", changes: [{ id: "a" }] },
        { key: runKey, kind: "run", events: [{ seq: 1 }] },
      ]),
    );
    expect(data).toHaveLength(0);
    expect(runs).toHaveLength(1);
    // A new topic reopens, without the one that went away.
    live.register(WS, { kind: "app", appId: APP }, { onEvent: () => {} });
    await settle();
    expect(f.streams).toHaveLength(2);
    expect(f.open()).toHaveLength(1);
    expect(f.streams[1]!.input.topics.map((t) => t.kind)).toEqual(["run", "app"]);
  });

  test("a stream the server ended is reopened; a refusal goes to the topic and is not retried", async () => {
    const f = fake();
    const live = new LiveClient(f.client);
    const errors: unknown[] = [];
    let lives = 0;
    live.register(
      WS,
      { kind: "data", appId: APP, scope: "draft" },
      { onEvent: () => {}, onLive: () => lives++, onError: (e) => errors.push(e) },
    );
    await settle();
    f.streams[0]!.opts.onData(message("5", []));
    const reopened = f.nextOpen();
    f.streams[0]!.opts.onComplete();
    await reopened;
    expect(f.streams[1]!.input.topics[0]).toMatchObject({ cursor: "5" });
    f.streams[1]!.opts.onData(message("6", []));
    expect(lives).toBe(1);

    const notFound = TRPCClientError.from({
      error: { code: -32004, message: "App not found.", data: { code: "NOT_FOUND" } },
    });
    f.streams[1]!.opts.onError(notFound);
    await settle();
    expect(errors).toEqual([notFound]);
    expect(f.streams).toHaveLength(2);
  });
});
