import { describe, expect, test } from "bun:test";
import postgres from "postgres";
import { createDatabase } from "../../db/client";
import { withTenant } from "../../db/tenant";
import { insertDocument } from "../../src/data/documents";
import { createLogger } from "../../src/log";
import type { ChangeBatch } from "../../src/realtime/changes";
import { LiveHub, LiveNotifier } from "../../src/realtime/hub";
import { newApp } from "../support/apps";
import { urlFor } from "../support/db";
import { setupWorld } from "../support/world";

const world = setupWorld();

describe("live hub reads under a statement timeout", () => {
  test("a read that times out is cancelled in PostgreSQL, and the next one delivers", async () => {
    // A short read timeout: a blocked read gives up fast.
    const { workspaceId, hub, lines, write, close } = await hubOf("Blocked", 300);
    const batches: ChangeBatch[] = [];
    const owner = postgres(world.db.ownerUrl, { max: 2, onnotice: () => {} });
    let unlock!: () => void;
    const unlocked = new Promise<void>((r) => {
      unlock = r;
    });
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => {
      locked = r;
    });
    try {
      const sub = await hub.subscribe(workspaceId, { push: (b) => batches.push(b) });
      // Written without a notification, so this hub reads it only when poked.
      await write("n1");
      // The read blocks behind this lock until PostgreSQL's statement timeout cancels it.
      const holder = owner.begin(async (tx) => {
        await tx`lock table app_changes in access exclusive mode`;
        locked();
        await unlocked;
      });
      await isLocked;
      await hub.poke(workspaceId);
      const running = await owner`select count(*)::int as n from pg_stat_activity
        where datname = current_database() and state = 'active' and pid <> pg_backend_pid()
          and query ilike '%from app_changes%'`;
      unlock();
      await holder;
      expect(batches).toEqual([]);
      expect(running[0]!.n).toBe(0);
      expect(lines.join("\n")).toContain("live read failed");
      await hub.poke(workspaceId);
      expect(batches.flatMap((b) => b.changes.map((ch) => ch.id))).toEqual(["n1"]);
      sub.close();
    } finally {
      unlock();
      await close();
      await owner.end();
    }
  });
});

/** A person's app, a hub of the test's own with its log lines, and a writer acting as them. */
async function hubOf(name: string, readTimeoutMs?: number) {
  const { c, workspaceId, userId } = await world.person(name, name);
  const actor = {
    kind: "user" as const,
    userId,
    displayName: name,
    workspaceId,
    role: "owner" as const,
  };
  const { at } = await newApp(c, workspaceId);
  const database = createDatabase(world.db.appUrl, { max: 2 });
  const lines: string[] = [];
  // A long tick: only the test's pokes read.
  const hub = new LiveHub(
    database,
    createLogger("warn", "test", (l) => lines.push(l)),
    600_000,
    readTimeoutMs,
  );
  return {
    workspaceId,
    database,
    hub,
    lines,
    write: (id: string) =>
      withTenant(database.db, { workspaceId }, (tx) =>
        insertDocument({ tx, actor }, at("notes"), { id, data: {} }),
      ),
    async close() {
      await hub.close();
      await database.close();
    },
  };
}

describe("live hub subscribers", () => {
  test("a subscriber whose push throws is dropped; the batch still reaches the others", async () => {
    const { workspaceId, hub, lines, write, close } = await hubOf("Isolated");
    const got: string[] = [];
    let failed = 0;
    try {
      const broken = await hub.subscribe(workspaceId, {
        push: () => {
          throw new Error("broken subscriber");
        },
        fail: () => {
          failed++;
        },
      });
      const fine = await hub.subscribe(workspaceId, {
        push: (b) => {
          for (const ch of b.changes) got.push(ch.id);
        },
      });
      for (const id of ["a", "b"]) {
        await write(id);
        await hub.poke(workspaceId);
      }
      broken.close();
      fine.close();
    } finally {
      await close();
    }
    expect(got).toEqual(["a", "b"]);
    expect(failed).toBe(1);
    expect(lines.filter((l) => l.includes("live subscriber failed"))).toHaveLength(1);
    expect(lines.some((l) => l.includes("live read failed"))).toBe(false);
  });

  test("more transactions open on the cluster than a cursor holds: reads go on, delivery follows", async () => {
    const { workspaceId, hub, lines, write, close } = await hubOf("Crowded");
    const got: string[] = [];
    // Forty transactions with ids held open in another database: PostgreSQL's snapshot lists
    // them all, more than a cursor's in-progress list holds.
    const crowd = postgres(urlFor("postgres"), { max: 40, onnotice: () => {} });
    const held = Array.from({ length: 40 }, () => {
      let opened!: () => void;
      const open = new Promise<void>((r) => {
        opened = r;
      });
      let release!: () => void;
      const released = new Promise<void>((r) => {
        release = r;
      });
      const done = crowd.begin(async (tx) => {
        await tx`select txid_current()`;
        opened();
        await released;
      });
      return { open, done, release };
    });
    try {
      await Promise.all(held.map((h) => h.open));
      const sub = await hub.subscribe(workspaceId, {
        push: (b) => {
          for (const ch of b.changes) got.push(ch.id);
        },
      });
      await write("crowded");
      await hub.poke(workspaceId);
      // The read went through: the cursor stops below the ids it could not list (nothing is
      // claimed visible that is not), so the write waits until the crowd thins to what it holds.
      expect(lines.filter((l) => l.includes("live read failed"))).toEqual([]);
      for (const h of held) h.release();
      await Promise.all(held.map((h) => h.done));
      await hub.poke(workspaceId);
      expect(got).toEqual(["crowded"]);
      sub.close();
    } finally {
      for (const h of held) h.release();
      await Promise.all(held.map((h) => h.done));
      await crowd.end();
      await close();
    }
  });

  test("a hub skips its own notification coming back; another process's hub reads on it", async () => {
    const a = await hubOf("Echo");
    const { workspaceId } = a;
    // Another server process: a hub on its own connections, reading only when notified.
    const other = createDatabase(world.db.appUrl, { max: 2 });
    const b = new LiveHub(
      other,
      createLogger("warn", "test", () => {}),
      600_000,
    );
    const notifier = new LiveNotifier(
      a.database.sql,
      a.hub,
      createLogger("warn", "test", () => {}),
    );
    const got = { a: [] as string[], b: [] as string[] };
    try {
      const subs = [
        await a.hub.subscribe(workspaceId, {
          push: (x) => got.a.push(...x.changes.map((c) => c.id)),
        }),
        await b.subscribe(workspaceId, { push: (x) => got.b.push(...x.changes.map((c) => c.id)) }),
      ];
      const reads = a.hub.stats.reads;
      await a.write("e1");
      notifier.changed(workspaceId); // as a mutation does once it has committed
      await until(() => got.a.length > 0 && got.b.length > 0, "both hubs delivered");
      await until(() => a.hub.stats.own > 0, "the notification back at its sender");
      await until(() => !a.hub.reading(workspaceId), "the sender's reads done");
      // The commit's poke read it; the notification coming back read nothing more.
      expect(a.hub.stats.reads - reads).toBe(1);
      expect(got).toEqual({ a: ["e1"], b: ["e1"] });
      for (const s of subs) s.close();
    } finally {
      notifier.close();
      await b.close();
      await other.close();
      await a.close();
    }
  });
});

/** Waits for a condition the hubs reach on their own, up to a generous deadline. */
async function until(check: () => boolean, what: string, timeoutMs = 15_000) {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`${what}: not reached`);
    await Bun.sleep(5);
  }
}
