import { describe, expect, test } from "bun:test";
import { TRPCClientError } from "@trpc/client";
import type { RouterOutputs } from "../../src/api-types";
import { DATA_LIMITS } from "../../src/data/limits";
import {
  AppRequest,
  type LiveChange,
  OpParams,
  PROTOCOL_LIMITS,
  type ResultOf,
} from "../../src/sdk/protocol";
import {
  AppBridge,
  type BridgeClient,
  MAX_WATCHES,
  type WatchChanges,
} from "../../web/src/bridge/relay";

const msg = (op: string, params: unknown, extra: Record<string, unknown> = {}) => ({
  source: "second-app",
  id: "req-1",
  op,
  params,
  ...extra,
});

const accepts = (m: unknown) => expect(AppRequest.safeParse(m).success).toBe(true);
const rejects = (m: unknown) => expect(AppRequest.safeParse(m).success).toBe(false);

// The protocol ships inside every generated app, so it spells its types out instead of importing
// the server's; these lines fail the type-check when the two drift apart.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Data = RouterOutputs["data"];
type WatchedChange =
  RouterOutputs["live"]["stream"] extends AsyncIterable<infer E>
    ? E extends { data: { events: (infer T)[] } }
      ? Extract<T, { kind: "data" }> extends { changes: (infer C)[] }
        ? C
        : never
      : never
    : never;
const typesInStep: [
  Same<ResultOf["list"], Data["list"]>,
  Same<ResultOf["get"], Data["get"]>,
  Same<ResultOf["insert"], Data["insert"]>,
  Same<ResultOf["update"], Data["update"]>,
  Same<ResultOf["remove"], Data["remove"]>,
  Same<LiveChange, WatchedChange>,
] = [true, true, true, true, true, true];

describe("protocol schemas", () => {
  test("spell out the data API's result types", () => {
    expect(typesInStep.every(Boolean)).toBe(true);
  });

  test("keep the store's limits", () => {
    expect(PROTOCOL_LIMITS.collectionName.source).toBe(DATA_LIMITS.collectionName.source);
    expect(PROTOCOL_LIMITS.documentId.source).toBe(DATA_LIMITS.documentId.source);
    expect(PROTOCOL_LIMITS.documentBytes).toBe(DATA_LIMITS.documentBytes);
    expect(PROTOCOL_LIMITS.depth).toBe(DATA_LIMITS.depth);
    expect(PROTOCOL_LIMITS.pageSize).toBe(DATA_LIMITS.pageSize);
    expect(PROTOCOL_LIMITS.filterFields).toBe(DATA_LIMITS.filterFields);
  });

  test("accept every operation the SDK sends", () => {
    accepts(msg("hello", {}));
    accepts(msg("list", { collection: "notes" }));
    accepts(
      msg("list", {
        collection: "notes",
        query: {
          filter: { done: false },
          sort: { field: "_createdAt", direction: "desc" },
          limit: 200,
        },
      }),
    );
    accepts(msg("get", { collection: "notes", id: "a1" }));
    accepts(msg("insert", { collection: "notes", data: { text: "Hi", tags: ["a"], n: 1.5 } }));
    accepts(msg("insert", { collection: "notes", id: "Abc_12-x", data: {} }));
    accepts(
      msg("update", { collection: "notes", id: "a1", patch: { done: true }, expectedVersion: 3 }),
    );
    accepts(msg("remove", { collection: "notes", id: "a1" }));
    accepts(msg("watch", { collection: "notes" }));
    accepts(msg("watch", {}));
    accepts(msg("unwatch", { watchId: "w1" }));
    expect(Object.keys(OpParams).sort()).toEqual(
      ["get", "hello", "insert", "list", "remove", "unwatch", "update", "watch"].sort(),
    );
  });

  test("reject a wrong or missing source, or a missing id", () => {
    rejects({ ...msg("list", { collection: "notes" }), source: "second-platform" });
    rejects({ ...msg("list", { collection: "notes" }), source: undefined });
    rejects({ ...msg("list", { collection: "notes" }), id: "" });
    rejects({ ...msg("list", { collection: "notes" }), id: "x".repeat(65) });
    rejects(null);
    rejects("list notes");
  });

  test("reject unknown operations", () => {
    rejects(msg("drop", { collection: "notes" }));
    rejects(msg("insertMany", { collection: "notes", documents: [] }));
    rejects(msg("__proto__", {}));
  });

  test("reject bad collection names and document ids", () => {
    for (const name of ["", "1notes", "_notes", "no tes", "notes/../x", "a".repeat(65), 42]) {
      rejects(msg("list", { collection: name }));
    }
    accepts(msg("list", { collection: "a".repeat(64) }));
    rejects(msg("get", { collection: "notes", id: "a/b" }));
    rejects(msg("get", { collection: "notes", id: "x".repeat(129) }));
  });

  test("reject a workspace, an app or a scope named by the app", () => {
    const other = "00000000-0000-4000-8000-000000000000";
    rejects(msg("insert", { collection: "notes", data: {}, appId: other }));
    rejects(msg("list", { collection: "notes", scope: "published" }));
    rejects(msg("watch", { workspaceId: other }));
    rejects(msg("list", { collection: "notes" }, { appId: other }));
  });

  test("reject oversized, too deep or non-JSON payloads", () => {
    const limit = PROTOCOL_LIMITS.documentBytes;
    // {"t":"…"} is 8 bytes of JSON around the string.
    accepts(msg("insert", { collection: "notes", data: { t: "x".repeat(limit - 8) } }));
    rejects(msg("insert", { collection: "notes", data: { t: "x".repeat(limit - 7) } }));
    rejects(msg("update", { collection: "notes", id: "a", patch: { t: "é".repeat(limit / 2) } }));

    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 1; i < PROTOCOL_LIMITS.depth; i++) deep = { a: deep };
    accepts(msg("insert", { collection: "notes", data: deep }));
    rejects(msg("insert", { collection: "notes", data: { a: deep } }));

    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    rejects(msg("insert", { collection: "notes", data: cyclic }));
    rejects(msg("insert", { collection: "notes", data: { at: new Date() } }));
    rejects(msg("insert", { collection: "notes", data: { m: new Map() } }));
    rejects(msg("insert", { collection: "notes", data: { n: Number.NaN } }));
    rejects(msg("insert", { collection: "notes", data: [1, 2] }));
    rejects(msg("insert", { collection: "notes", data: "text" }));
    rejects(msg("list", { collection: "notes", query: { limit: PROTOCOL_LIMITS.pageSize + 1 } }));
    rejects(
      msg("list", {
        collection: "notes",
        query: { filter: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`f${i}`, i])) },
      }),
    );
  });
});

// The bridge, with a fake tRPC client and stand-ins for the windows.
const PIN = {
  workspaceId: "11111111-1111-4111-8111-111111111111",
  appId: "22222222-2222-4222-8222-222222222222",
  scope: "draft" as const,
};

function setup() {
  const frame = { name: "the iframe's window" };
  const calls: { path: string; input: Record<string, unknown> }[] = [];
  const streams: {
    collection: string | undefined;
    onLive: () => void;
    onChanges: (changes: unknown[]) => void;
    onError: (e: unknown) => void;
    closed: boolean;
  }[] = [];
  const call = (path: string, result: (input: Record<string, unknown>) => unknown) => {
    return async (input: Record<string, unknown>) => {
      calls.push({ path, input });
      return result(input);
    };
  };
  const doc = (input: Record<string, unknown>) => ({
    _id: "d1",
    _version: 1,
    ...(input.data as object),
  });
  const client = {
    data: {
      list: { query: call("list", () => ({ documents: [], nextCursor: null })) },
      get: { query: call("get", doc) },
      insert: { mutate: call("insert", doc) },
      update: {
        mutate: call("update", () => {
          throw TRPCClientError.from({
            error: {
              code: -32603,
              message: "The document changed since you loaded it.",
              data: { code: "CONFLICT", reason: "CONFLICT", httpStatus: 409 },
            },
          });
        }),
      },
      remove: { mutate: call("remove", () => ({ _id: "d1" })) },
    },
  } as unknown as BridgeClient;
  const watch: WatchChanges = (collection, handlers) => {
    const stream = { collection, ...handlers, closed: false } as (typeof streams)[number];
    streams.push(stream);
    return () => {
      stream.closed = true;
    };
  };
  const posted: Record<string, unknown>[] = [];
  const flushes: (() => void)[] = [];
  const bridge = new AppBridge({
    pin: PIN,
    client,
    watch,
    frame: () => frame as unknown as MessageEventSource,
    post: (m) => posted.push(m as unknown as Record<string, unknown>),
    theme: () => "light",
    schedule: (flush) => {
      flushes.push(flush);
      return () => {};
    },
  });
  const send = (data: unknown, source: unknown = frame) =>
    bridge.onMessage({ source: source as MessageEventSource, data });
  return { bridge, send, calls, streams, posted, flushes, frame };
}

const change = (id: string, version: number) => ({
  txid: "9",
  appId: PIN.appId,
  scope: "draft",
  collection: "notes",
  id,
  op: "upsert",
  version,
  doc: { _id: id, _version: version },
});

describe("bridge", () => {
  test("ignores messages from any window but its iframe", async () => {
    const { send, calls, posted, streams } = setup();
    await send(msg("insert", { collection: "notes", data: { text: "forged" } }), {
      name: "some other window",
    });
    await send(msg("watch", {}), null);
    expect(calls).toEqual([]);
    expect(streams).toEqual([]);
    expect(posted).toEqual([]);
  });

  test("answers malformed requests with VALIDATION and drops what cannot be answered", async () => {
    const { send, calls, posted } = setup();
    await send(msg("insert", { collection: "1 bad", data: {} }, { id: "m1" }));
    await send(msg("insert", { collection: "notes", data: {}, appId: "x" }, { id: "m2" }));
    await send({ source: "second-app", op: "insert", params: {} });
    await send("not even an object");
    expect(calls).toEqual([]);
    expect(posted).toHaveLength(2);
    expect(posted[0]).toMatchObject({
      source: "second-platform",
      kind: "response",
      id: "m1",
      ok: false,
      error: { code: "VALIDATION", message: expect.stringContaining("collection") },
    });
    expect(posted[1]).toMatchObject({ id: "m2", ok: false, error: { code: "VALIDATION" } });
  });

  test("relays with the pinned workspace, app and scope, and answers", async () => {
    const { send, calls, posted } = setup();
    await send(msg("insert", { collection: "notes", data: { text: "Hi" } }));
    expect(calls).toEqual([
      { path: "insert", input: { collection: "notes", data: { text: "Hi" }, ...PIN } },
    ]);
    expect(posted[0]).toEqual({
      source: "second-platform",
      kind: "response",
      id: "req-1",
      ok: true,
      result: { _id: "d1", _version: 1, text: "Hi" },
    });
    await send(msg("list", { collection: "notes", query: { limit: 5 } }, { id: "req-2" }));
    expect(calls[1]).toEqual({ path: "list", input: { limit: 5, collection: "notes", ...PIN } });
  });

  test("passes the server's error code and message on", async () => {
    const { send, posted } = setup();
    await send(
      msg("update", { collection: "notes", id: "d1", patch: { a: 1 }, expectedVersion: 1 }),
    );
    expect(posted[0]).toMatchObject({
      id: "req-1",
      ok: false,
      error: { code: "CONFLICT", message: "The document changed since you loaded it." },
    });
  });

  test("answers a watch once live, batches its changes per frame, and stops it", async () => {
    const { send, streams, posted, flushes } = setup();
    await send(msg("watch", { collection: "notes" }, { id: "w1" }));
    expect(streams[0]?.collection).toBe("notes");
    expect(posted).toEqual([]);

    streams[0]!.onLive();
    expect(posted).toEqual([
      {
        source: "second-platform",
        kind: "response",
        id: "w1",
        ok: true,
        result: { watchId: "w1" },
      },
    ]);
    streams[0]!.onChanges([change("a", 1)]);
    streams[0]!.onChanges([change("a", 2), change("b", 1)]);
    expect(posted).toHaveLength(1);
    expect(flushes).toHaveLength(1);
    flushes[0]!();
    expect(posted[1]).toEqual({
      source: "second-platform",
      kind: "changes",
      watchId: "w1",
      changes: [change("a", 2), change("b", 1)],
    });

    await send(msg("unwatch", { watchId: "w1" }, { id: "u1" }));
    expect(streams[0]!.closed).toBe(true);
  });

  test("limits watches, drops them on a new document, and on dispose", async () => {
    const { bridge, send, streams, posted } = setup();
    for (let i = 0; i < MAX_WATCHES; i++) await send(msg("watch", {}, { id: `w${i}` }));
    await send(msg("watch", {}, { id: "one-too-many" }));
    expect(posted.at(-1)).toMatchObject({ id: "one-too-many", error: { code: "LIMIT_EXCEEDED" } });

    await send(msg("hello", {}, { id: "h1" }));
    expect(streams.every((s) => s.closed)).toBe(true);
    expect(posted.at(-1)).toMatchObject({ id: "h1", ok: true, result: { scope: "draft" } });

    await send(msg("watch", {}, { id: "after" }));
    bridge.dispose();
    expect(streams.at(-1)!.closed).toBe(true);
    const before = posted.length;
    await send(msg("list", { collection: "notes" }));
    expect(posted).toHaveLength(before);
  });
});
