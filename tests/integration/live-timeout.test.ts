import { describe, expect, test } from "bun:test";
import postgres from "postgres";
import { createDatabase } from "../../db/client";
import { withTenant } from "../../db/tenant";
import { insertDocument } from "../../src/data/documents";
import { createLogger } from "../../src/log";
import type { ChangeBatch } from "../../src/realtime/changes";
import { LiveHub } from "../../src/realtime/hub";
import { newApp } from "../support/apps";
import { setupWorld } from "../support/world";

const world = setupWorld();

describe("live hub reads under a statement timeout", () => {
  test("a read that times out is cancelled in PostgreSQL, and the next one delivers", async () => {
    const { c, workspaceId, userId } = await world.person("Blocked", "Blocked");
    const actor = {
      kind: "user" as const,
      userId,
      displayName: "B",
      workspaceId,
      role: "owner" as const,
    };
    const { at } = await newApp(c, workspaceId);
    const database = createDatabase(world.db.appUrl, { max: 2 });
    const lines: string[] = [];
    // A long tick: only the pokes below read. A short read timeout: a blocked read gives up fast.
    const hub = new LiveHub(
      database,
      createLogger("warn", "test", (l) => lines.push(l)),
      600_000,
      300,
    );
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
      await withTenant(database.db, { workspaceId }, (tx) =>
        insertDocument({ tx, actor }, at("notes"), { id: "n1", data: {} }),
      );
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
      await hub.close();
      await database.close();
      await owner.end();
    }
  });
});
