import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import fc from "fast-check";
import postgres from "postgres";
import { z } from "zod";
import { createApp } from "../../src/http/app";
import { appRouter } from "../../src/trpc/router";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { addMembership } from "../support/factories";
import { arbitraryFor, NASTY_STRINGS } from "../support/fuzz";
import { client, testConfig } from "../support/server";

/**
 * Every procedure's input schema, fuzzed over real HTTP as a signed-in member: plausible inputs
 * (real ids, so calls reach the database), hostile strings and numbers, and wrong types. No answer
 * may be a 5xx, nothing may be logged as failed, and a refused mutation changes nothing.
 * The seed is fixed so every run of the suite sends the same inputs; FUZZ_SEED=<n> replays
 * another seed, FUZZ_SEED=random explores a new one. FUZZ_RUNS sets the calls per procedure.
 */
const SEED =
  process.env.FUZZ_SEED === "random"
    ? Date.now() % 2 ** 31
    : Number(process.env.FUZZ_SEED ?? 20261130);
const RUNS = Number(process.env.FUZZ_RUNS ?? 20);
const STREAM_RUNS = Math.ceil(RUNS / 3);

const logged: string[] = [];
let db: TestDatabase;
let app: ReturnType<typeof createApp>;
let server: ReturnType<typeof Bun.serve>;
let url: string;
let owner: postgres.Sql;

beforeAll(async () => {
  console.log(`fuzz seed ${SEED} (FUZZ_SEED=${SEED} replays it), ${RUNS} runs per procedure`);
  db = await createTestDatabase();
  app = createApp(testConfig(db, { logLevel: "error" }), { logSink: (l) => logged.push(l) });
  server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: app.fetch, idleTimeout: 0 });
  url = `http://127.0.0.1:${server.port}`;
  owner = postgres(db.ownerUrl, { max: 1, onnotice: () => {} });
});
afterAll(async () => {
  await owner?.end();
  await server?.stop(true);
  await app?.close();
  await db?.drop();
});

type Kind = "query" | "mutation" | "subscription";
const procedures = appRouter._def.procedures as unknown as Record<
  string,
  { _def: { type: Kind; inputs: unknown[] } }
>;

/** A member's workspace with one of everything, so generated ids can name real rows. */
async function scene() {
  const c = client(url);
  const user = await c.auth.onboard.mutate({ displayName: "Fuzz Owner" });
  const ws = await c.workspaces.create.mutate({ name: "Fuzzed" });
  const workspaceId = ws.id;
  const other = await client(url).auth.onboard.mutate({ displayName: "Fuzz Member" });
  await addMembership(db, workspaceId, other.id, "member");
  const created = await c.apps.create.mutate({ workspaceId, name: "Fuzz app" });
  const doc = await c.data.insert.mutate({
    workspaceId,
    appId: created.id,
    scope: "draft",
    collection: "notes",
    data: { title: "first", done: false },
  });
  const team = await c.teams.create.mutate({ workspaceId, name: "Fuzz team" });
  const run = await c.runs.create.mutate({
    workspaceId,
    appId: created.id,
    prompt: "Build a notes app",
    provider: "offline",
  });
  const { events } = await c.audit.list.query({ workspaceId, limit: 1 });
  const cookie = [...c.jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const pools: Record<string, readonly unknown[]> = {
    workspaceId: [workspaceId],
    appId: [created.id],
    runId: [run.id],
    teamId: [team.id],
    teamIds: [team.id],
    userId: [other.id, user.id],
    actorId: [user.id],
    eventId: [events[0]!.id],
    id: [doc._id],
    collection: ["notes", "tasks"],
    scope: ["draft"],
    field: ["title", "_createdAt", "_id", "constructor", "__proto__"],
    // Upsert keys are arrays of field names; live topic keys are strings.
    key: [["title"], ["constructor"], ["__proto__"], "k1", "k2", "k3", "k4"],
    cursor: ["0", "50", "999999999", 1],
    lastEventId: ["0", "1"],
    path: ["src/App.tsx", "index.html", "../../etc/passwd"],
    expectedVersion: [1, 2],
  };
  return { workspaceId, cookie, pools };
}

/** The rows a refused mutation must leave alone; the audit row of a refusal itself is allowed. */
async function fingerprint(workspaceId: string) {
  const [row] = await owner`
    select
      (select count(*) from audit_events
        where workspace_id = ${workspaceId} and outcome <> 'denied')::int as audit,
      (select count(*) || ':' || coalesce(sum(version), 0) from app_documents
        where workspace_id = ${workspaceId}) as documents,
      (select string_agg(name, ',' order by id) from apps where workspace_id = ${workspaceId}) as apps,
      (select string_agg(name, ',' order by id) from teams where workspace_id = ${workspaceId}) as teams,
      (select string_agg(user_id::text || role::text, ',' order by user_id) from memberships
        where workspace_id = ${workspaceId}) as members,
      (select name from workspaces where id = ${workspaceId}) as workspace`;
  return row;
}

/** Status, and for a stream the first event after "connected" (the procedure's own answer). */
async function call(path: string, kind: Kind, cookie: string, input: unknown) {
  const encoded = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const headers: Record<string, string> = { cookie };
  if (kind === "mutation") {
    const res = await fetch(`${url}/trpc/${path}`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: input === undefined ? undefined : JSON.stringify(input),
    });
    await res.arrayBuffer();
    return { status: res.status, event: "" };
  }
  const abort = new AbortController();
  const res = await fetch(`${url}/trpc/${path}${encoded}`, {
    headers: kind === "subscription" ? { ...headers, accept: "text/event-stream" } : headers,
    signal: abort.signal,
  });
  if (!(res.headers.get("content-type") ?? "").includes("text/event-stream")) {
    await res.arrayBuffer();
    return { status: res.status, event: "" };
  }
  // The SSE ping (every 5 s) bounds this read when a stream has nothing to say yet.
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return { status: res.status, event: buffered };
      buffered += value;
      const events = buffered.split("\n\n").slice(0, -1);
      const answer = events.find((e) => !e.startsWith("event: connected"));
      if (answer) return { status: res.status, event: answer };
    }
  } finally {
    abort.abort();
    await reader.cancel().catch(() => {});
  }
}

const statuses = new Map<number, number>();

/** A path segment; a lone surrogate (which encodeURIComponent refuses) as its raw bytes would be. */
function encodeSegment(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return "%ED%A0%80";
  }
}

describe("fuzzing every procedure's input", () => {
  const names = Object.keys(procedures).sort();
  afterAll(() => {
    const counts = [...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}: ${n}`);
    console.log(`fuzz answers by status — ${counts.join(", ")}`);
  });

  test("the router has procedures to fuzz", () => {
    expect(names.length).toBeGreaterThan(30);
  });

  test("routes outside tRPC (source export, previews) answer generated paths without a 5xx", async () => {
    const { workspaceId, cookie, pools } = await scene();
    const logFrom = logged.length;
    const segment = fc.oneof(
      fc.constantFrom(
        workspaceId,
        String(pools.appId![0]),
        "x",
        "..",
        "%00",
        "%ED%A0%80",
        "%",
        "%2F",
      ),
      fc.constantFrom(...NASTY_STRINGS.filter((s) => s.length < 200)).map(encodeSegment),
      fc.string({ maxLength: 20, unit: "binary" }).map(encodeSegment),
    );
    const route = fc.oneof(
      fc.tuple(segment, segment).map(([w, a]) => `/api/workspaces/${w}/apps/${a}/source.zip`),
      fc
        .tuple(segment, segment, segment, segment)
        .map(([w, b, t, f]) => `/preview/${w}/${b}/${t}/${f}`),
    );
    const result = await fc.check(
      fc.asyncProperty(route, async (path) => {
        const res = await fetch(`${url}${path}`, { headers: { cookie } });
        await res.arrayBuffer();
        expect(res.status).toBeLessThan(500);
      }),
      { seed: SEED, numRuns: RUNS * 2, endOnFailure: true },
    );
    if (result.failed) throw new Error(`${result.counterexample?.[0]} failed (FUZZ_SEED=${SEED})`);
    expect(logged.slice(logFrom).filter((l) => JSON.parse(l).level === "error")).toEqual([]);
  });

  for (const name of names) {
    const { type, inputs } = procedures[name]!._def;
    test(`${name} (${type}) answers every generated input without a 5xx`, async () => {
      const { workspaceId, cookie, pools } = await scene();
      const logFrom = logged.length;
      // A tenant procedure's inputs are the workspace scope and its own: fuzz them as one object.
      const shapes = inputs.map((schema) => (schema as z.ZodObject).shape);
      const input = inputs.length
        ? arbitraryFor(z.object(Object.assign({}, ...shapes)), pools)
        : fc.constant(undefined);
      const seen: number[] = [];
      const result = await fc.check(
        fc.asyncProperty(input, async (value) => {
          const before = type === "mutation" ? await fingerprint(workspaceId) : null;
          const { status, event } = await call(name, type, cookie, value);
          seen.push(status);
          expect(status).toBeLessThan(500);
          expect(event).not.toMatch(/INTERNAL_SERVER_ERROR|"httpStatus":5\d\d/);
          if (before && status >= 400) expect(await fingerprint(workspaceId)).toEqual(before);
        }),
        { seed: SEED, numRuns: type === "subscription" ? STREAM_RUNS : RUNS, endOnFailure: true },
      );
      if (result.failed) {
        // The counterexample can hold a 70 KB string: report its start, and how to replay it.
        const example = JSON.stringify(result.counterexample?.[0])?.slice(0, 1500);
        throw new Error(
          `${name} failed for ${example}\n${String(result.errorInstance).slice(0, 1500)}\n` +
            `replay: FUZZ_SEED=${SEED} (path ${result.counterexamplePath})`,
        );
      }
      const errors = logged.slice(logFrom).filter((l) => JSON.parse(l).level === "error");
      expect(errors).toEqual([]);
      expect(seen.length).toBeGreaterThan(0);
      for (const status of seen) statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }, 120_000);
  }
});
