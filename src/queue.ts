import {
  createPostgresBackend,
  type Processor,
  Queue,
  type QueueOptions,
  Worker,
  type WorkerOptions,
} from "bullmq";
import { Redis } from "ioredis";
import type { Config } from "./config";
import { JOBS, type JobName, type JobPayload, type QueueName } from "./jobs/contracts";
import type { Logger } from "./log";

/**
 * BullMQ on Redis when configured, else on BullMQ's PostgreSQL backend (one less service for a
 * laptop). The Postgres backend's `bullmq` schema is created by the migrations; the queues use it
 * through the queue role, which can reach nothing else (and the runtime role cannot reach it).
 */
export class QueueClient {
  private readonly redis: Redis | null;
  private readonly queues = new Map<QueueName, Queue>();
  private readonly workerConnections: Redis[] = [];

  constructor(
    private readonly config: Config,
    private readonly log?: Logger,
  ) {
    this.redis =
      config.queueBackend === "redis"
        ? new Redis(config.redisUrl ?? "redis://127.0.0.1:6379", {
            maxRetriesPerRequest: null,
            lazyConnect: true,
          })
        : null;
    // Connection errors surface through ping() and the health check; don't let them go unhandled.
    this.redis?.on("error", () => {});
  }

  get backend() {
    return this.config.queueBackend;
  }

  private options(): QueueOptions {
    return this.redis
      ? { connection: this.redis, prefix: this.config.queuePrefix }
      : ({
          connection: { connectionString: this.config.queueDatabaseUrl, skipMigrations: true },
          prefix: this.config.queuePrefix,
        } as unknown as QueueOptions);
  }

  queue(name: QueueName): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = this.redis
        ? new Queue(name, this.options())
        : new Queue(name, this.options() as never, createPostgresBackend as never);
      // Without a listener BullMQ prints the whole error object itself.
      q.on("error", (err) => this.log?.warn("queue error", { queue: name, err }));
      this.queues.set(name, q);
    }
    return q;
  }

  async enqueue<N extends JobName>(name: N, payload: JobPayload<N>) {
    const contract = JOBS[name];
    const data = contract.payload.parse(payload);
    return this.queue(contract.queue).add(name, data, {
      ...contract.options,
      jobId: `${name}-${data.idempotencyKey}`,
    });
  }

  /** The state of the job `enqueue(name, { idempotencyKey })` made, or null when there is none. */
  async jobState<N extends JobName>(name: N, idempotencyKey: string): Promise<string | null> {
    const job = await this.queue(JOBS[name].queue).getJob(`${name}-${idempotencyKey}`);
    return job ? await job.getState() : null;
  }

  worker(name: QueueName, process: Processor, concurrency = 4): Worker {
    // A worker that dies loses its job lock after lockDuration; another worker then takes the job
    // over within stalledInterval (the builder fails such a run with a clear, retryable message).
    const opts = {
      ...this.options(),
      concurrency,
      lockDuration: 10_000,
      stalledInterval: 5_000,
    } as WorkerOptions;
    if (this.redis) {
      // A blocking worker needs its own connection.
      const connection = this.redis.duplicate();
      this.workerConnections.push(connection);
      opts.connection = connection;
      return new Worker(name, process, opts);
    }
    return new Worker(name, process, opts as never, createPostgresBackend as never);
  }

  /** Resolves when the queue backend answers; rejects after the timeout. */
  async ping(timeoutMs = 2000): Promise<void> {
    const check = this.redis
      ? this.redis.ping().then(() => undefined)
      : this.queue("system")
          .count()
          .then(() => undefined);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("queue backend did not answer")), timeoutMs);
    });
    try {
      await Promise.race([check, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    // BullMQ leaves connections it was handed open; the worker ones are ours to close.
    for (const connection of this.workerConnections) connection.disconnect();
    this.redis?.disconnect();
  }
}
