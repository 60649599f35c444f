import { describe, expect, setDefaultTimeout, test } from "bun:test";
import postgres from "postgres";
import { encodeCursor } from "../../src/data/cursor";
import { setupAgentApps } from "../support/agent-apps";
import { newApp } from "../support/apps";
import { setupWorld } from "../support/world";

// A bulk load of a million rows takes tens of seconds on a small machine.
setDefaultTimeout(120_000);

const world = setupWorld();
const storeBuild = setupAgentApps(() => world.db);
const N = 1_000_000;

describe("a collection of a million documents", () => {
  test("answers its first and last pages and an indexed filter, without statistics", async () => {
    const started = performance.now();
    const { c, workspaceId } = await world.person("Millionaire", "Million");
    const { app, at } = await newApp(c, workspaceId);
    await storeBuild(
      { workspaceId, appId: app.id },
      {
        "collections.json": {
          version: 1,
          collections: {
            events: {
              fields: { kind: { type: "string" }, n: { type: "number" } },
              indexes: [{ fields: ["kind"] }],
            },
          },
        },
      },
    );
    const sql = postgres(world.db.ownerUrl, { max: 1, onnotice: () => {} });
    try {
      // As the owner, the way a restore or an import would: generate_series, keys and count.
      await sql`
        insert into app_documents (workspace_id, app_id, scope, collection, id, data,
          created_by_kind, created_by, updated_by_kind, updated_by, created_at, updated_at)
        select ${workspaceId}, ${app.id}, 'draft', 'events', 'e' || lpad(g::text, 7, '0'),
          jsonb_build_object('kind', 'k' || (g % 100), 'n', g), 'user', 'seed', 'user', 'seed',
          timestamptz '2026-01-01' + make_interval(secs => g),
          timestamptz '2026-01-01' + make_interval(secs => g)
        from generate_series(1, ${N}) g`;
      await sql`insert into app_document_keys (workspace_id, app_id, scope, collection, field, value, created_at, doc_id)
        select ${workspaceId}, ${app.id}, 'draft', 'events', 'kind', app_index_key(to_jsonb('k' || (g % 100))),
          timestamptz '2026-01-01' + make_interval(secs => g), 'e' || lpad(g::text, 7, '0')
        from generate_series(1, ${N}) g`;
      await sql`insert into app_collection_indexes (workspace_id, app_id, scope, collection, field, state)
        values (${workspaceId}, ${app.id}, 'draft', 'events', 'kind', 'ready')`;
      await sql`insert into app_collection_counts (workspace_id, app_id, scope, collection, shard, documents)
        values (${workspaceId}, ${app.id}, 'draft', 'events', 0, ${N})`;
      const tables = ["app_documents", "app_document_keys", "app_collection_counts"];
      for (const t of tables) await sql.unsafe(`alter table ${t} set (autovacuum_enabled = false)`);
      await sql`delete from pg_statistic where starelid = any(${tables}::regclass[])`;
      await sql`update pg_class set reltuples = -1, relpages = 0 where oid = any(${tables}::regclass[])`;
      const loaded = performance.now();

      const first = await c.data.list.query({ ...at("events"), limit: 50 });
      expect(first.documents[0]!._id).toBe("e0000001");
      expect(first.documents).toHaveLength(50);
      const second = await c.data.list.query({
        ...at("events"),
        limit: 50,
        cursor: first.nextCursor,
      });
      expect(second.documents[0]!._id).toBe("e0000051");

      // The last page: a cursor at the 50th document from the end (as paging would reach it).
      const [tail] = await sql`select id, created_at::text as t from app_documents
        where app_id = ${app.id} and id = ${`e${String(N - 50).padStart(7, "0")}`}`;
      const last = await c.data.list.query({
        ...at("events"),
        limit: 50,
        cursor: encodeCursor({
          field: "_createdAt",
          direction: "asc",
          id: tail!.id as string,
          key: tail!.t,
        }),
      });
      expect(last.documents.map((d) => d.n)).toEqual(
        Array.from({ length: 50 }, (_, i) => N - 49 + i),
      );
      expect(last.nextCursor).toBeNull();
      const newest = await c.data.list.query({
        ...at("events"),
        limit: 3,
        sort: { field: "_createdAt", direction: "desc" },
      });
      expect(newest.documents.map((d) => d.n)).toEqual([N, N - 1, N - 2]);

      // An indexed equality filter, first page and the next.
      const k7 = await c.data.list.query({ ...at("events"), filter: { kind: "k7" }, limit: 20 });
      expect(k7.unindexed).toBeUndefined();
      expect(k7.documents.map((d) => d.n)).toEqual(
        Array.from({ length: 20 }, (_, i) => 7 + 100 * i),
      );
      const k7next = await c.data.list.query({
        ...at("events"),
        filter: { kind: "k7" },
        limit: 20,
        cursor: k7.nextCursor,
      });
      expect(k7next.documents[0]!.n).toBe(7 + 100 * 20);

      // An unindexed filter is bounded and says so; the count needs no scan.
      const byN = await c.data.list.query({ ...at("events"), filter: { n: 999_999 } });
      expect(byN.documents).toEqual([]);
      expect(byN.unindexed?.limited).toBe(true);
      const [counted] = await c.data.collections.query({
        workspaceId,
        appId: app.id,
        scope: "draft",
      });
      expect(counted).toMatchObject({ name: "events", count: N });
      console.log(
        `1M documents: loaded in ${Math.round(loaded - started)} ms, read in ${Math.round(performance.now() - loaded)} ms`,
      );
    } finally {
      await sql.end();
    }
  });
});
