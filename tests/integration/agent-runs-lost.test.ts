import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import postgres from "postgres";
import { createDatabase, type Database } from "../../db/client";
import { QueueClient } from "../../src/queue";
import { createWorker } from "../../worker/create";
import { sweepLostAgentRuns } from "../../worker/runs/lost-runs";
import { setupAgentApps, TICKETS_COLLECTIONS, triageAgents } from "../support/agent-apps";
import { newApp } from "../support/apps";
import { watchRun } from "../support/run-watch";
import { type Client, testConfig } from "../support/server";
import { setupWorld } from "../support/world";

setDefaultTimeout(30_000);

// Runs left `running` with no job to finish them (a queue flushed under a dead worker) hold a
// workspace slot until the worker's sweep fails them as worker_lost.
const world = setupWorld();
const storeBuild = setupAgentApps(() => world.db);
let db: Database;
let queues: QueueClient;
let owner: ReturnType<typeof postgres>;
beforeAll(() => {
  db = createDatabase(world.db.appUrl, { max: 2 });
  queues = new QueueClient(testConfig(world.db));
  owner = postgres(world.db.ownerUrl, { max: 1, onnotice: () => {} });
});
afterAll(async () => {
  await queues?.close();
  await db?.close();
  await owner?.end();
});

/** An app whose agent needs no outside tool, approved, with a run started by hand. */
async function agentApp(c: Client, workspaceId: string) {
  const { app } = await newApp(c, workspaceId);
  const target = { workspaceId, appId: app.id };
  await storeBuild(target, {
    "collections.json": TICKETS_COLLECTIONS,
    "agents.json": triageAgents({ tools: [] }),
  });
  await c.agents.approve.mutate(target);
  return target;
}

/**
 * What a worker that claimed the run and then died leaves behind, with its job gone too: the run
 * `running` since `startedAgoMs`, and (unless kept) no job on the queue.
 */
async function strand(runId: string, startedAgoMs: number, opts: { keepJob?: boolean } = {}) {
  if (!opts.keepJob) await (await queues.queue("agents").getJob(`agent.run-${runId}`))?.remove();
  await owner`
    update agent_runs set status = 'running',
      started_at = now() - ${`${startedAgoMs} milliseconds`}::interval
    where id = ${runId}`;
}

const statusOf = async (runId: string) =>
  (
    await owner<{ status: string; failure_code: string | null }[]>`
    select status, failure_code from agent_runs where id = ${runId}`
  )[0]!;

const auditRows = (workspaceId: string) =>
  owner<
    { actor_kind: string; outcome: string; target_id: string; metadata: Record<string, unknown> }[]
  >`
    select actor_kind, outcome, target_id, metadata from audit_events
    where workspace_id = ${workspaceId} and action = 'app_agent_run.worker_lost' order by seq`;

/** Polls until the check holds (the queue has no push for a job's state). */
async function until(check: () => Promise<boolean>, what: string, timeoutMs = 20_000) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(25);
  }
}

describe("the lost agent run sweep", () => {
  test("fails a run running past its deadline with no job (audited, event streamed); leaves one with a live job, or within its deadline", async () => {
    const { c, workspaceId } = await world.person("Sweep Owner", "Lost Runs");
    const target = await agentApp(c, workspaceId);
    const lost = await c.agentRuns.start.mutate({ ...target, agentId: "triage" });
    const queued = await c.agentRuns.start.mutate({ ...target, agentId: "triage" });
    const recent = await c.agentRuns.start.mutate({ ...target, agentId: "triage" });
    await strand(lost.id, 3_600_000);
    await strand(queued.id, 3_600_000, { keepJob: true });
    await strand(recent.id, 1_000);
    const w = watchRun(c, { workspaceId, runId: lost.id });

    const failed = await sweepLostAgentRuns({ db, queue: queues }, { olderThanMs: 60_000 });
    expect(failed).toContain(lost.id);
    expect(failed).not.toContain(queued.id);
    expect(failed).not.toContain(recent.id);
    await w.untilStatus("failed");
    w.close();
    expect(w.events.at(-1)?.data).toMatchObject({ status: "failed", failureCode: "worker_lost" });
    const run = await c.agentRuns.get.query({ workspaceId, runId: lost.id });
    expect(run).toMatchObject({ status: "failed", failureCode: "worker_lost" });
    expect(run.failureMessage).toContain("Try again");
    // The one whose job waits is its job's to end; the recent one is within its deadline.
    expect((await statusOf(queued.id)).status).toBe("running");
    expect((await statusOf(recent.id)).status).toBe("running");
    const rows = await auditRows(workspaceId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actor_kind: "system",
      outcome: "failure",
      target_id: lost.id,
      metadata: { appId: target.appId, agentId: "triage", jobState: "missing" },
    });
    // Sweeping again finds nothing more to do.
    const again = await sweepLostAgentRuns({ db, queue: queues }, { olderThanMs: 60_000 });
    expect(again).not.toContain(lost.id);
    expect(await auditRows(workspaceId)).toHaveLength(1);
    // Retry starts a fresh run as for any worker_lost failure.
    const retried = await c.agentRuns.retry.mutate({ workspaceId, runId: lost.id });
    expect(retried.status).toBe("pending");
  });

  test("with a real worker: the lost run's slot is freed and the run waiting for it completes", async () => {
    const { c, workspaceId } = await world.person("Slot Owner", "Slots");
    const target = await agentApp(c, workspaceId);
    const lost = await c.agentRuns.start.mutate({ ...target, agentId: "triage" });
    // Within its deadline, so the worker's own start-up sweep leaves it: it holds the one slot.
    await strand(lost.id, 0);
    const worker = createWorker(testConfig(world.db), { agentRunsPerWorkspace: 1 });
    try {
      await worker.ready();
      const waiting = await c.agentRuns.start.mutate({ ...target, agentId: "triage" });
      const w = watchRun(c, { workspaceId, runId: waiting.id });
      // The worker takes the job, finds the workspace's only slot held, and puts it back.
      await until(
        async () => (await queues.jobState("agent.run", waiting.id)) === "delayed",
        "the waiting run's job to be delayed",
      );
      expect((await statusOf(waiting.id)).status).toBe("pending");

      // Past the deadline now; the worker's sweep fails it and the slot goes to the waiting run.
      await owner`update agent_runs set started_at = now() - interval '2 hours' where id = ${lost.id}`;
      await worker.sweep();
      expect(await statusOf(lost.id)).toEqual({ status: "failed", failure_code: "worker_lost" });
      await w.untilStatus("completed");
      w.close();
      expect(w.statuses()).toEqual(["pending", "running", "completed"]);
      expect(await auditRows(workspaceId)).toHaveLength(1);
    } finally {
      await worker.close();
    }
  });
});
