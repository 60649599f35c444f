import { describe, expect, test } from "bun:test";
import { QueueEvents } from "bullmq";
import { Redis } from "ioredis";
import { QueueClient } from "../../src/queue";
import { createWorker } from "../../worker/create";
import { testConfig } from "../support/server";
import { setupWorld } from "../support/world";

const world = setupWorld();

describe("job queues", () => {
  test("the worker process takes a typed job from Redis and returns its result", async () => {
    const config = testConfig(world.db, { queueBackend: "redis" });
    const worker = createWorker(config);
    const producer = new QueueClient(config);
    const events = new QueueEvents("system", {
      connection: new Redis(config.redisUrl!, { maxRetriesPerRequest: null }),
      prefix: config.queuePrefix,
    });
    try {
      await worker.ready();
      await events.waitUntilReady();
      const job = await producer.enqueue("system.echo", { idempotencyKey: "k1", message: "hello" });
      expect(await job.waitUntilFinished(events, 10_000)).toEqual({ echoed: "hello" });
      // The idempotency key is the job id: enqueueing again does not add a second job.
      const again = await producer.enqueue("system.echo", {
        idempotencyKey: "k1",
        message: "hello",
      });
      expect(again.id).toBe(job.id);
    } finally {
      await events.close();
      await producer.queue("system").obliterate({ force: true });
      await producer.close();
      await worker.close();
    }
  });

  test("a payload that breaks the job contract is refused before it is enqueued", async () => {
    const producer = new QueueClient(testConfig(world.db, { queueBackend: "redis" }));
    try {
      await expect(
        producer.enqueue("system.echo", { idempotencyKey: "", message: "x" }),
      ).rejects.toThrow();
      expect(await producer.queue("system").count()).toBe(0);
    } finally {
      await producer.close();
    }
  });

  test("with no Redis the same jobs run on the PostgreSQL backend", async () => {
    const config = testConfig(world.db, { queueBackend: "postgres", redisUrl: undefined });
    const worker = createWorker(config);
    const producer = new QueueClient(config);
    try {
      await worker.ready();
      await producer.ping();
      const job = await producer.enqueue("system.echo", {
        idempotencyKey: "pg1",
        message: "from postgres",
      });
      let state = await job.getState();
      for (let i = 0; i < 200 && state !== "completed"; i++) {
        await Bun.sleep(25);
        state = await producer.queue("system").getJobState(job.id!);
      }
      expect(state).toBe("completed");
      const done = await producer.queue("system").getJob(job.id!);
      expect(done?.returnvalue).toEqual({ echoed: "from postgres" });
    } finally {
      await producer.close();
      await worker.close();
    }
  });
});
