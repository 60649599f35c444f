import { describe, expect, test } from "bun:test";
import { liveStats } from "../../src/realtime/stream";
import { newApp } from "../support/apps";
import { watch } from "../support/watch";
import { setupWorld } from "../support/world";

const world = setupWorld();

/** Waits for a condition the server reaches on its own (a stream let go), up to a deadline. */
async function eventually(check: () => boolean, what: string, timeoutMs = 5000) {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`${what} not reached`);
    await Bun.sleep(5);
  }
}

describe("live fan-out", () => {
  test("a change followed by many streams from the same position is serialised once", async () => {
    const { c, workspaceId } = await world.person("Fan Writer", "Fan-out");
    const { app, at } = await newApp(c, workspaceId);
    const watchers = Array.from({ length: 8 }, () =>
      watch(c, { workspaceId, appId: app.id, scope: "draft" }),
    );
    await Promise.all(watchers.map((w) => w.ready()));
    const before = liveStats.framesEncoded;
    await c.data.insert.mutate({ ...at("leads"), data: { name: "Ann" } });
    await Promise.all(watchers.map((w) => w.count(1)));
    // Once, not once per stream: a stream that subscribed across a hub read may sit at another
    // position and get a frame of its own, so a busy machine may see two, never eight.
    expect(liveStats.framesEncoded - before).toBeLessThanOrEqual(2);
    // Every stream got the same change with the same cursor.
    expect(new Set(watchers.map((w) => w.cursor)).size).toBe(1);
    expect(watchers.map((w) => w.changes.map((ch) => ch.doc?.name))).toEqual(
      watchers.map(() => ["Ann"]),
    );
    for (const w of watchers) w.close();
  });

  test("streams following other collections get their own frame, and only their changes", async () => {
    const { c, workspaceId } = await world.person("Split Writer", "Split");
    const { app, at } = await newApp(c, workspaceId);
    const leads = [1, 2, 3].map(() =>
      watch(c, { workspaceId, appId: app.id, scope: "draft", collection: "leads" }),
    );
    const notes = [1, 2].map(() =>
      watch(c, { workspaceId, appId: app.id, scope: "draft", collection: "notes" }),
    );
    await Promise.all([...leads, ...notes].map((w) => w.ready()));
    const before = liveStats.framesEncoded;
    await c.data.insert.mutate({ ...at("leads"), data: { n: 1 } });
    await c.data.insert.mutate({ ...at("notes"), data: { n: 2 } });
    await Promise.all([...leads, ...notes].map((w) => w.count(1)));
    expect(leads.map((w) => w.changes.map((ch) => ch.collection))).toEqual([
      ["leads"],
      ["leads"],
      ["leads"],
    ]);
    expect(notes.map((w) => w.changes.map((ch) => ch.collection))).toEqual([["notes"], ["notes"]]);
    // A frame per collection (and position), however many streams follow each: never five.
    expect(liveStats.framesEncoded - before).toBeLessThanOrEqual(3);
    for (const w of [...leads, ...notes]) w.close();
  });

  test("a stream that keeps delivering re-checks access beside its deliveries, missing nothing", async () => {
    const { c, workspaceId } = await world.person("Checked Writer", "Re-checked");
    const { app, at } = await newApp(c, workspaceId);
    const w = watch(c, { workspaceId, appId: app.id, scope: "draft", collection: "notes" });
    await w.ready();
    const checks = liveStats.accessChecks;
    // Writes until the stream has read access again (its check ages past REFRESH_MS); the count
    // only bounds the loop on a machine slow enough to fit them all in that time.
    let n = 0;
    while (liveStats.accessChecks === checks && n < 3000) {
      await c.data.insert.mutate({ ...at("notes"), id: `n${n}`, data: { n } });
      await w.count(++n);
    }
    expect(liveStats.accessChecks).toBeGreaterThan(checks);
    // Two more after the check began, then every write arrived once, in order, on one stream.
    for (const k of [n, n + 1])
      await c.data.insert.mutate({ ...at("notes"), id: `n${k}`, data: { n: k } });
    await w.count(n + 2);
    expect(w.changes.map((ch) => ch.id)).toEqual(Array.from({ length: n + 2 }, (_, k) => `n${k}`));
    w.close();
  });

  test("a stream the client leaves lets go of the hub and the access guard", async () => {
    const { c, workspaceId } = await world.person("Leaver", "Leaving");
    const { app } = await newApp(c, workspaceId);
    const { hub, guard } = world.server.app.deps.live;
    const hubBefore = hub.subscriberCount;
    const guardBefore = guard.openStreams;
    const watchers = Array.from({ length: 5 }, () =>
      watch(c, { workspaceId, appId: app.id, scope: "draft" }),
    );
    await Promise.all(watchers.map((w) => w.ready()));
    expect(hub.subscriberCount - hubBefore).toBe(5);
    expect(guard.openStreams - guardBefore).toBe(5);
    for (const w of watchers) w.close();
    await eventually(() => hub.subscriberCount === hubBefore, "hub released");
    await eventually(() => guard.openStreams === guardBefore, "guard released");
  });
});
