import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Subprocess } from "bun";
import { type FakeAnthropic, startFakeAnthropic } from "../fixtures/fake-anthropic";
import { newApp } from "../support/apps";
import { watchRun } from "../support/run-watch";
import { client, startServer, type TestServer, testConfig } from "../support/server";
import { setupWorld } from "../support/world";

// The builder worker runs as its own process so it can be killed outright (SIGKILL).
const world = setupWorld();
let fake: FakeAnthropic;
let server: TestServer;

function spawnWorker(): Subprocess {
  const config = testConfig(world.db);
  return Bun.spawn(["bun", "worker/main.ts"], {
    env: {
      ...process.env,
      DATABASE_URL: world.db.ownerUrl,
      DATABASE_APP_URL: world.db.appUrl,
      REDIS_URL: config.redisUrl ?? "redis://127.0.0.1:6379",
      QUEUE_PREFIX: config.queuePrefix,
      ANTHROPIC_API_KEY: "test-key",
      ANTHROPIC_BASE_URL: fake.url,
      WORKSPACES_DIR: `/tmp/second-test-workspaces-${world.db.name}`,
      LOG_LEVEL: "silent",
    },
    stdout: "inherit",
    stderr: "inherit",
  });
}

beforeAll(() => {
  fake = startFakeAnthropic();
  server = startServer(world.db, { anthropic: { apiKey: "test-key", baseURL: fake.url } });
});
afterAll(async () => {
  await server?.close();
  await fake?.stop();
});

describe("stopping a running run", () => {
  test("Stop ends a run while its answer is still streaming", async () => {
    const c = client(server.url);
    await c.auth.onboard.mutate({ displayName: "Stopper" });
    const ws = await c.workspaces.create.mutate({ name: "Stops" });
    const { app } = await newApp(c, ws.id);
    fake.enqueue({
      blocks: [{ type: "text", text: "A long answer. ".repeat(60) }],
      chunkDelayMs: 100,
    });
    const worker = spawnWorker();
    try {
      const run = await c.runs.create.mutate({
        workspaceId: ws.id,
        appId: app.id,
        prompt: "Build a CRM",
        provider: "anthropic",
      });
      const w = watchRun(c, { workspaceId: ws.id, runId: run.id });
      await w.untilStatus("running");
      await c.runs.stop.mutate({ workspaceId: ws.id, runId: run.id });
      await w.untilStatus("stopped");
      w.close();
      expect(w.statuses()).not.toContain("completed");
      expect(await c.runs.get.query({ workspaceId: ws.id, runId: run.id })).toMatchObject({
        status: "stopped",
      });
    } finally {
      worker.kill("SIGTERM");
      await worker.exited;
    }
  }, 60_000);
});

describe("a worker killed mid-run", () => {
  test("the run does not hang: another worker takes the job and fails it with a clear, retryable message", async () => {
    const c = client(server.url);
    await c.auth.onboard.mutate({ displayName: "Crash Tester" });
    const ws = await c.workspaces.create.mutate({ name: "Crashes" });
    const { app } = await newApp(c, ws.id);
    // A slow answer, so the worker is surely mid-stream when it dies.
    fake.enqueue({
      blocks: [{ type: "text", text: "Let me think about this. ".repeat(40) }],
      chunkDelayMs: 150,
    });
    const first = spawnWorker();
    let second: Subprocess | null = null;
    try {
      const run = await c.runs.create.mutate({
        workspaceId: ws.id,
        appId: app.id,
        prompt: "Build a CRM",
        provider: "anthropic",
      });
      const w = watchRun(c, { workspaceId: ws.id, runId: run.id });
      await w.untilStatus("running");
      first.kill("SIGKILL");
      await first.exited;
      second = spawnWorker();
      await w.untilStatus("failed", 1);
      w.close();
      const failed = await c.runs.get.query({ workspaceId: ws.id, runId: run.id });
      expect(failed).toMatchObject({ status: "failed", failureCode: "worker_lost" });
      expect(failed.failureMessage).toContain("Try again");
      // Try again works once a worker is there.
      fake.enqueue({ blocks: [{ type: "text", text: "Done." }] });
      const again = await c.runs.retry.mutate({ workspaceId: ws.id, runId: run.id });
      const w2 = watchRun(c, { workspaceId: ws.id, runId: again.id });
      await w2.untilStatus("completed");
      w2.close();
    } finally {
      first.kill("SIGKILL");
      second?.kill("SIGTERM");
      await second?.exited;
    }
  }, 90_000);
});
