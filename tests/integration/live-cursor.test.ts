import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import postgres from "postgres";
import { createDatabase } from "../../db/client";
import { withTenant } from "../../db/tenant";
import { insertDocument } from "../../src/data/documents";
import { newApp } from "../support/apps";
import { urlFor } from "../support/db";
import { client } from "../support/server";
import { type SpawnedServer, spawnServer } from "../support/spawn";
import { watch } from "../support/watch";
import { setupWorld } from "../support/world";

// The live cursor carries the reader's snapshot (in-progress list included), so delivery waits
// only for the transactions a change depends on, never for unrelated ones elsewhere.
const world = setupWorld();
let b: SpawnedServer;
let writers: ReturnType<typeof createDatabase>;

beforeAll(async () => {
  b = await spawnServer(world.db, {
    SESSION_SECRET: "test-session-secret-that-is-long-enough-0123456789",
    LOG_LEVEL: "silent",
  });
  writers = createDatabase(world.db.appUrl, { max: 12 });
});
afterAll(async () => {
  await writers?.close();
  await b?.stop();
});

type Loc = ReturnType<Awaited<ReturnType<typeof newApp>>["at"]>;

/**
 * A transaction that stays open until released (or `maxMs` passes): in the workspace, having
 * written a document, or elsewhere (only its id taken). `open` turns false once it has ended.
 */
async function holdOpen(
  workspace: { workspaceId: string; userId: string } | { url: string },
  write?: { at: Loc; id: string },
  maxMs = 30_000,
) {
  let release!: () => void;
  const held = new Promise<void>((r) => {
    release = r;
  });
  const timer = setTimeout(release, maxMs);
  let started!: () => void;
  const begun = new Promise<void>((r) => {
    started = r;
  });
  const state = { open: true };
  let done: Promise<unknown>;
  if ("url" in workspace) {
    const other = postgres(workspace.url, { max: 1, onnotice: () => {} });
    done = other
      .begin(async (tx) => {
        await tx`select txid_current()`;
        started();
        await held;
      })
      .finally(() => other.end());
  } else {
    const { workspaceId, userId } = workspace;
    const actor = {
      kind: "user" as const,
      userId,
      displayName: "W",
      workspaceId,
      role: "owner" as const,
    };
    done = withTenant(writers.db, { workspaceId }, async (tx) => {
      await insertDocument({ tx, actor }, write!.at, { id: write!.id, data: { id: write!.id } });
      started();
      await held;
    }).then(() => world.server.app.deps.live.notifier.changed(workspaceId));
  }
  const ended = done.finally(() => {
    clearTimeout(timer);
    state.open = false;
  });
  await begun;
  return {
    state,
    release: () => {
      release();
      return ended;
    },
  };
}

describe("live cursor", () => {
  test("a transaction held open in another database does not delay delivery", async () => {
    const { c, workspaceId } = await world.person("Unrelated", "Unrelated");
    const { at } = await newApp(c, workspaceId);
    const w = watch(c, { workspaceId, appId: at("x").appId, scope: "draft" });
    await w.ready();
    const other = await holdOpen({ url: urlFor("postgres") });
    try {
      await c.data.insert.mutate({ ...at("notes"), id: "n1", data: { n: 1 } });
      await w.count(1, 10_000);
      const deliveredWhileOpen = other.state.open;
      await c.data.insert.mutate({ ...at("notes"), id: "n2", data: { n: 2 } });
      await w.count(2, 10_000);
      expect([deliveredWhileOpen, other.state.open]).toEqual([true, true]);
    } finally {
      await other.release();
      w.close();
    }
    expect(w.changes.map((ch) => ch.id)).toEqual(["n1", "n2"]);
  });

  test("a later commit is delivered first and the earlier one once it commits", async () => {
    const { c, workspaceId, userId } = await world.person("Out Of Order", "Order");
    const { at } = await newApp(c, workspaceId);
    const w = watch(c, { workspaceId, appId: at("x").appId, scope: "draft" });
    await w.ready();
    // The held write goes to a collection of its own: one in "notes" would hold one of its count
    // shards, and a write that drew the same shard would wait for it (1 in 16).
    const slow = await holdOpen({ workspaceId, userId }, { at: at("held"), id: "slow" });
    await c.data.insert.mutate({ ...at("notes"), id: "fast", data: {} });
    await w.count(1, 10_000);
    const fastWhileSlowOpen = slow.state.open;
    await slow.release();
    await w.count(2, 10_000);
    // A third write proves nothing more arrives for the first two.
    await c.data.insert.mutate({ ...at("notes"), id: "last", data: {} });
    await w.count(3, 10_000);
    w.close();
    expect(fastWhileSlowOpen).toBe(true);
    expect(w.changes.map((ch) => ch.id)).toEqual(["fast", "slow", "last"]);
  });

  test("writers of random duration committing out of order: every change exactly once", async () => {
    const { c, workspaceId, userId } = await world.person("Random Racer", "Random");
    const { app, at } = await newApp(c, workspaceId);
    const w = watch(c, { workspaceId, appId: app.id, scope: "draft" });
    await w.ready();
    const actor = {
      kind: "user" as const,
      userId,
      displayName: "R",
      workspaceId,
      role: "owner" as const,
    };
    const elsewhere = await holdOpen({ url: urlFor("postgres") }, undefined, 10_000);
    try {
      await Promise.all(
        Array.from({ length: 80 }, (_, i) =>
          Bun.sleep(Math.random() * 50)
            .then(() =>
              withTenant(writers.db, { workspaceId }, async (tx) => {
                await insertDocument({ tx, actor }, at("races"), { id: `r${i}`, data: { i } });
                await Bun.sleep(Math.random() * 150);
              }),
            )
            .then(() => world.server.app.deps.live.notifier.changed(workspaceId)),
        ),
      );
      await c.data.insert.mutate({ ...at("races"), id: "end", data: {} });
      await w.count(81, 15_000);
      expect(elsewhere.state.open).toBe(true);
    } finally {
      await elsewhere.release();
      w.close();
    }
    const ids = w.changes.map((ch) => ch.id);
    expect(ids.length).toBe(81);
    expect(new Set(ids).size).toBe(81);
  });

  test("a cursor taken while a writer was open resumes on another server process exactly", async () => {
    const { c, workspaceId, userId } = await world.person("Mover", "Moving");
    const { at } = await newApp(c, workspaceId);
    const onA = watch(c, { workspaceId, appId: at("x").appId, scope: "draft" });
    await onA.ready();
    // Held until released below (the bound only guards a stuck test): on a busy machine "early"
    // may take seconds to arrive, and "late" must not commit before it has. It writes to its own
    // collection so that no write below waits on the count shard it holds.
    const late = await holdOpen({ workspaceId, userId }, { at: at("held"), id: "late" }, 30_000);
    await c.data.insert.mutate({ ...at("notes"), id: "early", data: {} });
    await onA.count(1, 10_000);
    const cursor = onA.cursor!;
    onA.close();
    // The cursor names the open writer as in progress: it is what lets "late" come later.
    expect(cursor).toMatch(/^\d+:\d+:\d+(,\d+)*$/);
    await late.release();
    await c.data.insert.mutate({ ...at("notes"), id: "after", data: {} });
    const onB = watch(client(b.url, c.jar), {
      workspaceId,
      appId: at("x").appId,
      scope: "draft",
      lastEventId: cursor,
    });
    await onB.count(2, 10_000);
    await c.data.insert.mutate({ ...at("notes"), id: "final", data: {} });
    await onB.count(3, 10_000);
    onB.close();
    expect(onA.changes.map((ch) => ch.id)).toEqual(["early"]);
    expect(onB.changes.map((ch) => ch.id).sort()).toEqual(["after", "final", "late"]);
  });

  test("a malformed or oversized cursor is refused before the stream starts", async () => {
    const { c, workspaceId } = await world.person("Bad Cursor", "Bad Cursor");
    const { app } = await newApp(c, workspaceId);
    for (const cursor of [
      "5:3:",
      "3:9:7,4",
      "3:9:9",
      "x",
      `1:99:${Array.from({ length: 40 }, (_, i) => i + 2).join(",")}`,
    ]) {
      const w = watch(c, { workspaceId, appId: app.id, scope: "draft", lastEventId: cursor });
      await expect(w.ready()).rejects.toThrow(/not a valid live cursor/);
      w.close();
    }
  });
});
