import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Subprocess } from "bun";
import postgres from "postgres";
import { type FakeAnthropic, startFakeAnthropic } from "../fixtures/fake-anthropic";
import { setupAgentApps, TICKETS_COLLECTIONS, triageAgents } from "../support/agent-apps";
import { newApp } from "../support/apps";
import { watchRun } from "../support/run-watch";
import { client, startServer, type TestServer, testConfig } from "../support/server";
import { setupWorld } from "../support/world";

// The worker runs as its own process so it can be killed outright (SIGKILL) mid-run.
let fake: FakeAnthropic;
let server: TestServer;

function spawnWorker(): Subprocess {
  const config = testConfig(world.db);
  return Bun.spawn([process.execPath, "worker/main.ts"], {
    env: {
      ...process.env,
      DATABASE_URL: world.db.ownerUrl,
      DATABASE_APP_URL: world.db.appUrl,
      DATABASE_QUEUE_URL: world.db.queueUrl,
      REDIS_URL: config.redisUrl ?? "redis://127.0.0.1:6379",
      QUEUE_PREFIX: config.queuePrefix,
      AUDIT_SIGNING_KEY: config.auditSigningKey,
      ANTHROPIC_API_KEY: "test-key",
      ANTHROPIC_BASE_URL: fake.url,
      LOG_LEVEL: "silent",
    },
    stdout: "inherit",
    stderr: "inherit",
  });
}

// Registered before setupWorld: after-all hooks run in order of registration, so these
// close the file's connections before the test database is dropped.
afterAll(async () => {
  await server?.close();
  await fake?.stop();
});
const storeBuild = setupAgentApps(() => world.db);
const world = setupWorld();

beforeAll(() => {
  fake = startFakeAnthropic();
  server = startServer(world.db, { anthropic: { apiKey: "test-key", baseURL: fake.url } });
});

const agentInserts = async (workspaceId: string) => {
  const sql = postgres(world.db.ownerUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<{ n: number }[]>`
      select count(*)::int as n from audit_events
      where workspace_id = ${workspaceId} and action = 'app_data.document.inserted' and actor_kind = 'agent'`;
    return rows[0]!.n;
  } finally {
    await sql.end();
  }
};

describe("an app agent's worker killed mid-run", () => {
  test("the run ends failed (worker_lost, retryable) and its tool step is never executed again", async () => {
    const c = client(server.url);
    await c.auth.onboard.mutate({ displayName: "Crash Owner" });
    const ws = await c.workspaces.create.mutate({ name: "Crash Co" });
    const { app, at } = await newApp(c, ws.id);
    const target = { workspaceId: ws.id, appId: app.id };
    await storeBuild(target, {
      "collections.json": TICKETS_COLLECTIONS,
      "agents.json": triageAgents(),
    });
    await c.agents.approve.mutate(target);
    // Turn one inserts a ticket; turn two streams for about 30 s, and the worker dies in it.
    fake.enqueue(
      {
        blocks: [
          {
            type: "tool_use",
            name: "update_app_data",
            input: { collection: "tickets", op: "insert", data: { title: "Filed once" } },
          },
        ],
      },
      {
        blocks: Array.from({ length: 10 }, (_, i) => ({
          type: "text" as const,
          text: `Part ${i}. `,
        })),
        chunkDelayMs: 500,
      },
    );
    const first = spawnWorker();
    let second: Subprocess | null = null;
    try {
      const run = await c.agentRuns.start.mutate({ ...target, agentId: "triage" });
      const w = watchRun(c, { workspaceId: ws.id, runId: run.id });
      await w.untilEvent("data-change");
      await w.untilEvent("text-delta");
      first.kill("SIGKILL");
      await first.exited;
      const requestsBefore = fake.requests.length;
      second = spawnWorker();
      await w.untilStatus("failed");
      w.close();
      const failed = await c.agentRuns.get.query({ workspaceId: ws.id, runId: run.id });
      expect(failed).toMatchObject({ status: "failed", failureCode: "worker_lost" });
      expect(failed.failureMessage).toContain("Try again");
      // The re-delivered job ran nothing: no model call, no second insert.
      expect(fake.requests.length).toBe(requestsBefore);
      const tickets = await c.data.list.query(at("tickets"));
      expect(tickets.documents.map((d) => d.title)).toEqual(["Filed once"]);
      expect(await agentInserts(ws.id)).toBe(1);
      expect(w.events.filter((e) => e.type === "data-change").length).toBe(1);

      // Try again is a new run, on the worker that is there.
      fake.enqueue({ blocks: [{ type: "text", text: "Nothing left to do." }] });
      const again = await c.agentRuns.retry.mutate({ workspaceId: ws.id, runId: run.id });
      const w2 = watchRun(c, { workspaceId: ws.id, runId: again.id });
      await w2.untilStatus("completed");
      w2.close();
      expect((await c.data.list.query(at("tickets"))).documents.length).toBe(1);
    } finally {
      first.kill("SIGKILL");
      second?.kill("SIGTERM");
      await second?.exited;
    }
  }, 90_000);
});
