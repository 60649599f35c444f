import { describe, expect, test } from "bun:test";
import postgres from "postgres";
import { rawOf, withTenant } from "../../db/tenant";
import { encodeCursor } from "../../src/data/cursor";
import { DATA_LIMITS } from "../../src/data/limits";
import { listStatement, READ_SETTINGS } from "../../src/data/list";
import { ListInput } from "../../src/data/schemas";
import type { PlatformMessage } from "../../src/sdk/protocol";
import { AppBridge, type BridgeClient, type Pin } from "../../web/src/bridge/relay";
import { newApp } from "../support/apps";
import { type Client, failure, person, startServer } from "../support/server";
import { setupWorld } from "../support/world";

const world = setupWorld();

const owner = () => postgres(world.db.ownerUrl, { max: 1, onnotice: () => {} });

/** Bulk-loads `n` documents (as the owner, with their count), `{ i, team }` each. */
async function bulk(ws: string, appId: string, collection: string, n: number) {
  const sql = owner();
  try {
    await sql`
      insert into app_documents (workspace_id, app_id, scope, collection, id, data,
        created_by_kind, created_by, updated_by_kind, updated_by, created_at, updated_at)
      select ${ws}, ${appId}, 'draft', ${collection}, 'd' || lpad(g::text, 7, '0'),
        jsonb_build_object('i', g, 'team', case when g % 1000 = 0 then 'rare' else 'common' end),
        'user', 'seed', 'user', 'seed',
        now() - make_interval(secs => ${n} - g), now() - make_interval(secs => ${n} - g)
      from generate_series(1, ${n}) g`;
    await sql`insert into app_collection_counts (workspace_id, app_id, scope, collection, shard, documents)
      values (${ws}, ${appId}, 'draft', ${collection}, 0, ${n})`;
  } finally {
    await sql.end();
  }
}

describe("keyset paging", () => {
  test("every document comes once while others are inserted and deleted during paging", async () => {
    const { c, workspaceId } = await world.person("Pager", "Paging");
    const { at } = await newApp(c, workspaceId);
    const first = await c.data.insertMany.mutate({
      ...at("items"),
      documents: Array.from({ length: 60 }, (_, i) => ({
        id: `a${String(i).padStart(3, "0")}`,
        data: { n: i % 7, tag: `t${i}` },
      })),
    });
    const sorts = [
      undefined,
      { field: "_createdAt", direction: "desc" as const },
      { field: "_updatedAt", direction: "asc" as const },
      { field: "_id", direction: "desc" as const },
      { field: "n", direction: "asc" as const },
    ];
    for (const [s, sort] of sorts.entries()) {
      const seen: string[] = [];
      const removed = new Set<string>();
      const added = new Set<string>();
      let cursor: string | null = null;
      let turn = 0;
      do {
        const page: { documents: { _id: string }[]; nextCursor: string | null } =
          await c.data.list.query({ ...at("items"), limit: 7, cursor, sort });
        seen.push(...page.documents.map((d) => d._id));
        cursor = page.nextCursor;
        // Between pages: delete a document not seen yet, add one, touch one already seen.
        const unseen = first.find((d) => !seen.includes(d._id) && !removed.has(d._id));
        if (unseen) {
          await c.data.remove.mutate({ ...at("items"), id: unseen._id });
          removed.add(unseen._id);
        }
        const doc = await c.data.insert.mutate({
          ...at("items"),
          id: `s${s}x${turn++}`,
          data: { n: turn % 7 },
        });
        added.add(doc._id);
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      const kept = first.map((d) => d._id).filter((id) => !removed.has(id));
      for (const id of kept) expect(seen).toContain(id);
      for (const id of removed) expect(seen).not.toContain(id);
      for (const id of added) await c.data.remove.mutate({ ...at("items"), id });
      for (const id of removed) {
        const restored = first.find((d) => d._id === id)!;
        await c.data.insert.mutate({ ...at("items"), id, data: { n: restored.n as number } });
      }
    }
  });

  test("sorted pages follow the sort and end with a null cursor", async () => {
    const { c, workspaceId } = await world.person("Sorter", "Sorting");
    const { at } = await newApp(c, workspaceId);
    const names = ["Cy", "Al", null, "Bea", 3, "Dee", true];
    await c.data.insertMany.mutate({
      ...at("people"),
      documents: names.map((name, i) => ({ id: `p${i}`, data: name === null ? {} : { name } })),
    });
    const read = async (direction: "asc" | "desc") => {
      const out: unknown[] = [];
      let cursor: string | null = null;
      do {
        const page: { documents: Record<string, unknown>[]; nextCursor: string | null } =
          await c.data.list.query({
            ...at("people"),
            limit: 2,
            cursor,
            sort: { field: "name", direction },
          });
        out.push(...page.documents.map((d) => d.name ?? null));
        cursor = page.nextCursor;
      } while (cursor);
      return out;
    };
    // JSON order (strings, numbers, booleans); missing last either way, as the SDK sorts.
    expect(await read("asc")).toEqual(["Al", "Bea", "Cy", "Dee", 3, true, null]);
    expect(await read("desc")).toEqual([true, 3, "Dee", "Cy", "Bea", "Al", null]);
  });

  test("a malformed or tampered cursor, or one of another sort, is a typed BAD_REQUEST", async () => {
    const { c, workspaceId } = await world.person("Cursor Fiddler", "Cursors");
    const { at } = await newApp(c, workspaceId);
    await c.data.insertMany.mutate({
      ...at("rows"),
      documents: Array.from({ length: 5 }, (_, i) => ({ data: { i } })),
    });
    const p1 = await c.data.list.query({ ...at("rows"), limit: 2 });
    const forged = encodeCursor({
      field: "_createdAt",
      direction: "asc",
      id: "x",
      key: "not a time",
    });
    const b64 = (v: unknown) => `k1.${Buffer.from(JSON.stringify(v)).toString("base64url")}`;
    for (const cursor of [
      "12",
      "k1.!!",
      "k1.e30",
      b64(["_createdAt", 0]),
      b64(["_createdAt", 2, "x", '"2020-01-01 00:00:00+00"']),
      b64(["_createdAt", 0, "x", "{nope"]),
      forged,
      `k1.${"A".repeat(2000)}`,
    ]) {
      expect(await failure(c.data.list.query({ ...at("rows"), cursor }))).toMatchObject({
        code: "BAD_REQUEST",
        reason: "VALIDATION",
        message: expect.stringContaining("cursor"),
      });
    }
    const other = await failure(
      c.data.list.query({
        ...at("rows"),
        cursor: p1.nextCursor,
        sort: { field: "_id", direction: "asc" },
      }),
    );
    expect(other).toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("sorted by _createdAt asc"),
    });
  });

  test("another workspace's app lists as NOT_FOUND, with or without a cursor", async () => {
    const a = await world.person("Owner A", "Tenant A");
    const b = await world.person("Owner B", "Tenant B");
    const { app, at } = await newApp(a.c, a.workspaceId);
    await a.c.data.insertMany.mutate({
      ...at("secret"),
      documents: [{ data: { x: 1 } }, { data: { x: 2 } }],
    });
    const p1 = await a.c.data.list.query({ ...at("secret"), limit: 1 });
    for (const cursor of [null, p1.nextCursor]) {
      for (const ws of [a.workspaceId, b.workspaceId])
        expect(
          await failure(
            b.c.data.list.query({
              workspaceId: ws,
              appId: app.id,
              scope: "draft",
              collection: "secret",
              cursor,
            }),
          ),
        ).toMatchObject({ code: "NOT_FOUND" });
    }
    expect(
      await failure(
        b.c.data.collections.query({ workspaceId: b.workspaceId, appId: app.id, scope: "draft" }),
      ),
    ).toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("unindexed filters and sorts are bounded", () => {
  test("a filter on an unindexed field reads at most the scan bound per page and says so", async () => {
    const { c, workspaceId } = await world.person("Filterer", "Filters");
    const { app, at } = await newApp(c, workspaceId);
    const n = DATA_LIMITS.unindexedScanDocuments + 2_500;
    await bulk(workspaceId, app.id, "big", n);
    // 'rare' is every 1000th document: the first scan reads 10,000 and finds 10.
    const p1 = await c.data.list.query({ ...at("big"), filter: { team: "rare" }, limit: 20 });
    expect(p1.documents.map((d) => d.i)).toEqual(
      Array.from({ length: 10 }, (_, k) => (k + 1) * 1000),
    );
    expect(p1.unindexed).toMatchObject({
      fields: ["team"],
      scanLimit: DATA_LIMITS.unindexedScanDocuments,
      limited: true,
      message: expect.stringContaining("declare an index"),
    });
    expect(p1.nextCursor).not.toBeNull();
    const p2 = await c.data.list.query({
      ...at("big"),
      filter: { team: "rare" },
      limit: 20,
      cursor: p1.nextCursor,
    });
    expect(p2.documents.map((d) => d.i)).toEqual([11000, 12000]);
    expect(p2.unindexed?.limited).toBe(false);
    expect(p2.nextCursor).toBeNull();
    // A full page before the bound: the cursor is the last match.
    const common = await c.data.list.query({ ...at("big"), filter: { team: "common" }, limit: 3 });
    expect(common.documents.map((d) => d.i)).toEqual([1, 2, 3]);
    expect(common.unindexed?.limited).toBe(false);
    // Sorting by an unindexed field is refused past its bound, with what to do instead.
    expect(
      await failure(c.data.list.query({ ...at("big"), sort: { field: "i", direction: "asc" } })),
    ).toMatchObject({
      reason: "LIMIT_EXCEEDED",
      message: expect.stringContaining("declare one in collections.json"),
    });
    const [counted] = await c.data.collections.query({
      workspaceId,
      appId: app.id,
      scope: "draft",
    });
    expect(counted).toEqual({ name: "big", count: n });
  });
});

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Index Cond"?: string;
  Plans?: PlanNode[];
}
const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];

describe("list reads without statistics", () => {
  test("list, cursor, filter and count reads are index scans by their shape", async () => {
    const { c, workspaceId } = await world.person("List Planner", "List Plans");
    const { app } = await newApp(c, workspaceId);
    await bulk(workspaceId, app.id, "rows", 3_000);
    const sql = owner();
    try {
      const tables = ["app_documents", "app_collection_counts"];
      for (const t of tables) await sql.unsafe(`alter table ${t} set (autovacuum_enabled = false)`);
      await sql`delete from pg_statistic where starelid = any(${tables}::regclass[])`;
      await sql`update pg_class set reltuples = -1, relpages = 0 where oid = any(${tables}::regclass[])`;
      // As every read runs (READ_SETTINGS in src/data/list.ts).
      for (const [k, v] of Object.entries(READ_SETTINGS(1000)))
        await sql`select set_config(${k}, ${v}, false)`;
      // As the runtime role, under row-level security: only leakproof comparisons may be index
      // conditions there.
      await sql`select set_config('app.workspace_id', ${workspaceId}, false)`;
      await sql.unsafe(`set role "${new URL(world.db.appUrl).username}"`);
      const loc = { workspaceId, appId: app.id, scope: "draft" as const, collection: "rows" };
      const input = (v: Record<string, unknown>) => ListInput.parse({ ...loc, ...v });
      const [mid] = await sql`select id, created_at::text as c, updated_at::text as u
        from app_documents where app_id = ${app.id} and id = 'd0001500'`;
      const cases = [
        { input: input({}), after: null, index: "app_documents_created_idx" },
        {
          input: input({ sort: { field: "_createdAt", direction: "desc" } }),
          after: { id: mid!.id, key: mid!.c },
          index: "app_documents_created_idx",
        },
        {
          input: input({ sort: { field: "_updatedAt", direction: "asc" } }),
          after: { id: mid!.id, key: mid!.u },
          index: "app_documents_updated_idx",
        },
        {
          input: input({ sort: { field: "_id", direction: "asc" } }),
          after: { id: mid!.id, key: mid!.id },
          index: "pk",
        },
        {
          input: input({ filter: { team: "rare" } }),
          after: { id: mid!.id, key: mid!.c },
          index: "app_documents_created_idx",
        },
      ];
      for (const k of cases) {
        const query = listStatement(sql as never, workspaceId, k.input, k.after);
        const [row] = await sql`explain (format json) ${query}`;
        const plan = (row!["QUERY PLAN"] as { Plan: PlanNode }[])[0]!.Plan;
        const scans = nodes(plan).filter((n) => n["Relation Name"]);
        expect(scans.length).toBeGreaterThan(0);
        for (const s of scans) {
          expect(`${s["Relation Name"]}: ${s["Node Type"]}`).toMatch(/: Index (Only )?Scan$/);
          if (k.index === "pk") expect(s["Index Name"]).toMatch(/_pk$/);
          else {
            expect(s["Index Name"]).toBe(k.index);
            // The collection and the cursor bound the read, not a filter after it.
            expect(s["Index Cond"]).toContain("doc_key");
            if (k.after && !k.input.filter) expect(s["Index Cond"]).toMatch(/ROW\(/);
          }
        }
        expect(
          nodes(plan).some(
            (n) =>
              n["Node Type"] === "Sort" && !n.Plans?.some((p) => p["Node Type"] === "CTE Scan"),
          ),
        ).toBe(false);
      }
      const [count] = await sql`explain (format json) select collection, sum(documents)
        from app_collection_counts where workspace_id = ${workspaceId} and app_id = ${app.id}
          and scope = 'draft' group by collection`;
      const countScans = nodes((count!["QUERY PLAN"] as { Plan: PlanNode }[])[0]!.Plan).filter(
        (n) => n["Relation Name"],
      );
      for (const s of countScans) expect(s["Node Type"]).toMatch(/^Index (Only )?Scan$/);
    } finally {
      await sql.end();
    }
  });
});

describe("read timeout", () => {
  test("a read past the timeout answers TIMEOUT and leaves no query running in PostgreSQL", async () => {
    const server = startServer(world.db, {
      data: { documentsPerCollection: DATA_LIMITS.documentsPerCollection, readTimeoutMs: 300 },
    });
    const sql = owner();
    const blocker = postgres(world.db.ownerUrl, { max: 1, onnotice: () => {} });
    try {
      const { c, workspaceId } = await person(server.url, "Waiter", "Timeouts");
      const { at } = await newApp(c, workspaceId);
      await c.data.insert.mutate({ ...at("slow"), data: { x: 1 } });
      // Another session holds the table: the read waits on its lock until the timeout fires.
      let release!: () => void;
      const held = new Promise<void>((r) => {
        release = r;
      });
      let locked!: () => void;
      const isLocked = new Promise<void>((r) => {
        locked = r;
      });
      const holding = blocker.begin(async (tx) => {
        await tx`lock table app_documents in access exclusive mode`;
        locked();
        await held;
      });
      await isLocked;
      const started = Date.now();
      const f = await failure(c.data.list.query(at("slow")));
      const g = await failure(c.data.get.query({ ...at("slow"), id: "nope" }));
      release();
      await holding;
      expect(f).toMatchObject({
        code: "TIMEOUT",
        reason: "TIMEOUT",
        message: expect.stringContaining("300 ms"),
      });
      expect(g).toMatchObject({ code: "TIMEOUT" });
      expect(Date.now() - started).toBeLessThan(5_000);
      const running = await sql`select query from pg_stat_activity
        where datname = current_database() and state = 'active' and query ilike '%from app_documents%'
          and pid <> pg_backend_pid()`;
      expect(running.map((r) => r.query)).toEqual([]);
      // The server answers again once the table is free.
      expect((await c.data.list.query(at("slow"))).documents).toHaveLength(1);
    } finally {
      await blocker.end();
      await sql.end();
      await server.close();
    }
  });

  test("the timeout is transaction-local: pooled connections keep no statement_timeout", async () => {
    const { c, workspaceId } = await world.person("Local", "Local Timeout");
    const { at } = await newApp(c, workspaceId);
    await Promise.all(Array.from({ length: 8 }, () => c.data.list.query(at("any"))));
    const db = world.server.app.deps.db.db;
    const settings = await Promise.all(
      Array.from({ length: 8 }, () =>
        withTenant(db, { workspaceId }, async (tx) => {
          const [row] = await rawOf(tx)`select current_setting('statement_timeout') as t`;
          return row!.t as string;
        }),
      ),
    );
    expect(new Set(settings)).toEqual(new Set(["0"]));
  });
});

/** The preview's bridge with a real session's client: what an app's SDK sends and gets back. */
function bridgeFor(c: Client, pin: Pin) {
  const frame = {};
  const answers = new Map<string, (m: PlatformMessage) => void>();
  const bridge = new AppBridge({
    pin,
    client: c as unknown as BridgeClient,
    watch: () => () => {},
    watchRuns: () => () => {},
    frame: () => frame as MessageEventSource,
    post: (m) => {
      if (m.kind === "response") answers.get(m.id)?.(m);
    },
    theme: () => "light",
  });
  let n = 0;
  return async (op: string, params: unknown) => {
    const id = `r${++n}`;
    const answer = new Promise<PlatformMessage>((r) => answers.set(id, r));
    await bridge.onMessage({
      source: frame as MessageEventSource,
      data: { source: "second-app", id, op, params },
    });
    return (await answer) as unknown as {
      ok: boolean;
      result?: { documents: { _id: string }[]; nextCursor: string | null };
      error?: { code: string; message: string };
    };
  };
}

describe("the SDK pages through the bridge", () => {
  test("list answers a cursor; the next request with it reads the next page", async () => {
    const { c, workspaceId } = await world.person("Sdk Pager", "Sdk Paging");
    const { app, at } = await newApp(c, workspaceId);
    await c.data.insertMany.mutate({
      ...at("notes"),
      documents: Array.from({ length: 5 }, (_, i) => ({ id: `n${i}`, data: { i } })),
    });
    const ask = bridgeFor(c, { workspaceId, appId: app.id, scope: "draft" });
    const query = { limit: 2, sort: { field: "_id", direction: "desc" } };
    const ids: string[] = [];
    let cursor: string | undefined;
    for (let k = 0; k < 3; k++) {
      const page = await ask("list", { collection: "notes", query, ...(cursor && { cursor }) });
      expect(page.ok).toBe(true);
      ids.push(...page.result!.documents.map((d) => d._id));
      cursor = page.result!.nextCursor ?? undefined;
    }
    expect(ids).toEqual(["n4", "n3", "n2", "n1", "n0"]);
    expect(cursor).toBeUndefined();
    const bad = await ask("list", { collection: "notes", query, cursor: "k1.bm9wZQ" });
    expect(bad).toMatchObject({ ok: false, error: { message: expect.stringContaining("cursor") } });
  });
});
