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
      DATABASE_QUEUE_URL: world.db.queueUrl,
      REDIS_URL: config.redisUrl ?? "redis://127.0.0.1:6379",
      QUEUE_PREFIX: config.queuePrefix,
      AUDIT_SIGNING_KEY: config.auditSigningKey,
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

/**
 * A signed-in person with an app, and a scripted answer that streams for about 20 s: a run that
 * ends "stopped" or "failed" was cut short mid-stream.
 */
async function sceneWithSlowAnswer(name: string) {
  const c = client(server.url);
  await c.auth.onboard.mutate({ displayName: name });
  const ws = await c.workspaces.create.mutate({ name: `${name} Co` });
  const { app } = await newApp(c, ws.id);
  const paragraphs = Array.from({ length: 10 }, (_, i) => ({
    type: "text" as const,
    text: `Part ${i}. `.repeat(20),
  }));
  fake.enqueue({ blocks: paragraphs, chunkDelayMs: 500 });
  return { c, ws, app };
}

/** Starts a Claude run and waits until a worker is streaming its answer (past workspace setup). */
async function runningRun(c: ReturnType<typeof client>, workspaceId: string, appId: string) {
  const run = await c.runs.create.mutate({
    workspaceId,
    appId,
    prompt: "Build a CRM",
    provider: "anthropic",
  });
  const w = watchRun(c, { workspaceId, runId: run.id });
  await w.untilStatus("running");
  await w.untilEvent("text-delta");
  return { run, w };
}

describe("stopping a running run", () => {
  test("Stop ends a run while its answer is still streaming", async () => {
    const { c, ws, app } = await sceneWithSlowAnswer("Stopper");
    const worker = spawnWorker();
    try {
      const { run, w } = await runningRun(c, ws.id, app.id);
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
    const { c, ws, app } = await sceneWithSlowAnswer("Crash Tester");
    const first = spawnWorker();
    let second: Subprocess | null = null;
    try {
      const { run, w } = await runningRun(c, ws.id, app.id);
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
