import { describe, expect, test } from "bun:test";
import postgres from "postgres";
import { createDatabase } from "../../db/client";
import { withTenant } from "../../db/tenant";
import { insertDocument } from "../../src/data/documents";
import { addCollaborator, newApp } from "../support/apps";
import { watch } from "../support/watch";
import { setupWorld } from "../support/world";

const world = setupWorld();

describe("live data", () => {
  test("another viewer sees inserts, updates and deletes as they happen", async () => {
    const { c, workspaceId } = await world.person("Live Writer", "Live");
    const { at } = await newApp(c, workspaceId);
    const viewer = await world.member(workspaceId, "member", "Live Viewer");
    await addCollaborator(c, { workspaceId, appId: at("x").appId }, viewer.userId);
    const w = watch(viewer.c, { workspaceId, appId: at("x").appId, scope: "draft" });
    await w.ready();
    const doc = await c.data.insert.mutate({ ...at("leads"), data: { name: "Ann" } });
    await w.count(1);
    await c.data.update.mutate({ ...at("leads"), id: doc._id, patch: { name: "Anne" } });
    await w.count(2);
    await c.data.remove.mutate({ ...at("leads"), id: doc._id });
    await w.count(3);
    w.close();
    expect(w.changes.map((ch) => [ch.op, ch.id, ch.version])).toEqual([
      ["upsert", doc._id, 1],
      ["upsert", doc._id, 2],
      ["delete", doc._id, 3],
    ]);
    expect(w.changes[1]?.doc).toMatchObject({ name: "Anne", _version: 2 });
  });

  test("subscribers of another workspace, app, scope or collection receive nothing", async () => {
    const { c, workspaceId } = await world.person("Isolated Writer", "Isolation");
    const { app, at } = await newApp(c, workspaceId);
    const other = await newApp(c, workspaceId);
    const elsewhere = await world.person("Elsewhere", "Elsewhere Inc");
    const elsewhereApp = await newApp(elsewhere.c, elsewhere.workspaceId);
    const watchers = [
      watch(c, { workspaceId, appId: other.app.id, scope: "draft" }),
      watch(c, { workspaceId, appId: app.id, scope: "published" }),
      watch(c, { workspaceId, appId: app.id, scope: "draft", collection: "other" }),
      watch(elsewhere.c, {
        workspaceId: elsewhere.workspaceId,
        appId: elsewhereApp.app.id,
        scope: "draft",
      }),
    ];
    const control = watch(c, { workspaceId, appId: app.id, scope: "draft", collection: "leads" });
    await Promise.all([...watchers, control].map((w) => w.ready()));
    for (let i = 0; i < 5; i++) await c.data.insert.mutate({ ...at("leads"), data: { i } });
    // The control subscriber, registered last, has seen all five: the others had the same chance.
    await control.count(5);
    for (const w of [...watchers, control]) w.close();
    expect(watchers.map((w) => w.changes.length)).toEqual([0, 0, 0, 0]);
  });

  test("a subscriber that reconnects with its last event id gets exactly what it missed", async () => {
    const { c, workspaceId } = await world.person("Resumer", "Resume");
    const { at } = await newApp(c, workspaceId);
    const first = watch(c, { workspaceId, appId: at("x").appId, scope: "draft" });
    await first.ready();
    await c.data.insert.mutate({ ...at("notes"), data: { n: 1 } });
    await first.count(1);
    const cursor = first.cursor!;
    first.close();
    for (let n = 2; n <= 4; n++) await c.data.insert.mutate({ ...at("notes"), data: { n } });
    const second = watch(c, {
      workspaceId,
      appId: at("x").appId,
      scope: "draft",
      lastEventId: cursor,
    });
    await second.count(3);
    await c.data.insert.mutate({ ...at("notes"), data: { n: 5 } });
    await second.count(4);
    second.close();
    expect(second.changes.map((ch) => ch.doc?.n)).toEqual([2, 3, 4, 5]);
  });

  test("concurrent writers committing out of sequence order lose nothing", async () => {
    const { c, workspaceId, userId } = await world.person("Racer", "Races");
    const { app, at } = await newApp(c, workspaceId);
    const w = watch(c, { workspaceId, appId: app.id, scope: "draft" });
    await w.ready();
    const { db, close } = createDatabase(world.db.appUrl, { max: 12 });
    const actor = {
      kind: "user" as const,
      userId,
      displayName: "Racer",
      workspaceId,
      role: "owner" as const,
    };
    try {
      // Each writer holds its transaction open for a random time after writing, so the change
      // sequence and commit order disagree.
      await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          withTenant(db, { workspaceId }, async (tx) => {
            await insertDocument({ tx, actor }, at("races"), { id: `r${i}`, data: { i } });
            await Bun.sleep(Math.random() * 40);
          }).then(() => world.server.app.deps.live.notifier.changed(workspaceId)),
        ),
      );
      await w.count(60);
    } finally {
      await close();
      w.close();
    }
    const ids = w.changes.map((ch) => ch.id);
    expect(new Set(ids).size).toBe(60);
    expect(ids.length).toBe(60);
  });

  test("the hub recovers when its LISTEN connection is killed mid-stream", async () => {
    const { c, workspaceId } = await world.person("Survivor", "Survival");
    const { at } = await newApp(c, workspaceId);
    const w = watch(c, { workspaceId, appId: at("x").appId, scope: "draft" });
    await w.ready();
    const owner = postgres(world.db.ownerUrl, { max: 1, onnotice: () => {} });
    try {
      const writes = (async () => {
        for (let i = 0; i < 100; i++) {
          await c.data.insert.mutate({
            ...at("events"),
            id: `e${String(i).padStart(3, "0")}`,
            data: { i },
          });
          if (i === 30) {
            const killed = await owner`select pg_terminate_backend(pid) from pg_stat_activity
              where datname = current_database() and query ilike 'listen%'`;
            expect(killed).toHaveLength(1);
          }
        }
      })();
      await writes;
      await w.count(100, 20_000);
    } finally {
      await owner.end();
      w.close();
    }
    expect(w.changes.map((ch) => ch.id)).toEqual(
      Array.from({ length: 100 }, (_, i) => `e${String(i).padStart(3, "0")}`),
    );
  });

  test("a watcher of an unknown app is refused", async () => {
    const { c, workspaceId } = await world.person("Watcher", "Watching");
    const w = watch(c, { workspaceId, appId: crypto.randomUUID(), scope: "draft" });
    await expect(w.ready()).rejects.toThrow(/App not found/);
    w.close();
  });
});
