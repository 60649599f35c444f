import { z } from "zod";

/**
 * One typed contract per job: the producer and the processor share the payload schema and the
 * queue options. Payloads carry an idempotency key (the job id) and, when tenant-scoped, the
 * workspace id — ids only, never tenant content (the queue lives outside tenancy): strict
 * schemas refuse any other field.
 */
export const JOBS = {
  "system.echo": {
    queue: "system",
    payload: z.strictObject({
      idempotencyKey: z.string().min(1).max(120),
      message: z.string().max(200),
    }),
    options: { attempts: 1, removeOnComplete: { age: 3600 }, removeOnFail: { age: 86_400 } },
  },
  "builder.run": {
    queue: "builder",
    payload: z.strictObject({
      workspaceId: z.uuid(),
      runId: z.uuid(),
      idempotencyKey: z.string().min(1).max(120),
    }),
    // A worker that dies mid-run leaves the job stalled; BullMQ hands it to another worker,
    // which resumes from the run's stored transcript.
    options: {
      attempts: 3,
      backoff: { type: "exponential", delay: 1000 },
      removeOnComplete: { age: 3600 },
      removeOnFail: { age: 86_400 },
    },
  },
  "agent.run": {
    queue: "agents",
    payload: z.strictObject({
      workspaceId: z.uuid(),
      runId: z.uuid(),
      idempotencyKey: z.string().min(1).max(120),
    }),
    // A re-delivered job (its worker died) never resumes the run: it ends it as worker_lost, so
    // no tool step runs twice. A full workspace delays the job rather than failing it.
    options: {
      attempts: 3,
      backoff: { type: "exponential", delay: 1000 },
      removeOnComplete: { age: 3600 },
      removeOnFail: { age: 86_400 },
    },
  },
  /**
   * Put on the queue by a BullMQ job scheduler at each cron time of an approved schedule trigger
   * (src/agents/schedules.ts): ids and the approved hash only. The processor starts a run only if
   * the app's approval still holds with that hash.
   */
  "agent.schedule": {
    queue: "agents",
    payload: z.strictObject({
      workspaceId: z.uuid(),
      appId: z.uuid(),
      // Schedulers made before scopes existed carry none: they were the draft's.
      scope: z.enum(["draft", "published"]).default("draft"),
      agentId: z.string().min(1).max(64),
      triggerIndex: z.number().int().min(0).max(100),
      hash: z.string().regex(/^v1:[0-9a-f]{64}$/),
      idempotencyKey: z.string().min(1).max(160),
    }),
    options: { attempts: 1, removeOnComplete: { age: 3600 }, removeOnFail: { age: 86_400 } },
  },
} as const;

export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOBS)[N]["payload"]>;
export const QUEUES = ["system", "builder", "agents"] as const;
export type QueueName = (typeof QUEUES)[number];
