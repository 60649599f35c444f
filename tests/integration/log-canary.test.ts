import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { QueueEvents } from "bullmq";
import { Redis } from "ioredis";
import postgres from "postgres";
import { createApp } from "../../src/http/app";
import { MAX_LOG_LINE } from "../../src/log";
import { createWorker } from "../../worker/create";
import { newApp } from "../support/apps";
import { setupBuilds } from "../support/builds";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { failure, person, testConfig } from "../support/server";

// Tenant content that must never reach a log line, however a request or job fails.
const CANARY = `CANARY${crypto.randomUUID().slice(0, 8)}`;
const lines: string[] = [];
const sink = (line: string) => lines.push(line);

let db: TestDatabase;
let app: ReturnType<typeof createApp>;
let server: ReturnType<typeof Bun.serve>;
let url: string;
const builds = setupBuilds(() => db);

beforeAll(async () => {
  db = await createTestDatabase();
  app = createApp(testConfig(db, { logLevel: "debug" }), { logSink: sink });
  server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: app.fetch });
  url = `http://127.0.0.1:${server.port}`;
});
afterAll(async () => {
  await server?.stop(true);
  await app?.close();
  await db?.drop();
});

async function owner(statements: string) {
  const sql = postgres(db.ownerUrl, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(statements);
  } finally {
    await sql.end();
  }
}

/** Fails any write whose row mentions the canary, quoting the row in the message and detail. */
const failOnCanary = (table: string) => `
  create or replace function fail_on_canary() returns trigger language plpgsql as $$
  begin
    if new::text like '%CANARY%' then
      raise exception 'rejected %', quote_literal(left(new::text, 200)) using detail = new::text;
    end if;
    return new;
  end $$;
  create trigger fail_on_canary before insert or update on ${table}
    for each row execute function fail_on_canary();`;

function expectClean(from: number) {
  const written = lines.slice(from);
  for (const line of written) {
    expect(line).not.toContain(CANARY);
    expect(line.length).toBeLessThanOrEqual(MAX_LOG_LINE);
    JSON.parse(line);
  }
  return written.map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe("no tenant content in logs", () => {
  test("a failed query mid-mutation logs its code and request id, not its parameters", async () => {
    const { c, workspaceId } = await person(url, "Logger", "Log works");
    const { app: notes } = await newApp(c, workspaceId, "Notes");
    await owner(failOnCanary("app_documents"));
    const from = lines.length;
    const big = { note: `${CANARY} `.repeat(10_000), nested: { [CANARY]: [CANARY] } };
    const res = await failure(
      c.data.insert.mutate({
        workspaceId,
        appId: notes.id,
        scope: "draft",
        collection: "notes",
        data: big,
      }),
    );
    expect(res.status).toBe(500);
    expect(res.message).not.toContain(CANARY);
    const [entry] = expectClean(from).filter((l) => l.msg === "procedure failed");
    expect(entry).toMatchObject({
      path: "data.insert",
      err: { name: "PostgresError", code: "P0001" },
    });
    expect(entry!.requestId).toBeString();
  });

  test("a drizzle query error (which names its parameters) and an unknown route error", async () => {
    const { c, workspaceId, userId } = await person(url, "Exporter", "Export works");
    const { app: built } = await newApp(c, workspaceId, `Zip ${CANARY}`);
    const w = await builds.worker({ workspaceId, appId: built.id, userId });
    await w.build();
    await owner(`${failOnCanary("apps")}
      create trigger fail_on_canary before insert on audit_events
        for each row execute function fail_on_canary();`);
    const from = lines.length;
    const res = await failure(c.apps.create.mutate({ workspaceId, name: `Also ${CANARY}` }));
    expect(res.status).toBe(500);
    const zip = await c.fetch(`${url}/api/workspaces/${workspaceId}/apps/${built.id}/source.zip`);
    expect(zip.status).toBe(500);
    expect(await zip.text()).not.toContain(CANARY);
    const written = expectClean(from);
    expect(written.find((l) => l.msg === "procedure failed")).toMatchObject({
      path: "apps.create",
      err: { name: "PostgresError", code: "P0001" },
    });
    expect(written.find((l) => l.msg === "request failed")).toMatchObject({
      route: "/api/workspaces/:workspaceId/apps/:appId/source.zip",
      err: { code: "P0001" },
    });
  });

  test("a failing job logs its id and error class, not its data", async () => {
    const config = testConfig(db, { queueBackend: "redis", logLevel: "debug" });
    const worker = createWorker(config, { logSink: sink });
    const events = new QueueEvents("system", {
      connection: new Redis(config.redisUrl!, { maxRetriesPerRequest: null }),
      prefix: config.queuePrefix,
    });
    try {
      await worker.ready();
      await events.waitUntilReady();
      const from = lines.length;
      const queue = worker.queues.queue("system");
      const unknown = await queue.add(CANARY, { message: CANARY }, { attempts: 1 });
      const bad = await queue.add(
        "system.echo",
        { message: { [CANARY]: CANARY } },
        { attempts: 1 },
      );
      for (const job of [unknown, bad]) {
        await expect(job.waitUntilFinished(events, 10_000)).rejects.toThrow();
      }
      const failed = expectClean(from).filter((l) => l.msg === "job failed");
      expect(failed.map((l) => l.id).sort()).toEqual([unknown.id, bad.id].sort());
      expect(failed.map((l) => (l.err as { name: string }).name).sort()).toEqual([
        "Error",
        "ZodError",
      ]);
    } finally {
      await events.close();
      await worker.queues.queue("system").obliterate({ force: true });
      await worker.close();
    }
  });

  for (const how of ["throw", "reject"]) {
    test(`a process that dies on an uncaught failed query (${how}) logs no parameters`, async () => {
      const proc = Bun.spawn(
        ["bun", "tests/fixtures/crash-with-content.ts", db.appUrl, CANARY.repeat(5_000), how],
        { stdout: "pipe", stderr: "pipe" },
      );
      const [out, err, code] = await Promise.all([
        new Response(proc.stdout).text(),
        new Response(proc.stderr).text(),
        proc.exited,
      ]);
      expect(code).toBe(1);
      expect(out + err).not.toContain(CANARY);
      const logged = err.trim().split("\n");
      expect(logged).toHaveLength(1);
      expect(logged[0]!.length).toBeLessThanOrEqual(MAX_LOG_LINE);
      expect(JSON.parse(logged[0]!)).toMatchObject({
        err: { name: "PostgresError", code: "22P02" },
      });
    });
  }
});
