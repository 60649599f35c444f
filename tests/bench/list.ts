// App-data lists at scale, through the real server process over HTTP, each against a baseline of
// the same run: the same SQL sent straight to PostgreSQL, keyset paging in SQL, the first page,
// or a hand-written query on a purpose-made index. Then a scale table: write → subscriber latency
// and write throughput at 1 / 100 / 1,000 subscribers, list latency at 1k / 100k / 1M documents.
import { EventSource } from "eventsource";
import type postgres from "postgres";
import { createDatabase } from "../../db/client";
import { encodeCursor } from "../../src/data/cursor";
import { syncIndexes } from "../../src/data/indexes";
import {
  keyedPlan,
  keyedStatement,
  listStatement,
  orderOf,
  READ_SETTINGS,
} from "../../src/data/list";
import { ListInput } from "../../src/data/schemas";
import { storeAgentBuild } from "../support/agent-apps";
import type { TestDatabase } from "../support/db";
import { client } from "../support/server";
import { percentile, spawnServer, throughput } from "./lib";

type Sql = postgres.Sql;

/** Loads `n` documents as the owner (a bulk load: no statistics until ANALYZE), with their count. */
async function bulk(sql: Sql, ws: string, appId: string, collection: string, n: number) {
  await sql`
    insert into app_documents (workspace_id, app_id, scope, collection, id, data,
      created_by_kind, created_by, updated_by_kind, updated_by, created_at, updated_at)
    select ${ws}, ${appId}, 'draft', ${collection}, 'd' || lpad(g::text, 7, '0'),
      jsonb_build_object('title', 'Item ' || g, 'kind', 'k' || (g % 10), 'rank', (g::bigint * 7919) % 100000),
      'user', 'seed', 'user', 'seed',
      timestamptz '2026-01-01' + make_interval(secs => g), timestamptz '2026-01-01' + make_interval(secs => g)
    from generate_series(1, ${n}) g`;
  await sql`insert into app_collection_counts (workspace_id, app_id, scope, collection, shard, documents)
    values (${ws}, ${appId}, 'draft', ${collection}, 0, ${n})`;
}

/** p50 of `rounds` timings of `op`, interleaved with `base` so both see the same machine. */
async function paired(rounds: number, op: () => Promise<unknown>, base: () => Promise<unknown>) {
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < 3; i++) {
    await op();
    await base();
  }
  for (let i = 0; i < rounds; i++) {
    let t = performance.now();
    await op();
    a.push(performance.now() - t);
    t = performance.now();
    await base();
    b.push(performance.now() - t);
  }
  const p = { p50: percentile(a, 50), baseP50: percentile(b, 50) };
  return { ...p, ratio: +(p.p50 / p.baseP50).toFixed(2) };
}

const p50Of = async (rounds: number, op: () => Promise<unknown>) => {
  const s: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    await op();
    s.push(performance.now() - t);
  }
  return percentile(s, 50);
};

const COLUMNS = "id, data, version, created_by_kind, created_by, created_at, updated_at";

export async function benchList(db: TestDatabase) {
  const started = performance.now();
  const server = await spawnServer(db, { DATABASE_POOL_SIZE: "20", LOG_LEVEL: "warn" });
  // One owner session, read settings as the server's reads have them, jsonb sent as the server does.
  const ownerDb = createDatabase(db.ownerUrl, { max: 1 });
  const sql = ownerDb.sql;
  const appDb = createDatabase(db.appUrl, { max: 4 });
  try {
    const c = client(server.url);
    await c.auth.onboard.mutate({ displayName: "Bench Lister" });
    const ws = await c.workspaces.create.mutate({ name: "Lists" });
    const app = await c.apps.create.mutate({ workspaceId: ws.id, name: "List bench" });
    const at = (collection: string) => ({
      workspaceId: ws.id,
      appId: app.id,
      scope: "draft" as const,
      collection,
    });
    const loadStart = performance.now();
    await bulk(sql, ws.id, app.id, "k1", 1_000);
    await bulk(sql, ws.id, app.id, "k10", 10_000);
    await bulk(sql, ws.id, app.id, "k100", 100_000);
    await bulk(sql, ws.id, app.id, "m1", 1_000_000);
    const loadMs = Math.round(performance.now() - loadStart);
    for (const [k, v] of Object.entries(READ_SETTINGS(60_000)))
      await sql`select set_config(${k}, ${v}, false)`;
    const stmt = (
      collection: string,
      v: Record<string, unknown>,
      after: { id: string; key: unknown } | null = null,
    ) => listStatement(sql as never, ws.id, ListInput.parse({ ...at(collection), ...v }), after);
    // Declared indexes on k100 (kind, rank), keyed the way the server does after a declaration.
    await storeAgentBuild(
      appDb,
      { workspaceId: ws.id, appId: app.id },
      {
        "collections.json": {
          version: 1,
          collections: {
            k100: {
              fields: {
                title: { type: "string" },
                kind: { type: "string" },
                rank: { type: "number" },
              },
              indexes: [{ fields: ["kind"] }, { fields: ["rank"] }],
            },
          },
        },
      },
    );
    const keyStart = performance.now();
    await syncIndexes(appDb, ws.id, at("k100"), ["kind", "rank"]);
    const keyFillMs = Math.round(performance.now() - keyStart);
    const loc = (collection: string) =>
      sql`workspace_id = ${ws.id} and app_id = ${app.id} and scope = 'draft' and collection = ${collection}`;

    // 1. First page of 10k: HTTP vs the same SQL.
    const firstPage = await paired(
      60,
      () => c.data.list.query({ ...at("k10"), limit: 50 }),
      () => stmt("k10", { limit: 50 }),
    );

    // 2. Paging to the end of 10k (200 a page) vs keyset paging of the same rows in SQL.
    const pageAll = async () => {
      let cursor: string | null = null;
      let n = 0;
      do {
        const p: { documents: unknown[]; nextCursor: string | null } = await c.data.list.query({
          ...at("k10"),
          limit: 200,
          cursor,
        });
        n += p.documents.length;
        cursor = p.nextCursor;
      } while (cursor);
      return n;
    };
    const sqlPageAll = async () => {
      let last: { id: string; key: unknown } | null = null;
      for (;;) {
        const rows: postgres.Row[] = await stmt("k10", { limit: 200 }, last);
        if (rows.length <= 200) break;
        last = { id: rows[199]!.id as string, key: rows[199]!.sort_key };
      }
    };
    const pagingAll = await paired(5, pageAll, sqlPageAll);

    // 3. 1M documents: the last page against the first.
    const [tail] = await sql`select id, created_at::text as t from app_documents where ${loc("m1")}
      order by created_at desc, id desc offset 50 limit 1`;
    const lastCursor = encodeCursor({
      field: "_createdAt",
      direction: "asc",
      id: tail!.id as string,
      key: tail!.t,
    });
    const lastPage = await c.data.list.query({ ...at("m1"), limit: 50, cursor: lastCursor });
    if (lastPage.documents.length !== 50 || lastPage.nextCursor !== null)
      throw new Error("the last page of 1M is not the last 50 documents");
    const lastVsFirst = await paired(
      40,
      () => c.data.list.query({ ...at("m1"), limit: 50, cursor: lastCursor }),
      () => c.data.list.query({ ...at("m1"), limit: 50 }),
    );

    // 4. Declared index at 100k: our statement vs hand-written SQL on a purpose-made index.
    // Hand-written SQL on purpose-made indexes, with statistics (ANALYZE) and sorting allowed.
    await sql`select set_config('enable_sort', 'on', false)`;
    await sql.unsafe(`create index bench_kind_idx on app_documents
      (workspace_id, app_id, scope, collection, (data ->> 'kind'), created_at, id)`);
    await sql.unsafe(`create index bench_rank_idx on app_documents
      (workspace_id, app_id, scope, collection, (data -> 'rank'), created_at, id)`);
    // Steady state for both sides: statistics, and the visibility map autovacuum would set.
    await sql`vacuum analyze app_documents`;
    await sql`vacuum analyze app_document_keys`;
    const keyed = new Set(["kind", "rank"]);
    const ours = (v: Record<string, unknown>) => {
      const input = ListInput.parse({ ...at("k100"), limit: 50, ...v });
      const order = orderOf(sql as never, input);
      const plan = keyedPlan(order, input.filter ?? null, keyed)!;
      return () => keyedStatement(sql as never, ws.id, input, order, plan, null, "present", 51, 51);
    };
    // Sub-millisecond reads on shared cores: enough rounds that the p50s hold still.
    const eqFilter = await paired(
      300,
      ours({ filter: { kind: "k3" } }),
      () =>
        sql`select ${sql.unsafe(COLUMNS)} from app_documents where ${loc("k100")}
          and data ->> 'kind' = 'k3' order by created_at, id limit 51`,
    );
    const sorted = await paired(
      300,
      ours({ sort: { field: "rank", direction: "asc" } }),
      () =>
        sql`select ${sql.unsafe(COLUMNS)} from app_documents where ${loc("k100")}
          and data -> 'rank' is not null order by data -> 'rank', created_at, id limit 51`,
    );
    const eqHttp = await p50Of(30, () =>
      c.data.list.query({ ...at("k100"), limit: 50, filter: { kind: "k3" } }),
    );
    const sortHttp = await p50Of(30, () =>
      c.data.list.query({ ...at("k100"), limit: 50, sort: { field: "rank", direction: "asc" } }),
    );
    await sql.unsafe("drop index bench_kind_idx; drop index bench_rank_idx");
    await sql`select set_config('enable_sort', 'off', false)`;

    // 5. The write path with and without declared indexes, same run, same server.
    await storeAgentBuild(
      appDb,
      { workspaceId: ws.id, appId: app.id },
      {
        "collections.json": {
          version: 1,
          collections: {
            k100: {
              fields: { kind: { type: "string" }, rank: { type: "number" } },
              indexes: [{ fields: ["kind"] }, { fields: ["rank"] }],
            },
            wi: {
              fields: { kind: { type: "string" }, rank: { type: "number" } },
              indexes: [{ fields: ["kind"] }, { fields: ["rank"] }],
            },
          },
        },
      },
    );
    await syncIndexes(appDb, ws.id, at("wi"), ["kind", "rank"]);
    const writeN = 1500;
    const doc = (i: number) => ({ title: `W ${i}`, kind: `k${i % 10}`, rank: i });
    const plainW = await throughput(writeN, (i) =>
      c.data.insert.mutate({ ...at("wplain"), data: doc(i) }),
    );
    const indexedW = await throughput(writeN, (i) =>
      c.data.insert.mutate({ ...at("wi"), data: doc(i) }),
    );
    const plainW2 = await throughput(writeN, (i) =>
      c.data.insert.mutate({ ...at("wplain"), data: doc(i) }),
    );
    const plainPerSecond = Math.round((plainW.perSecond + plainW2.perSecond) / 2);

    // 6. Scale: list latency (first page, HTTP) by collection size.
    const listAt: Record<string, number> = {};
    for (const [name, col] of [
      ["1k", "k1"],
      ["10k", "k10"],
      ["100k", "k100"],
      ["1M", "m1"],
    ] as const)
      listAt[name] = await p50Of(40, () => c.data.list.query({ ...at(col), limit: 50 }));
    const countsP50 = await p50Of(30, () =>
      c.data.collections.query({ workspaceId: ws.id, appId: app.id, scope: "draft" }),
    );

    // Subscribers: latency of one write to all, and write throughput, at 1 / 100 / 1,000.
    const subscribersAt = await scaleSubscribers(server.url, c.jar, at("scale"), [1, 100, 1000]);

    return {
      loadMs,
      keyFill100kMs: keyFillMs,
      firstPage10k: firstPage,
      pagingToEnd10k: pagingAll,
      lastVsFirst1M: lastVsFirst,
      indexedEquality100k: { ...eqFilter, httpP50: eqHttp },
      indexedSort100k: { ...sorted, httpP50: sortHttp },
      writes: {
        plainPerSecond,
        twoIndexesPerSecond: indexedW.perSecond,
        ratio: +(indexedW.perSecond / plainPerSecond).toFixed(2),
      },
      listP50: listAt,
      collectionsP50: countsP50,
      subscribers: subscribersAt,
      totalMs: Math.round(performance.now() - started),
    };
  } finally {
    await appDb.close();
    await ownerDb.close();
    await server.stop();
  }
}

/** An SSE reader of live.stream (the bare EventSource, as live-latency.ts's fan-out uses). */
function stream(
  url: string,
  jar: Map<string, string>,
  at: { workspaceId: string; appId: string; scope: "draft" },
  onChange: (id: string) => void,
) {
  const { workspaceId, ...target } = at;
  const input = { workspaceId, topics: [{ kind: "data", key: "d", ...target }] };
  const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  return new Promise<EventSource>((resolve, reject) => {
    const es = new EventSource(
      `${url}/trpc/live.stream?input=${encodeURIComponent(JSON.stringify(input))}`,
      { fetch: (u, init) => fetch(u, { ...init, headers: { ...init?.headers, cookie } }) },
    );
    es.onerror = reject;
    es.onmessage = (e) => {
      const { events } = JSON.parse(e.data) as {
        events: { kind: string; changes?: { id: string }[] }[];
      };
      for (const t of events) for (const ch of t.changes ?? []) onChange(ch.id);
      resolve(es);
    };
  });
}

async function scaleSubscribers(
  url: string,
  jar: Map<string, string>,
  at: { workspaceId: string; appId: string; scope: "draft"; collection: string },
  levels: number[],
) {
  const c = client(url, jar);
  const { collection: _, ...target } = at;
  const seen = new Map<string, number>();
  const arrived = (id: string) => seen.set(id, (seen.get(id) ?? 0) + 1);
  const open: EventSource[] = [];
  const out: Record<string, { p50: number; p99: number; writesPerSecond: number }> = {};
  let w = 0;
  try {
    for (const n of levels) {
      while (open.length < n) {
        const k = Math.min(50, n - open.length);
        open.push(
          ...(await Promise.all(
            Array.from({ length: k }, () => stream(url, jar, target, arrived)),
          )),
        );
      }
      const samples: number[] = [];
      for (let i = 0; i < 15; i++) {
        const id = `s${w++}`;
        const t0 = performance.now();
        await c.data.insert.mutate({ ...at, id, data: { i } });
        while ((seen.get(id) ?? 0) < n) await Bun.sleep(1);
        samples.push(performance.now() - t0);
      }
      const base = w;
      const count = 400;
      const tp = await throughput(count, (i) =>
        c.data.insert.mutate({ ...at, id: `t${base + i}`, data: { i } }),
      );
      w += count;
      // Every subscriber gets every write before the next level.
      const deadline = Date.now() + 60_000;
      for (let i = 0; i < count && Date.now() < deadline; i++)
        while ((seen.get(`t${base + i}`) ?? 0) < n && Date.now() < deadline) await Bun.sleep(5);
      out[String(n)] = {
        p50: percentile(samples, 50),
        p99: percentile(samples, 99),
        writesPerSecond: tp.perSecond,
      };
    }
  } finally {
    for (const es of open) es.close();
  }
  return out;
}

if (import.meta.main) {
  const { createTemplate, createTestDatabase, dropRunDatabases } = await import("../support/db");
  process.env.SECOND_TEST_TEMPLATE ??= await createTemplate();
  const d = await createTestDatabase();
  try {
    console.log(JSON.stringify(await benchList(d), null, 2));
  } finally {
    await d.drop();
    await dropRunDatabases();
  }
  process.exit(0);
}
