// Enqueue → first run event at a subscribed viewer (offline provider, real server process and
// worker), against raw BullMQ enqueue → job start on the same Redis in the same run.
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { createWorker } from "../../worker/create";
import type { TestDatabase } from "../support/db";
import { client, testConfig } from "../support/server";
import { percentile, spawnServer } from "./lib";

export async function benchRawQueue(rounds: number) {
  const prefix = `second-bench-raw-${Date.now()}`;
  const connection = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", {
    maxRetriesPerRequest: null,
  });
  const waiting = new Map<string, () => void>();
  const queue = new Queue("raw", { connection, prefix });
  const worker = new Worker(
    "raw",
    async (job) => {
      waiting.get(job.id!)?.();
    },
    { connection: connection.duplicate(), prefix },
  );
  try {
    await worker.waitUntilReady();
    const samples: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const id = `j${i}`;
      const started = new Promise<void>((r) => waiting.set(id, r));
      const t0 = performance.now();
      await queue.add("noop", {}, { jobId: id });
      await started;
      samples.push(performance.now() - t0);
    }
    return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
  } finally {
    await worker.close();
    await queue.obliterate({ force: true });
    await queue.close();
    connection.disconnect();
  }
}

export async function benchRunStart(db: TestDatabase, rounds: number) {
  const server = await spawnServer(db, { LOG_LEVEL: "warn" });
  const worker = createWorker(
    testConfig(db, { workspacesDir: `/tmp/second-bench-ws-${db.name}`, logLevel: "warn" }),
  );
  try {
    await worker.ready();
    const c = client(server.url);
    await c.auth.onboard.mutate({ displayName: "Bench Builder" });
    const ws = await c.workspaces.create.mutate({ name: "Bench" });
    const samples: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const app = await c.apps.create.mutate({ workspaceId: ws.id, name: `Bench app ${i}` });
      const t0 = performance.now();
      const run = await c.runs.create.mutate({
        workspaceId: ws.id,
        appId: app.id,
        prompt: "Build a tracker",
      });
      await new Promise<void>((resolve, reject) => {
        const sub = c.live.stream.subscribe(
          { workspaceId: ws.id, topics: [{ kind: "run", key: "r", runId: run.id }] },
          {
            onData: (e) => {
              const events = e.data.events.flatMap((t) => (t.kind === "run" ? t.events : []));
              if (events.some((x) => x.type === "status" && x.data.status === "running")) {
                samples.push(performance.now() - t0);
                sub.unsubscribe();
                resolve();
              }
            },
            onError: reject,
          },
        );
      });
    }
    return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
  } finally {
    await worker.close();
    await server.stop();
  }
}
