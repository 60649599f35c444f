// App agent runs: agentRuns.start (the procedure the app SDK's bridge calls) → the run's first
// worker event at a subscribed viewer, against raw BullMQ enqueue → job start measured in the
// same run (benchRawQueue); and 100 queued runs drained by 2 workers (offline agent).
import { createDatabase } from "../../db/client";
import { createWorker } from "../../worker/create";
import { storeAgentBuild, TICKETS_COLLECTIONS, triageAgents } from "../support/agent-apps";
import type { TestDatabase } from "../support/db";
import { type Client, client, testConfig } from "../support/server";
import { percentile, spawnServer } from "./lib";

type Started = { workspaceId: string; appId: string; tickets: string[] };

/** A workspace whose app declares the triage agent, approved, with `tickets` tickets. */
async function agentWorkspace(db: TestDatabase, c: Client, name: string, tickets: number) {
  const ws = await c.workspaces.create.mutate({ name });
  const app = await c.apps.create.mutate({ workspaceId: ws.id, name: `${name} app` });
  const scope = { workspaceId: ws.id, appId: app.id };
  const database = createDatabase(db.appUrl, { max: 1 });
  try {
    await storeAgentBuild(database, scope, {
      "collections.json": TICKETS_COLLECTIONS,
      "agents.json": triageAgents({ tools: [] }),
    });
  } finally {
    await database.close();
  }
  await c.agents.approve.mutate(scope);
  const at = { ...scope, scope: "draft" as const, collection: "tickets" };
  const docs = await c.data.insertMany.mutate({
    ...at,
    documents: Array.from({ length: tickets }, (_, i) => ({
      data: { title: `Ticket ${i}`, description: i % 3 === 0 ? "Down, urgent" : "A question" },
    })),
  });
  return { ...scope, tickets: docs.map((d) => d._id) } satisfies Started;
}

/** Resolves when the run's first event from a worker (status running) reaches the viewer. */
function firstWorkerEvent(c: Client, workspaceId: string, runId: string) {
  return new Promise<void>((resolve, reject) => {
    const sub = c.live.stream.subscribe(
      { workspaceId, topics: [{ kind: "run", key: "r", runId }] },
      {
        onData: (e) => {
          const events = e.data.events.flatMap((t) => (t.kind === "run" ? t.events : []));
          if (events.some((x) => x.type === "status" && x.data.status === "running")) {
            sub.unsubscribe();
            resolve();
          }
        },
        onError: reject,
      },
    );
  });
}

export async function benchAgentRunStart(db: TestDatabase, rounds: number) {
  const server = await spawnServer(db, { LOG_LEVEL: "warn" });
  const worker = createWorker(testConfig(db, { logLevel: "warn" }));
  try {
    await worker.ready();
    const c = client(server.url);
    await c.auth.onboard.mutate({ displayName: "Bench Agent Owner" });
    const w = await agentWorkspace(db, c, "Agent bench", rounds);
    const samples: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const t0 = performance.now();
      const run = await c.agentRuns.start.mutate({
        workspaceId: w.workspaceId,
        appId: w.appId,
        agentId: "triage",
        input: { collection: "tickets", documentId: w.tickets[i]! },
      });
      await firstWorkerEvent(c, w.workspaceId, run.id);
      samples.push(performance.now() - t0);
      // One run at a time: the next starts once this one is done, so each start is measured alone.
      await waitDone(c, w.workspaceId, run.id);
    }
    return { rounds, p50: percentile(samples, 50), p99: percentile(samples, 99) };
  } finally {
    await worker.close();
    await server.stop();
  }
}

async function waitDone(c: Client, workspaceId: string, runId: string) {
  for (;;) {
    const run = await c.agentRuns.get.query({ workspaceId, runId });
    if (run.finishedAt) return run;
    await Bun.sleep(5);
  }
}

/** `total` runs queued at once over `workspaces` workspaces, drained by `workers` workers. */
export async function benchQueuedAgentRuns(
  db: TestDatabase,
  total: number,
  workers: number,
  workspaces: number,
) {
  const server = await spawnServer(db, { LOG_LEVEL: "warn" });
  const pool = Array.from({ length: workers }, () =>
    createWorker(testConfig(db, { logLevel: "warn" })),
  );
  try {
    await Promise.all(pool.map((w) => w.ready()));
    const c = client(server.url);
    await c.auth.onboard.mutate({ displayName: "Bench Queue Owner" });
    const per = Math.ceil(total / workspaces);
    const spaces: Started[] = [];
    for (let i = 0; i < workspaces; i++)
      spaces.push(await agentWorkspace(db, c, `Queue bench ${i}`, per));
    const t0 = performance.now();
    const runs = await Promise.all(
      Array.from({ length: total }, (_, i) => {
        const w = spaces[i % workspaces]!;
        return c.agentRuns.start
          .mutate({
            workspaceId: w.workspaceId,
            appId: w.appId,
            agentId: "triage",
            input: { collection: "tickets", documentId: w.tickets[Math.floor(i / workspaces)]! },
          })
          .then((run) => ({ run, workspaceId: w.workspaceId }));
      }),
    );
    const done = await Promise.all(runs.map((r) => waitDone(c, r.workspaceId, r.run.id)));
    const seconds = (performance.now() - t0) / 1000;
    const waits = done.map(
      (r) => new Date(r.startedAt!).getTime() - new Date(r.createdAt).getTime(),
    );
    return {
      total,
      workers,
      workspaces,
      completed: done.filter((r) => r.status === "completed").length,
      runsPerSecond: +(total / seconds).toFixed(1),
      waitP50: percentile(waits, 50),
      waitP99: percentile(waits, 99),
    };
  } finally {
    await Promise.all(pool.map((w) => w.close()));
    await server.stop();
  }
}
