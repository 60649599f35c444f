import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { MIGRATIONS_DIR } from "../../db/migrate";
import { syncIndexes } from "../../src/data/indexes";
import { keyedPlan, keyedStatement, orderOf, READ_SETTINGS } from "../../src/data/list";
import { ListInput } from "../../src/data/schemas";
import { setupAgentApps } from "../support/agent-apps";
import { newApp } from "../support/apps";
import type { Client } from "../support/server";
import { setupWorld } from "../support/world";

const world = setupWorld();
const storeBuild = setupAgentApps(() => world.db);

const COLLECTIONS = {
  version: 1,
  collections: {
    tasks: {
      fields: {
        title: { type: "string" },
        status: { type: "string" },
        rank: { type: "number" },
        team: { type: "string" },
      },
      indexes: [{ fields: ["status"] }, { fields: ["rank", "title"] }],
    },
  },
};

/** An app whose draft declares tasks.status and tasks.rank as indexed, keyed and ready. */
async function indexedApp(c: Client, workspaceId: string) {
  const { app, at } = await newApp(c, workspaceId);
  await storeBuild({ workspaceId, appId: app.id }, { "collections.json": COLLECTIONS });
  const ready = () =>
    syncIndexes(world.server.app.deps.db, workspaceId, at("tasks"), ["status", "rank"]);
  return { app, at, ready };
}

type Page = {
  documents: Record<string, unknown>[];
  nextCursor: string | null;
  unindexed?: { fields: string[] };
};

async function readAll(c: Client, input: Record<string, unknown>) {
  const out: Record<string, unknown>[] = [];
  const pages: Page[] = [];
  let cursor: string | null = null;
  do {
    const page: Page = await c.data.list.query({ ...input, cursor } as never);
    pages.push(page);
    out.push(...page.documents);
    cursor = page.nextCursor;
  } while (cursor);
  return { docs: out, pages };
}

describe("declared indexes", () => {
  test("equality filters and sorts on declared fields read the index; writes keep it current", async () => {
    const { c, workspaceId } = await world.person("Indexer", "Indexes");
    const { app, at, ready } = await indexedApp(c, workspaceId);
    const statuses = ["open", "done", "open", null, "open", "done", undefined];
    await c.data.insertMany.mutate({
      ...at("tasks"),
      documents: Array.from({ length: 21 }, (_, i) => ({
        id: `t${String(i).padStart(2, "0")}`,
        data: {
          title: `Task ${i}`,
          ...(statuses[i % 7] !== undefined ? { status: statuses[i % 7] } : {}),
          ...(i % 5 === 4 ? {} : { rank: (i * 7) % 10 }),
          team: i % 2 ? "red" : "blue",
        },
      })),
    });
    // The explorer's collections listing starts keying; this test waits for it to finish.
    await c.data.collections.query({ workspaceId, appId: app.id, scope: "draft" });
    await ready();
    const all = (await readAll(c, { ...at("tasks"), limit: 200 })).docs;

    const open = await readAll(c, { ...at("tasks"), filter: { status: "open" }, limit: 4 });
    expect(open.pages.every((p) => p.unindexed === undefined)).toBe(true);
    expect(open.docs.map((d) => d._id)).toEqual(
      all.filter((d) => d.status === "open").map((d) => d._id),
    );
    const newest = await readAll(c, {
      ...at("tasks"),
      filter: { status: "done" },
      sort: { field: "_createdAt", direction: "desc" },
      limit: 2,
    });
    expect(newest.docs.map((d) => d._id)).toEqual(
      all
        .filter((d) => d.status === "done")
        .map((d) => d._id)
        .reverse(),
    );

    // Sorted by rank both ways: missing last, ties by creation then id; same as unindexed order.
    // One insertMany: one creation time, so ties go by id.
    const byId = (x: Record<string, unknown>, y: Record<string, unknown>) =>
      (x._id as string) < (y._id as string) ? -1 : 1;
    const byRank = (dir: 1 | -1) => [
      ...all
        .filter((d) => d.rank !== undefined)
        .sort((x, y) => dir * ((x.rank as number) - (y.rank as number) || byId(x, y))),
      ...all.filter((d) => d.rank === undefined).sort((x, y) => dir * byId(x, y)),
    ];
    for (const [direction, dir] of [
      ["asc", 1],
      ["desc", -1],
    ] as const) {
      const sorted = await readAll(c, {
        ...at("tasks"),
        sort: { field: "rank", direction },
        limit: 3,
      });
      expect(sorted.docs.map((d) => d._id)).toEqual(byRank(dir).map((d) => d._id));
    }

    // A filter field the index does not serve is checked on each document, bounded and said.
    const mixed = await c.data.list.query({
      ...at("tasks"),
      filter: { status: "open", team: "red" },
    });
    expect(mixed.unindexed?.fields).toEqual(["team"]);
    expect(mixed.documents.map((d) => d._id)).toEqual(
      all.filter((d) => d.status === "open" && d.team === "red").map((d) => d._id as string),
    );

    // Writes move the keys in the same statement: update, delete, insert.
    const firstOpen = open.docs[0]!._id as string;
    await c.data.update.mutate({ ...at("tasks"), id: firstOpen, patch: { status: "done" } });
    await c.data.remove.mutate({ ...at("tasks"), id: open.docs[1]!._id as string });
    await c.data.insert.mutate({ ...at("tasks"), id: "fresh", data: { status: "open", rank: 0 } });
    const after = (await readAll(c, { ...at("tasks"), filter: { status: "open" } })).docs;
    expect(after.map((d) => d._id)).toEqual([...open.docs.slice(2).map((d) => d._id), "fresh"]);
    const done = (await readAll(c, { ...at("tasks"), filter: { status: "done" } })).docs;
    expect(done.map((d) => d._id)).toContain(firstOpen);
    const owner = postgres(world.db.ownerUrl, { max: 1, onnotice: () => {} });
    try {
      const [keys] =
        await owner`select count(*)::int as n from app_document_keys where app_id = ${app.id}`;
      const [docs] =
        await owner`select count(*)::int as n from app_documents where app_id = ${app.id}`;
      const stray = await owner`select k.doc_id, k.field, k.value, d.data from app_document_keys k
        left join app_documents d on d.app_id = k.app_id and d.id = k.doc_id and d.collection = k.collection and d.scope = k.scope
        where k.app_id = ${app.id} and (d.id is null or app_index_key(d.data -> k.field) <> k.value)`;
      expect(
        stray.map(
          (r) => `${r.doc_id} ${r.field} ${JSON.stringify(r.value)} ${JSON.stringify(r.data)}`,
        ),
      ).toEqual([]);
      expect(keys!.n).toBe(docs!.n * 2);
    } finally {
      await owner.end();
    }
  });

  test("paging an indexed sort returns each document once while others are written", async () => {
    const { c, workspaceId } = await world.person("Index Pager", "Index Paging");
    const { at, ready } = await indexedApp(c, workspaceId);
    const first = await c.data.insertMany.mutate({
      ...at("tasks"),
      documents: Array.from({ length: 40 }, (_, i) => ({
        id: `p${String(i).padStart(2, "0")}`,
        data: i % 6 === 0 ? { title: "no rank" } : { rank: i % 4 },
      })),
    });
    await ready();
    for (const direction of ["asc", "desc"] as const) {
      const seen: string[] = [];
      const removed = new Set<string>();
      let cursor: string | null = null;
      let turn = 0;
      do {
        const page: Page = await c.data.list.query({
          ...at("tasks"),
          sort: { field: "rank", direction },
          limit: 6,
          cursor,
        });
        seen.push(...page.documents.map((d) => d._id as string));
        cursor = page.nextCursor;
        const unseen = first.find((d) => !seen.includes(d._id) && !removed.has(d._id));
        if (unseen) {
          await c.data.remove.mutate({ ...at("tasks"), id: unseen._id });
          removed.add(unseen._id);
        }
        await c.data.insert.mutate({
          ...at("tasks"),
          id: `${direction}${turn++}`,
          data: { rank: turn % 4 },
        });
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      for (const d of first)
        if (!removed.has(d._id)) expect(seen).toContain(d._id);
        else expect(seen).not.toContain(d._id);
      for (const id of removed) {
        const doc = first.find((d) => d._id === id)!;
        const { _id, _version, _createdAt, _updatedAt, _createdBy, ...data } = doc;
        await c.data.insert.mutate({ ...at("tasks"), id, data });
      }
    }
  });

  test("an index declared after the data is filled for existing documents, then used", async () => {
    const { c, workspaceId } = await world.person("Late Declarer", "Late Index");
    const { app, at } = await newApp(c, workspaceId);
    await c.data.insertMany.mutate({
      ...at("tasks"),
      documents: Array.from({ length: 30 }, (_, i) => ({ data: { status: i % 3 ? "a" : "b" } })),
    });
    const before = await c.data.list.query({ ...at("tasks"), filter: { status: "b" } });
    expect(before.unindexed?.fields).toEqual(["status"]);
    await storeBuild({ workspaceId, appId: app.id }, { "collections.json": COLLECTIONS });
    // The first read after the declaration starts keying and still answers, unindexed.
    const during = await c.data.list.query({ ...at("tasks"), filter: { status: "b" } });
    expect(during.documents).toHaveLength(10);
    await syncIndexes(world.server.app.deps.db, workspaceId, at("tasks"), ["status", "rank"]);
    const indexed = await c.data.list.query({ ...at("tasks"), filter: { status: "b" } });
    expect(indexed.unindexed).toBeUndefined();
    expect(indexed.documents.map((d) => d._id)).toEqual(before.documents.map((d) => d._id));
    // Dropping the declaration drops its keys.
    await storeBuild(
      { workspaceId, appId: app.id },
      { "collections.json": { ...COLLECTIONS, collections: {} } },
    );
    await syncIndexes(world.server.app.deps.db, workspaceId, at("tasks"), []);
    const owner = postgres(world.db.ownerUrl, { max: 1, onnotice: () => {} });
    try {
      const [keys] =
        await owner`select count(*)::int as n from app_document_keys where app_id = ${app.id}`;
      expect(keys!.n).toBe(0);
    } finally {
      await owner.end();
    }
    const plain = await c.data.list.query({ ...at("tasks"), filter: { status: "b" } });
    expect(plain.unindexed?.fields).toEqual(["status"]);
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

describe("indexed reads without statistics", () => {
  test("an indexed filter and an indexed sort read keys and documents by index", async () => {
    const { c, workspaceId } = await world.person("Key Planner", "Key Plans");
    const { at, ready } = await indexedApp(c, workspaceId);
    await c.data.insertMany.mutate({
      ...at("tasks"),
      documents: Array.from({ length: 300 }, (_, i) => ({
        data: { status: `s${i % 3}`, rank: i },
      })),
    });
    await ready();
    const sql = postgres(world.db.ownerUrl, { max: 1, onnotice: () => {} });
    try {
      const tables = ["app_documents", "app_document_keys"];
      await sql`delete from pg_statistic where starelid = any(${tables}::regclass[])`;
      await sql`update pg_class set reltuples = -1, relpages = 0 where oid = any(${tables}::regclass[])`;
      // As every read runs (READ_SETTINGS in src/data/list.ts).
      for (const [k, v] of Object.entries(READ_SETTINGS(1000)))
        await sql`select set_config(${k}, ${v}, false)`;
      // As the runtime role, under row-level security: only leakproof comparisons may be index
      // conditions there.
      await sql`select set_config('app.workspace_id', ${workspaceId}, false)`;
      await sql.unsafe(`set role "${new URL(world.db.appUrl).username}"`);
      const keyed = new Set(["status", "rank"]);
      const cases = [
        { filter: { status: "s1" } },
        { filter: { status: "s1", team: "x" } },
        { sort: { field: "rank", direction: "desc" } },
        { sort: { field: "rank", direction: "asc" }, filter: { status: "s2" } },
      ];
      for (const v of cases) {
        const input = ListInput.parse({ ...at("tasks"), ...v });
        const order = orderOf(sql as never, input);
        const plan = keyedPlan(order, input.filter ?? null, keyed)!;
        expect(plan).not.toBeNull();
        // A page that uses every key row it reads (need = limit), and a bounded scan.
        for (const [need, limit] of [
          [51, 51],
          [51, 10_000],
        ] as const)
          for (const phase of ["present", "missing"] as const) {
            const query = keyedStatement(
              sql as never,
              workspaceId,
              input,
              order,
              plan,
              null,
              phase,
              need,
              limit,
            );
            const [row] = await sql`explain (format json) ${query}`;
            const all = nodes((row!["QUERY PLAN"] as { Plan: PlanNode }[])[0]!.Plan);
            const scans = all.filter((n) => n["Relation Name"]);
            expect(scans.map((s) => s["Relation Name"]).sort()).toEqual([
              "app_document_keys",
              "app_documents",
            ]);
            for (const s of scans) expect(s["Node Type"]).toMatch(/^Index (Only )?Scan$/);
            // Each document by the order index's whole key (collection, creation time, id).
            const doc = scans.find((s) => s["Relation Name"] === "app_documents")!;
            expect(doc["Index Name"]).toBe("app_documents_created_idx");
            for (const column of ["doc_key", "created_at", "id"])
              expect(doc["Index Cond"]).toContain(`${column} =`);
            const key = scans.find((s) => s["Relation Name"] === "app_document_keys")!;
            expect(key["Index Name"]).toBe("app_document_keys_pk");
            // The key's value bounds the read (an index condition, not a filter after it).
            expect(key["Index Cond"]).toContain("value");
            // A full page comes in the key's order as read: nothing is sorted.
            if (need === limit) expect(all.map((n) => n["Node Type"])).not.toContain("Sort");
          }
      }
    } finally {
      await sql.end();
    }
  });
});

describe("index keys", () => {
  test("app_index_key is inlined where it is used and keys every value as migration 0023 did", async () => {
    const sql = postgres(world.db.ownerUrl, { max: 1, onnotice: () => {} });
    // The first definition, under another name: stored keys must stay valid.
    const first = readFileSync(path.join(MIGRATIONS_DIR, "0023_declared_indexes.sql"), "utf8");
    const body = /CREATE FUNCTION app_index_key\(v jsonb\)[\s\S]*?\$\$[\s\S]*?\$\$;/.exec(
      first,
    )![0];
    try {
      await sql.unsafe(body.replace("app_index_key(", "app_index_key_0023("));
      const values = [
        ..."null 0 -0 0.0 1 -1 1.5 -1.5 0.1 1e300 1e400 -1e400 4.9e-324 -4.9e-324".split(" "),
        ..."-1e-320 2.2250738585072014e-308 123456789012345678901234567890".split(" "),
        ..."true false [] [1,2] {}".split(" "),
        '""',
        '"x"',
        `"${"é".repeat(300)}"`,
        '{"a":[1]}',
      ];
      const [same] = await sql`
        with v as (
          select x::jsonb as x from unnest(${values}::text[]) x
          union all select null
          union all select to_jsonb((random() - 0.5) * 10 ^ (random() * 600 - 300))
            from generate_series(1, 20000)
          union all select to_jsonb(g) from generate_series(-1000, 1000) g)
        select count(*)::int as n,
          count(*) filter (where app_index_key(x) is distinct from app_index_key_0023(x))::int as differ,
          count(*) filter (where app_index_key_is(x, app_index_key_0023(x)))::int as is,
          count(*) filter (where app_index_key_is(x, app_index_key_0023(prev)))::int as is_other
        from (select x, lag(x) over () as prev from v) v`;
      // app_index_key_is(v, key) is app_index_key(v) = key; the previous value's key matches only
      // a value of the same key: null after none, -0 and 0.0 after 0, 1e400 after 1e300 (both past
      // the clamp).
      expect(same!.n).toBe(values.length + 1 + 20_000 + 2001);
      expect(same!.differ).toBe(0);
      expect(same!.is).toBe(same!.n);
      expect(same!.is_other).toBe(4);
      // Inlined: the plan shows the expressions, not a call per row.
      const plan = await sql`explain (verbose, format json)
        select app_index_key(data -> 'rank'), app_index_key_is(data -> 'rank', id) from app_documents`;
      const text = JSON.stringify(plan);
      expect(text).toContain("float8send");
      expect(text).not.toContain("app_index_key");
    } finally {
      await sql.unsafe("drop function if exists app_index_key_0023(jsonb)");
      await sql.end();
    }
  });
});
