import { describe, expect, test } from "bun:test";
import postgres from "postgres";
import { createDatabase } from "../../db/client";
import { withTenant } from "../../db/tenant";
import { parseConfig } from "../../src/config";
import { insertDocument } from "../../src/data/documents";
import { DATA_LIMITS } from "../../src/data/limits";
import { newApp } from "../support/apps";
import { failure, person, startServer, testConfig } from "../support/server";
import { setupWorld } from "../support/world";

const world = setupWorld();

describe("app data documents", () => {
  test("insert, get, update, upsert and remove, with system fields and versions", async () => {
    const { c, workspaceId, userId } = await world.person("Doc Writer", "Docs");
    const { at } = await newApp(c, workspaceId);
    const doc = await c.data.insert.mutate({
      ...at("leads"),
      data: { name: "Ann", stage: "new", _id: "ignored" },
    });
    expect(doc).toMatchObject({
      name: "Ann",
      stage: "new",
      _version: 1,
      _createdBy: { kind: "user", id: userId },
    });
    expect(doc._id).not.toBe("ignored");
    const got = await c.data.get.query({ ...at("leads"), id: doc._id });
    expect(got).toEqual(doc);
    const updated = await c.data.update.mutate({
      ...at("leads"),
      id: doc._id,
      patch: { stage: "won" },
      expectedVersion: 1,
    });
    expect(updated).toMatchObject({ name: "Ann", stage: "won", _version: 2 });
    const stale = await failure(
      c.data.update.mutate({
        ...at("leads"),
        id: doc._id,
        patch: { stage: "lost" },
        expectedVersion: 1,
      }),
    );
    expect(stale).toMatchObject({ code: "CONFLICT", message: expect.stringContaining("now 2") });
    const up1 = await c.data.upsert.mutate({
      ...at("leads"),
      key: ["email"],
      data: { email: "b@x.io", name: "Bo" },
    });
    const up2 = await c.data.upsert.mutate({
      ...at("leads"),
      key: ["email"],
      data: { email: "b@x.io", name: "Bob" },
    });
    expect(up2).toMatchObject({ _id: up1._id, name: "Bob", _version: 2 });
    await c.data.remove.mutate({ ...at("leads"), id: doc._id });
    expect(await failure(c.data.get.query({ ...at("leads"), id: doc._id }))).toMatchObject({
      code: "NOT_FOUND",
      message: "Document not found.",
    });
    expect(await failure(c.data.remove.mutate({ ...at("leads"), id: doc._id }))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(
      await c.data.collections.query({ workspaceId, appId: at("x").appId, scope: "draft" }),
    ).toEqual([{ name: "leads", count: 1 }]);
  });

  test("a client-chosen id is kept, and a duplicate is a conflict", async () => {
    const { c, workspaceId } = await world.person("Id Chooser", "Ids");
    const { at } = await newApp(c, workspaceId);
    await c.data.insert.mutate({ ...at("tasks"), id: "task-1", data: { title: "a" } });
    expect(
      await failure(c.data.insert.mutate({ ...at("tasks"), id: "task-1", data: { title: "b" } })),
    ).toMatchObject({
      code: "CONFLICT",
    });
    expect(
      await failure(c.data.insert.mutate({ ...at("tasks"), id: "bad id!", data: {} })),
    ).toMatchObject({
      reason: "VALIDATION",
    });
  });

  test("draft and published data never mix", async () => {
    const { c, workspaceId } = await world.person("Scoper", "Scopes");
    const { at } = await newApp(c, workspaceId);
    const draft = await c.data.insert.mutate({ ...at("items", "draft"), data: { n: 1 } });
    await c.data.insert.mutate({ ...at("items", "published"), data: { n: 2 } });
    const d = await c.data.list.query(at("items", "draft"));
    const p = await c.data.list.query(at("items", "published"));
    expect(d.documents.map((x) => x.n)).toEqual([1]);
    expect(p.documents.map((x) => x.n)).toEqual([2]);
    expect(
      await failure(c.data.get.query({ ...at("items", "published"), id: draft._id })),
    ).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(
      await failure(
        c.data.update.mutate({ ...at("items", "published"), id: draft._id, patch: { n: 9 } }),
      ),
    ).toMatchObject({
      code: "NOT_FOUND",
    });
  });

  test("list filters on top-level fields, sorts, and pages with a cursor", async () => {
    const { c, workspaceId } = await world.person("Lister", "Lists");
    const { at } = await newApp(c, workspaceId);
    await c.data.insertMany.mutate({
      ...at("people"),
      documents: ["Cy", "Al", "Bea", "Dee", "Eve"].map((name, i) => ({
        data: { name, age: 20 + i, team: i % 2 ? "red" : "blue" },
      })),
    });
    const byName = await c.data.list.query({
      ...at("people"),
      sort: { field: "name", direction: "asc" },
    });
    expect(byName.documents.map((d) => d.name)).toEqual(["Al", "Bea", "Cy", "Dee", "Eve"]);
    const red = await c.data.list.query({
      ...at("people"),
      filter: { team: "red" },
      sort: { field: "age", direction: "desc" },
    });
    expect(red.documents.map((d) => d.name)).toEqual(["Dee", "Al"]);
    const p1 = await c.data.list.query({
      ...at("people"),
      limit: 2,
      sort: { field: "name", direction: "asc" },
    });
    const p2 = await c.data.list.query({
      ...at("people"),
      limit: 2,
      cursor: p1.nextCursor,
      sort: { field: "name", direction: "asc" },
    });
    const p3 = await c.data.list.query({
      ...at("people"),
      limit: 2,
      cursor: p2.nextCursor,
      sort: { field: "name", direction: "asc" },
    });
    expect([...p1.documents, ...p2.documents, ...p3.documents].map((d) => d.name)).toEqual([
      "Al",
      "Bea",
      "Cy",
      "Dee",
      "Eve",
    ]);
    expect(p3.nextCursor).toBeNull();
  });

  test("every write is audited with ids, fields and a hash — never the body", async () => {
    const { c, workspaceId } = await world.person("Audited", "Audits");
    const { at } = await newApp(c, workspaceId);
    const doc = await c.data.insert.mutate({
      ...at("secrets"),
      data: { note: "top secret body", code: 7 },
    });
    await c.data.update.mutate({ ...at("secrets"), id: doc._id, patch: { code: 8 } });
    await c.data.remove.mutate({ ...at("secrets"), id: doc._id });
    const { events } = await c.audit.list.query({ workspaceId, category: "app_data" });
    expect(events.map((e) => [e.action, e.changedFields])).toEqual([
      ["app_data.document.deleted", []],
      ["app_data.document.updated", ["code"]],
      ["app_data.document.inserted", ["note", "code"]],
    ]);
    expect(events[2]?.metadata).toMatchObject({
      collection: "secrets",
      documentId: doc._id,
      operation: "insert",
      dataHash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
    });
    expect(JSON.stringify(events)).not.toContain("top secret body");
    await world.server.app.deps.sealer.settle(workspaceId);
    expect(await c.audit.verify.query({ workspaceId })).toMatchObject({ ok: true, unsealed: 0 });
  });

  test("unknown apps and documents are NOT_FOUND", async () => {
    const { c, workspaceId } = await world.person("Seeker", "Seeking");
    const { at } = await newApp(c, workspaceId);
    const ghost = { ...at("things"), appId: crypto.randomUUID() };
    expect(await failure(c.data.insert.mutate({ ...ghost, data: {} }))).toMatchObject({
      code: "NOT_FOUND",
      message: "App not found.",
    });
    expect(await failure(c.data.list.query(ghost))).toMatchObject({ code: "NOT_FOUND" });
    expect(
      await failure(c.data.collections.query({ workspaceId, appId: ghost.appId, scope: "draft" })),
    ).toMatchObject({ code: "NOT_FOUND", message: "App not found." });
    expect(
      await failure(c.data.update.mutate({ ...at("things"), id: "nope", patch: { a: 1 } })),
    ).toMatchObject({
      code: "NOT_FOUND",
    });
  });
});

describe("upsert keys", () => {
  test("a key field missing from the data, or a key matching two documents, is refused", async () => {
    const { c, workspaceId } = await world.person("Upserter", "Upserts");
    const { at } = await newApp(c, workspaceId);
    expect(
      await failure(
        c.data.upsert.mutate({ ...at("leads"), key: ["email"], data: { name: "No email" } }),
      ),
    ).toMatchObject({
      reason: "VALIDATION",
      message: "The data has no value for key field “email”.",
    });
    await c.data.insertMany.mutate({
      ...at("leads"),
      documents: [{ data: { team: "red" } }, { data: { team: "red" } }],
    });
    expect(
      await failure(
        c.data.upsert.mutate({ ...at("leads"), key: ["team"], data: { team: "red", n: 1 } }),
      ),
    ).toMatchObject({ code: "CONFLICT", message: expect.stringContaining("unique key") });
    expect((await c.data.list.query(at("leads"))).documents).toHaveLength(2);
  });
});

describe("app data limits", () => {
  test("collection names: 64 characters pass, 65 or odd characters fail", async () => {
    const { c, workspaceId } = await world.person("Limit Names", "Limits A");
    const { at } = await newApp(c, workspaceId);
    await c.data.insert.mutate({ ...at(`c${"x".repeat(63)}`), data: {} });
    for (const bad of [`c${"x".repeat(64)}`, "1leads", "le ads", "", "lead$"]) {
      expect(await failure(c.data.insert.mutate({ ...at(bad), data: {} }))).toMatchObject({
        reason: "VALIDATION",
        message: expect.stringContaining("Collection names"),
      });
    }
  });

  test("document size: at the limit passes, one byte over fails and writes nothing", async () => {
    const { c, workspaceId } = await world.person("Limit Size", "Limits B");
    const { at } = await newApp(c, workspaceId);
    const overhead = JSON.stringify({ blob: "" }).length;
    const exact = "a".repeat(DATA_LIMITS.documentBytes - overhead);
    await c.data.insert.mutate({ ...at("blobs"), data: { blob: exact } });
    const f = await failure(c.data.insert.mutate({ ...at("blobs"), data: { blob: `${exact}a` } }));
    expect(f).toMatchObject({
      code: "UNPROCESSABLE_CONTENT",
      reason: "LIMIT_EXCEEDED",
      message: expect.stringContaining("256 KB"),
    });
    expect((await c.data.list.query(at("blobs"))).documents).toHaveLength(1);
  });

  test("nesting depth: 16 levels pass, 17 fail", async () => {
    const { c, workspaceId } = await world.person("Limit Depth", "Limits C");
    const { at } = await newApp(c, workspaceId);
    const nest = (n: number): Record<string, unknown> =>
      n === 1 ? { leaf: 1 } : { n: nest(n - 1) };
    await c.data.insert.mutate({ ...at("trees"), data: nest(DATA_LIMITS.depth) });
    expect(
      await failure(c.data.insert.mutate({ ...at("trees"), data: nest(DATA_LIMITS.depth + 1) })),
    ).toMatchObject({
      reason: "LIMIT_EXCEEDED",
      message: expect.stringContaining("17 levels"),
    });
  });

  test("page size and bulk size are bounded", async () => {
    const { c, workspaceId } = await world.person("Limit Pages", "Limits D");
    const { at } = await newApp(c, workspaceId);
    const docs = (n: number) => Array.from({ length: n }, (_, i) => ({ data: { i } }));
    await c.data.insertMany.mutate({ ...at("rows"), documents: docs(DATA_LIMITS.bulkInsert) });
    expect(
      await failure(
        c.data.insertMany.mutate({ ...at("rows"), documents: docs(DATA_LIMITS.bulkInsert + 1) }),
      ),
    ).toMatchObject({
      reason: "VALIDATION",
    });
    expect(
      (await c.data.list.query({ ...at("rows"), limit: DATA_LIMITS.pageSize })).documents,
    ).toHaveLength(200);
    expect(
      await failure(c.data.list.query({ ...at("rows"), limit: DATA_LIMITS.pageSize + 1 })),
    ).toMatchObject({
      reason: "VALIDATION",
    });
  });

  test("a collection holds at most the configured number of documents; a bulk insert that would cross writes none", async () => {
    const limit = 40;
    const small = startServer(world.db, {
      data: { documentsPerCollection: limit, readTimeoutMs: DATA_LIMITS.readTimeoutMs },
    });
    try {
      const { c, workspaceId } = await person(small.url, "Limit Count", "Limits E");
      const { app, at } = await newApp(c, workspaceId);
      const docs = (n: number) => Array.from({ length: n }, (_, i) => ({ data: { i } }));
      await c.data.insertMany.mutate({ ...at("full"), documents: docs(limit - 1) });
      const bulk = await failure(c.data.insertMany.mutate({ ...at("full"), documents: docs(2) }));
      expect(bulk).toMatchObject({
        reason: "LIMIT_EXCEEDED",
        message: expect.stringContaining(`at most ${limit} documents`),
      });
      await c.data.insert.mutate({ ...at("full"), data: { last: true } });
      expect(await failure(c.data.insert.mutate({ ...at("full"), data: {} }))).toMatchObject({
        reason: "LIMIT_EXCEEDED",
      });
      const [counted] = await c.data.collections.query({
        workspaceId,
        appId: app.id,
        scope: "draft",
      });
      expect(counted).toEqual({ name: "full", count: limit });
      // Another collection of the same app has its own limit.
      await c.data.insertMany.mutate({ ...at("other"), documents: docs(limit) });
    } finally {
      await small.close();
    }
  });

  test("the default limit is 1,000,000 documents per collection, configurable", () => {
    expect(DATA_LIMITS.documentsPerCollection).toBe(1_000_000);
    expect(testConfig(world.db).data.documentsPerCollection).toBe(1_000_000);
    const env = { DATA_DOCUMENTS_PER_COLLECTION: "250" };
    expect(parseConfig(env).data.documentsPerCollection).toBe(250);
    expect(() => parseConfig({ DATA_DOCUMENTS_PER_COLLECTION: "0" })).toThrow(
      "DATA_DOCUMENTS_PER_COLLECTION",
    );
  });
});

describe("collection counts", () => {
  test("inserts, bulk inserts and deletes keep the count that enforces the limit exact", async () => {
    const { c, workspaceId } = await world.person("Counter", "Counting");
    const { app, at } = await newApp(c, workspaceId);
    await c.data.insertMany.mutate({
      ...at("tally"),
      documents: Array.from({ length: 30 }, () => ({ data: {} })),
    });
    const one = await c.data.insert.mutate({ ...at("tally"), data: {} });
    await c.data.remove.mutate({ ...at("tally"), id: one._id });
    await failure(c.data.remove.mutate({ ...at("tally"), id: one._id }));
    const owner = postgres(world.db.ownerUrl, { max: 1, onnotice: () => {} });
    try {
      const [row] = await owner`select sum(documents)::int as n from app_collection_counts
        where app_id = ${app.id} and collection = 'tally'`;
      expect(row?.n).toBe(30);
    } finally {
      await owner.end();
    }
  });

  test("a write left open holds back no other write to its collection, and the count stays exact", async () => {
    const { c, workspaceId, userId } = await world.person("Slow Writer", "Held Counts");
    const { app, at } = await newApp(c, workspaceId);
    await c.data.insert.mutate({ ...at("queue"), data: { first: true } });
    const writers = createDatabase(world.db.appUrl, { max: 1 });
    const actor = {
      kind: "user" as const,
      userId,
      displayName: "S",
      workspaceId,
      role: "owner" as const,
    };
    let release!: () => void;
    const released = new Promise<void>((r) => {
      release = r;
    });
    const guard = setTimeout(release, 15_000);
    let written!: () => void;
    const wrote = new Promise<void>((r) => {
      written = r;
    });
    const state = { open: true };
    const held = withTenant(writers.db, { workspaceId }, async (tx) => {
      await insertDocument(
        { tx, actor },
        { appId: app.id, scope: "draft", collection: "queue" },
        { data: {} },
      );
      written();
      await released;
    }).finally(() => {
      state.open = false;
    });
    try {
      await wrote;
      // Every one of these would wait for the held write if it drew the shard that write holds.
      for (let i = 0; i < 20; i++) await c.data.insert.mutate({ ...at("queue"), data: { i } });
      expect(state.open).toBe(true);
    } finally {
      release();
      clearTimeout(guard);
      await held;
      await writers.close();
    }
    const [counted] = await c.data.collections.query({
      workspaceId,
      appId: app.id,
      scope: "draft",
    });
    expect(counted).toEqual({ name: "queue", count: 22 });
  });
});
