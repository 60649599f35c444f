import { DelayedError, type Job } from "bullmq";
import { createDatabase } from "../db/client";
import { refusalAuditor } from "../src/agents/runs";
import { reconcileAgentSchedules, syncAgentSchedules } from "../src/agents/schedules";
import { sweepUnqueuedRuns } from "../src/agents/triggers";
import { chainContext } from "../src/audit/chain";
import { AuditSealer } from "../src/audit/sealer";
import { type Config, configSecrets } from "../src/config";
import { JOBS, type JobName, QUEUES } from "../src/jobs/contracts";
import { createLogger, type LogSink } from "../src/log";
import { QueueClient } from "../src/queue";
import { LiveNotifier } from "../src/realtime/hub";
import { providerSetup } from "../src/runs/models";
import type { CredentialsResolver } from "./agent-tools/outbound";
import { AppDeps } from "./build/deps";
import { processAgentRun } from "./runs/agent-run";
import { processAgentSchedule } from "./runs/agent-schedule";
import { processBuilderRun } from "./runs/builder-run";
import { sweepLostAgentRuns } from "./runs/lost-runs";

// App agent runs wait mostly on the model: a worker runs several at once.
const AGENT_WORKER_CONCURRENCY = 8;
const SWEEP_EVERY_MS = 30_000;
const RECONCILE_EVERY_MS = 10 * 60_000;

// Job names come from the queue, which any producer can write to: only our own are looked up.
const isJobName = (name: string): name is JobName => Object.hasOwn(JOBS, name);

export interface WorkerOptions {
  logSink?: LogSink;
  /** Running app agent runs allowed per workspace (default AGENT_RUN_LIMITS.runningPerWorkspace). */
  agentRunsPerWorkspace?: number;
  /** Where custom tools find the app's grants and secrets: the integrations store unless a test gives its own. */
  credentials?: CredentialsResolver;
}

export function createWorker(config: Config, opts: WorkerOptions = {}) {
  const log = createLogger(config.logLevel, "worker", opts.logSink, configSecrets(config));
  const db = createDatabase(config.appDatabaseUrl, { max: Math.min(config.poolSize, 5) });
  const queues = new QueueClient(config, log);
  // The worker has no subscribers of its own: it only tells the servers what changed.
  const notifier = new LiveNotifier(db.sql, null, log);
  const appDeps = new AppDeps(config.appDepsDir);
  const sealer = new AuditSealer(db.db, log, chainContext(config));
  const audited = (workspaceId: string) => sealer.schedule(workspaceId);
  const schedules = { db, queue: queues, log, audited };
  const agentRuns = {
    providers: providerSetup(config),
    enqueue: ({ workspaceId, runId }: { workspaceId: string; runId: string }) =>
      queues.enqueue("agent.run", { workspaceId, runId, idempotencyKey: runId }),
    auditRefusal: refusalAuditor(db, audited),
  };
  // An agent's report of a failed tool call starts a repair run of the app's builder.
  const repairs = {
    runs: {
      providers: providerSetup(config),
      enqueue: ({ workspaceId, runId }: { workspaceId: string; runId: string }) =>
        queues.enqueue("builder.run", { workspaceId, runId, idempotencyKey: runId }),
    },
    masterKeys: config.masterKeys,
    auditRefusal: refusalAuditor(db, audited),
  };
  // A build that made an app's approval stale retires its schedules; failing that, the
  // schedulers' own check at fire time and the periodic reconciliation do.
  const approvalStale = (target: { workspaceId: string; appId: string }) =>
    syncAgentSchedules(schedules, target)
      .then(() => undefined)
      .catch((err) => log.warn("agent schedule sync failed", { ...target, err }));

  /** Processors by job name. Each validates its payload with the job's contract first. */
  const processors: {
    [N in JobName]: (data: unknown, job: Job, token?: string) => Promise<unknown>;
  } = {
    "system.echo": async (data) => {
      const payload = JOBS["system.echo"].payload.parse(data);
      return { echoed: payload.message };
    },
    "builder.run": async (data) => {
      const payload = JOBS["builder.run"].payload.parse(data);
      return processBuilderRun(
        { config, db, notifier, log, appDeps, audited, approvalStale },
        payload,
      );
    },
    "agent.run": async (data, job, token) => {
      const payload = JOBS["agent.run"].payload.parse(data);
      const runningPerWorkspace = opts.agentRunsPerWorkspace;
      const out = await processAgentRun(
        {
          config,
          db,
          notifier,
          audited,
          runningPerWorkspace,
          credentials: opts.credentials,
          agentRuns,
          repairs,
        },
        payload,
      );
      if ("waitMs" in out) {
        // The workspace's slots are full: the job waits its turn instead of failing.
        await job.moveToDelayed(Date.now() + out.waitMs, token);
        throw new DelayedError();
      }
      return out;
    },
    // A scheduled firing needs the time BullMQ scheduled it for, not only its payload.
    "agent.schedule": (data, job) =>
      processAgentSchedule({ ...schedules, runs: agentRuns }, { ...job, data }),
  };
  const workers = QUEUES.map((name) =>
    queues.worker(
      name,
      async (job: Job, token?: string) => {
        if (!isJobName(job.name)) throw new Error("No processor for this job name.");
        return processors[job.name](job.data, job, token);
      },
      name === "agents" ? AGENT_WORKER_CONCURRENCY : undefined,
    ),
  );
  for (const w of workers) {
    w.on("failed", (job, err) =>
      log.warn("job failed", {
        job: job && isJobName(job.name) ? job.name : "unknown",
        id: job?.id,
        err,
      }),
    );
    w.on("error", (err) => log.error("queue worker error", { err }));
  }
  // Durable state wins over queue state: runs whose job was never enqueued are put back, runs
  // left running with no job are failed (their workspace slot freed), and
  // schedulers are rebuilt from approvals (a Redis flush loses them). Once at start, then
  // periodically; every worker may do it, as all are idempotent.
  const sweep = () =>
    Promise.all([
      sweepUnqueuedRuns(db, queues, { log }).catch((err) =>
        log.warn("pending agent run sweep failed", { err }),
      ),
      sweepLostAgentRuns({ db, queue: queues, notifier, audited, log }).catch((err) =>
        log.warn("lost agent run sweep failed", { err }),
      ),
    ]);
  const reconcile = () =>
    reconcileAgentSchedules(schedules).catch((err) =>
      log.warn("agent schedule reconciliation failed", { err }),
    );
  const timers: ReturnType<typeof setInterval>[] = [];
  return {
    db,
    queues,
    workers,
    async ready() {
      await Promise.all(workers.map((w) => w.waitUntilReady()));
      await Promise.all([sweep(), reconcile()]);
      timers.push(setInterval(sweep, SWEEP_EVERY_MS), setInterval(reconcile, RECONCILE_EVERY_MS));
      for (const t of timers) t.unref?.();
    },
    /** Runs the periodic sweeps now (tests; they also run at start and every 30 s). */
    sweep,
    /** Graceful: finishes the jobs in hand, then closes connections. */
    async close() {
      for (const t of timers) clearInterval(t);
      await Promise.all(workers.map((w) => w.close()));
      await sealer.close();
      notifier.close();
      await queues.close();
      await db.close();
    },
  };
}
