import { describe, expect, test } from "bun:test";
import { TRPCClientError } from "@trpc/client";
import { AGENT_RUN_LIMITS } from "../../src/agents/runs";
import type { RouterOutputs } from "../../src/api-types";
import { DATA_LIMITS } from "../../src/data/limits";
import { APP_TOOL_LIMITS } from "../../src/integrations/app-tools";
import type { AgentTrigger } from "../../src/sdk/agents";
import {
  type AgentApprovalState,
  type AgentInfo,
  type AgentRun,
  type AgentTriggerDecl,
  AppRequest,
  type LiveChange,
  OpParams,
  PROTOCOL_LIMITS,
  type ResultOf,
} from "../../src/sdk/protocol";
import {
  AppBridge,
  type BridgeClient,
  MAX_AGENT_WATCHES,
  MAX_WATCHES,
  type WatchChanges,
  type WatchRuns,
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
type ServerRun = RouterOutputs["agentRuns"]["list"][number];
type Declared = RouterOutputs["agentRuns"]["agents"];
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
  Same<AgentTriggerDecl, AgentTrigger>,
  Same<AgentRun, Omit<ServerRun, "appId" | "provider" | "model" | "createdBy">>,
  Same<AgentInfo, Declared["agents"][number]>,
  Same<AgentApprovalState, Declared["approval"]["state"]>,
] = [true, true, true, true, true, true, true, true, true, true];

const RUN_ID = "33333333-3333-4333-8333-333333333333";

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
    expect(PROTOCOL_LIMITS.agentInputBytes).toBe(AGENT_RUN_LIMITS.inputBytes);
    expect(PROTOCOL_LIMITS.toolInputBytes).toBe(APP_TOOL_LIMITS.inputBytes);
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
    accepts(msg("agent.list", {}));
    accepts(msg("agent.run", { agentId: "triage-assistant", input: { documentId: "a1" } }));
    accepts(msg("agent.run", { agentId: "triage-assistant" }));
    accepts(msg("agent.runs", { agentId: "triage-assistant" }));
    accepts(msg("agent.watch", { agentId: "triage-assistant" }));
    accepts(msg("agent.watch", { runId: RUN_ID }));
    accepts(msg("agent.unwatch", { watchId: "w1" }));
    accepts(msg("tool.call", { name: "sync_contacts" }));
    accepts(msg("tool.call", { name: "lookup_customer", input: { name: "Ada", limit: 5 } }));
    expect(Object.keys(OpParams).sort()).toEqual(
      [
        "get",
        "hello",
        "insert",
        "list",
        "remove",
        "unwatch",
        "update",
        "watch",
        "agent.list",
        "agent.run",
        "agent.runs",
        "agent.watch",
        "agent.unwatch",
        "tool.call",
      ].sort(),
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

  test("reject bad agent ids and run ids, and a watch of both or neither", () => {
    for (const id of ["", "Triage", "1agent", "tri age", "a_b", "a".repeat(65), 7]) {
      rejects(msg("agent.run", { agentId: id }));
      rejects(msg("agent.watch", { agentId: id }));
    }
    accepts(msg("agent.run", { agentId: `a${"-".repeat(63)}` }));
    rejects(msg("agent.watch", { runId: "not-a-uuid" }));
    rejects(msg("agent.watch", { runId: RUN_ID, agentId: "triage" }));
    rejects(msg("agent.watch", {}));
    rejects(msg("agent.runs", {}));
  });

  test("reject an agent run naming an app, a scope or a trigger", () => {
    const other = "00000000-0000-4000-8000-000000000000";
    rejects(msg("agent.run", { agentId: "triage", appId: other }));
    rejects(msg("agent.run", { agentId: "triage", scope: "published" }));
    rejects(msg("agent.run", { agentId: "triage", trigger: { type: "schedule" } }));
    rejects(msg("agent.runs", { agentId: "triage", workspaceId: other }));
    rejects(msg("agent.list", { appId: other }));
  });

  test("a backend function is named with its input only: no app, scope, spec or endpoint", () => {
    const other = "00000000-0000-4000-8000-000000000000";
    rejects(msg("tool.call", { name: "lookup", appId: other }));
    rejects(msg("tool.call", { name: "lookup", scope: "published" }));
    rejects(msg("tool.call", { name: "lookup", endpoint: "https://evil.test" }));
    rejects(msg("tool.call", { name: "Lookup" }));
    rejects(msg("tool.call", { name: "lookup", input: [1] }));
    rejects(msg("tool.call", {}));
  });

  test("limit an agent's input to 16 KB of plain JSON, at the boundary", () => {
    const limit = PROTOCOL_LIMITS.agentInputBytes;
    expect(limit).toBe(16 * 1024);
    // {"t":"…"} is 8 bytes of JSON around the string.
    accepts(msg("agent.run", { agentId: "triage", input: { t: "x".repeat(limit - 8) } }));
    const over = AppRequest.safeParse(
      msg("agent.run", { agentId: "triage", input: { t: "x".repeat(limit - 7) } }),
    );
    expect(over.success).toBe(false);
    expect(over.error?.issues[0]?.message).toBe("Agent input is 17 KB; the limit is 16 KB.");
    rejects(msg("agent.run", { agentId: "triage", input: [1] }));
    rejects(msg("agent.run", { agentId: "triage", input: { at: new Date() } }));
    rejects(msg("agent.run", { agentId: "triage", input: "go" }));
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
  const runs = new Map<string, ReturnType<typeof serverRun>>();
  const refuse = (code: string, message: string, httpStatus: number) =>
    TRPCClientError.from({
      error: { code: -32603, message, data: { code, reason: code, httpStatus } },
    });
  const client = {
    agentRuns: {
      agents: {
        query: call("agentRuns.agents", () => ({
          approval: { state: "mock", mode: "mock" },
          agents: [
            {
              id: "triage",
              name: "Triage",
              description: "Sorts tickets.",
              triggers: [{ type: "manual" }],
              canRunManually: true,
              extra: "not for the app",
            },
          ],
        })),
      },
      start: {
        mutate: call("agentRuns.start", (input) => {
          if (input.agentId === "unapproved")
            throw refuse("PRECONDITION_FAILED", "An admin must approve this app's agents.", 412);
          const run = serverRun(`44444444-4444-4444-8444-00000000000${runs.size}`);
          runs.set(run.id, run);
          return run;
        }),
      },
      list: { query: call("agentRuns.list", () => [...runs.values()].reverse()) },
      get: {
        query: call("agentRuns.get", (input) => {
          const run = runs.get(input.runId as string);
          if (!run) throw refuse("NOT_FOUND", "Run not found.", 404);
          return run;
        }),
      },
    },
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
  const runTopics: {
    onLive: () => void;
    onRuns: (ids: string[]) => void;
    onError: (e: unknown) => void;
    closed: boolean;
  }[] = [];
  const watchRuns: WatchRuns = (handlers) => {
    const topic = { ...handlers, closed: false };
    runTopics.push(topic);
    return () => {
      topic.closed = true;
    };
  };
  const posted: Record<string, unknown>[] = [];
  const flushes: (() => void)[] = [];
  const bridge = new AppBridge({
    pin: PIN,
    client,
    watch,
    watchRuns,
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
  return { bridge, send, calls, streams, runTopics, runs, posted, flushes, frame };
}

/** A run as the agentRuns procedures return it. */
function serverRun(id: string, over: Record<string, unknown> = {}) {
  return {
    id,
    appId: PIN.appId,
    agentId: "triage",
    agentName: "Triage",
    scope: "draft" as "draft" | "published",
    trigger: { type: "manual" as const },
    status: "pending" as string,
    result: null as string | null,
    failureCode: null,
    failureMessage: null,
    provider: "offline",
    model: "offline-agent",
    approvalMode: "mock" as const,
    createdAt: "2026-01-01T00:00:00.000Z",
    startedAt: null,
    finishedAt: null,
    createdBy: "55555555-5555-4555-8555-555555555555",
    ...over,
  };
}

/** Lets the bridge's reads (promises) settle. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

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

describe("bridge: agents", () => {
  test("lists the declared agents and the approval state, nothing more", async () => {
    const { send, calls, posted } = setup();
    await send(msg("agent.list", {}));
    expect(calls).toEqual([
      { path: "agentRuns.agents", input: { workspaceId: PIN.workspaceId, appId: PIN.appId } },
    ]);
    expect(posted[0]).toEqual({
      source: "second-platform",
      kind: "response",
      id: "req-1",
      ok: true,
      result: {
        approval: "mock",
        agents: [
          {
            id: "triage",
            name: "Triage",
            description: "Sorts tickets.",
            triggers: [{ type: "manual" }],
            canRunManually: true,
          },
        ],
      },
    });
  });

  test("starts a run in the pinned app and scope and answers with the run, minus server detail", async () => {
    const { send, calls, posted } = setup();
    await send(msg("agent.run", { agentId: "triage", input: { documentId: "d1" } }));
    expect(calls).toEqual([
      {
        path: "agentRuns.start",
        input: { agentId: "triage", input: { documentId: "d1" }, ...PIN },
      },
    ]);
    const result = (posted[0] as { result: Record<string, unknown> }).result;
    expect(result).toMatchObject({ agentId: "triage", status: "pending", scope: "draft" });
    for (const hidden of ["appId", "provider", "model", "createdBy"]) {
      expect(result).not.toHaveProperty(hidden);
    }
    await send(msg("agent.run", { agentId: "triage" }, { id: "req-2" }));
    expect(calls[1]?.input.input).toEqual({});
  });

  test("passes a refusal on with the server's code and message", async () => {
    const { send, posted } = setup();
    await send(msg("agent.run", { agentId: "unapproved" }));
    expect(posted[0]).toMatchObject({
      ok: false,
      error: { code: "PRECONDITION_FAILED", message: "An admin must approve this app's agents." },
    });
  });

  test("lists only the pinned scope's runs", async () => {
    const { send, runs, posted } = setup();
    runs.set("r-draft", serverRun("r-draft"));
    runs.set("r-pub", serverRun("r-pub", { scope: "published" }));
    runs.set("r-other", serverRun("r-other", { appId: "66666666-6666-4666-8666-666666666666" }));
    await send(msg("agent.runs", { agentId: "triage" }));
    const result = (posted[0] as { result: { runs: { id: string }[] } }).result;
    expect(result.runs.map((r) => r.id)).toEqual(["r-draft"]);
  });

  test("cannot watch a run of another app or scope: it is not found, like no run", async () => {
    const { send, runs, runTopics, posted } = setup();
    const otherApp = "77777777-7777-4777-8777-777777777777";
    const otherScope = "88888888-8888-4888-8888-888888888888";
    runs.set(otherApp, serverRun(otherApp, { appId: "66666666-6666-4666-8666-666666666666" }));
    runs.set(otherScope, serverRun(otherScope, { scope: "published" }));
    await send(msg("agent.watch", { runId: otherApp }, { id: "w1" }));
    await send(msg("agent.watch", { runId: otherScope }, { id: "w2" }));
    runTopics[0]!.onLive();
    await settle();
    expect(posted).toEqual([
      expect.objectContaining({
        id: "w1",
        ok: false,
        error: expect.objectContaining({ code: "NOT_FOUND" }),
      }),
      expect.objectContaining({
        id: "w2",
        ok: false,
        error: expect.objectContaining({ code: "NOT_FOUND" }),
      }),
    ]);
    expect(runTopics[0]!.closed).toBe(true);
  });

  test("answers a watch once live, pushes each change of its runs, and stops", async () => {
    const { send, runs, runTopics, posted, calls } = setup();
    await send(msg("agent.run", { agentId: "triage" }, { id: "start" }));
    const runId = (posted[0] as { result: { id: string } }).result.id;
    await send(msg("agent.watch", { agentId: "triage" }, { id: "w1" }));
    await send(msg("agent.watch", { runId }, { id: "w2" }));
    expect(runTopics).toHaveLength(1);
    expect(posted).toHaveLength(1);

    runTopics[0]!.onLive();
    await settle();
    expect(posted[1]).toMatchObject({ id: "w1", ok: true, result: { watchId: "w1" } });
    expect(posted[2]).toMatchObject({ id: "w2", ok: true, result: { runs: [{ id: runId }] } });

    // Another run of the app changed: the agent's list is read again, the run watch is not.
    const reads = calls.length;
    runTopics[0]!.onRuns(["99999999-9999-4999-8999-999999999999"]);
    await settle();
    expect(calls.slice(reads).map((c) => c.path)).toEqual(["agentRuns.list"]);
    expect(posted).toHaveLength(3);

    runs.set(runId, serverRun(runId, { status: "completed", result: "Sorted as urgent." }));
    runTopics[0]!.onRuns([runId]);
    await settle();
    expect(posted.slice(3)).toEqual([
      {
        source: "second-platform",
        kind: "agent-runs",
        watchId: "w1",
        runs: [
          expect.objectContaining({ id: runId, status: "completed", result: "Sorted as urgent." }),
        ],
      },
      {
        source: "second-platform",
        kind: "agent-runs",
        watchId: "w2",
        runs: [expect.objectContaining({ id: runId, status: "completed" })],
      },
    ]);

    await send(msg("agent.unwatch", { watchId: "w1" }, { id: "u1" }));
    expect(runTopics[0]!.closed).toBe(false);
    await send(msg("agent.unwatch", { watchId: "w2" }, { id: "u2" }));
    expect(runTopics[0]!.closed).toBe(true);
  });

  test("a watched run that goes away ends its watch with an error", async () => {
    const { send, runs, runTopics, posted } = setup();
    await send(msg("agent.run", { agentId: "triage" }, { id: "start" }));
    const runId = (posted[0] as { result: { id: string } }).result.id;
    await send(msg("agent.watch", { runId }, { id: "w1" }));
    runTopics[0]!.onLive();
    await settle();
    runs.delete(runId);
    runTopics[0]!.onRuns([runId]);
    await settle();
    expect(posted.at(-1)).toMatchObject({
      kind: "watch-error",
      watchId: "w1",
      error: { code: "NOT_FOUND" },
    });
    expect(runTopics[0]!.closed).toBe(true);
  });

  test("limits agent watches, drops them on a new document, and on dispose", async () => {
    const { bridge, send, runTopics, posted } = setup();
    for (let i = 0; i < MAX_AGENT_WATCHES; i++) {
      await send(msg("agent.watch", { agentId: "triage" }, { id: `w${i}` }));
    }
    await send(msg("agent.watch", { agentId: "triage" }, { id: "one-too-many" }));
    expect(posted.at(-1)).toMatchObject({ id: "one-too-many", error: { code: "LIMIT_EXCEEDED" } });
    await send(msg("agent.watch", { agentId: "triage" }, { id: "w0" }));
    expect(posted.at(-1)).toMatchObject({ id: "w0", error: { code: "CONFLICT" } });
    expect(runTopics).toHaveLength(1);

    await send(msg("hello", {}, { id: "h1" }));
    expect(runTopics[0]!.closed).toBe(true);
    runTopics[0]!.onLive();
    await settle();
    expect(posted.filter((p) => p.ok === true && p.id !== "h1")).toEqual([]);

    await send(msg("agent.watch", { agentId: "triage" }, { id: "after" }));
    expect(runTopics).toHaveLength(2);
    bridge.dispose();
    expect(runTopics[1]!.closed).toBe(true);
  });

  test("a refused run topic fails every agent watch", async () => {
    const { send, runTopics, posted } = setup();
    await send(msg("agent.watch", { agentId: "triage" }, { id: "w1" }));
    runTopics[0]!.onError(
      TRPCClientError.from({
        error: {
          code: -32603,
          message: "App not found.",
          data: { code: "NOT_FOUND", httpStatus: 404 },
        },
      }),
    );
    expect(posted).toEqual([
      expect.objectContaining({
        id: "w1",
        ok: false,
        error: { code: "NOT_FOUND", message: "App not found." },
      }),
    ]);
    await send(msg("agent.watch", { agentId: "triage" }, { id: "w2" }));
    expect(runTopics).toHaveLength(2);
  });
});
