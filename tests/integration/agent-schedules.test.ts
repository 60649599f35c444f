import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { writeFile } from "node:fs/promises";
import postgres from "postgres";
import { createDatabase, type Database } from "../../db/client";
import {
  reconcileAgentSchedules,
  type ScheduleDeps,
  schedulerId,
  syncAgentSchedules,
} from "../../src/agents/schedules";
import { QueueClient } from "../../src/queue";
import { createWorker } from "../../worker/create";
import { processAgentSchedule } from "../../worker/runs/agent-schedule";
import { setupAgentApps } from "../support/agent-apps";
import { addCollaborator, newApp } from "../support/apps";
import { setupBuilds } from "../support/builds";
import { follow } from "../support/live";
import { type Client, failure, testConfig } from "../support/server";
import { setupWorld } from "../support/world";

// Each app is type-checked and bundled for real: seconds apiece, more on a busy machine.
setDefaultTimeout(60_000);

const world = setupWorld();
const builds = setupBuilds(() => world.db);
const storeBuild = setupAgentApps(() => world.db);
let db: Database;
let queues: QueueClient;
let deps: ScheduleDeps;
beforeAll(() => {
  db = createDatabase(world.db.appUrl, { max: 2 });
  queues = new QueueClient(testConfig(world.db));
  deps = { db, queue: queues };
});
afterAll(async () => {
  await queues?.close();
  await db?.close();
});

const APP = `export default function App() {
  return <main><h1>Reports</h1></main>;
}
`;
const COLLECTIONS = JSON.stringify({
  version: 1,
  collections: { reports: { fields: { title: { type: "string" } }, access: { agents: "write" } } },
});
const MONDAYS = "0 9 * * 1";
const AGENTS = (digestCron = MONDAYS) =>
  JSON.stringify({
    version: 1,
    agents: [
      {
        id: "digest",
        name: "Digest",
        description: "Writes the weekly digest.",
        systemPrompt: "Summarise the week's reports.",
        dataCollections: [{ name: "reports", access: "write" }],
        triggers: [{ type: "manual" }, { type: "schedule", cron: digestCron }],
      },
      {
        id: "tidy",
        name: "Tidy",
        description: "Tidies reports.",
        systemPrompt: "Tidy the reports.",
        dataCollections: [{ name: "reports", access: "write" }],
        triggers: [{ type: "schedule", cron: "30 6 1 * *" }],
      },
    ],
  });

/**
 * An app whose build declares two scheduled agents: stored as done_building would, or (`real`)
 * type-checked and bundled by the worker's build path, which retires schedules like the worker's.
 */
async function reportsApp(c: Client, workspaceId: string, userId: string, real = false) {
  const made = await newApp(c, workspaceId);
  const target = { workspaceId, appId: made.app.id };
  if (!real) {
    await storeBuild(target, { "collections.json": COLLECTIONS, "agents.json": AGENTS() });
    return { ...made, w: null };
  }
  const w = await builds.worker({ ...target, userId }, "w1", {
    approvalStale: (t) => syncAgentSchedules(deps, t).then(() => undefined),
  });
  await writeFile(w.file("src/App.tsx"), APP);
  await writeFile(w.file("collections.json"), COLLECTIONS);
  await writeFile(w.file("agents.json"), AGENTS());
  expect((await w.build("Reports")).status).toBe("succeeded");
  return { ...made, w };
}

/** Our schedulers on the agents queue for one app, by id. */
async function schedulersOf(appId: string) {
  const all = await queues.queue("agents").getJobSchedulers(0, -1, true);
  return all.filter((s) => s.key.startsWith(`agent-schedule.${appId}.`));
}

async function auditRows(workspaceId: string, action: string) {
  const sql = postgres(world.db.ownerUrl, { max: 1, onnotice: () => {} });
  try {
    return await sql<{ actor_kind: string; metadata: Record<string, unknown> }[]>`
      select actor_kind, metadata from audit_events
      where workspace_id = ${workspaceId} and action = ${action} order by seq`;
  } finally {
    await sql.end();
  }
}

/** The next time the cron fires after `from`, in UTC (minute, hour, day-of-week only). */
function nextMonday9(from: Date) {
  const d = new Date(from);
  d.setUTCSeconds(0, 0);
  d.setUTCMinutes(0);
  d.setUTCHours(9);
  const add = (1 - d.getUTCDay() + 7) % 7;
  d.setUTCDate(d.getUTCDate() + add);
  if (d <= from) d.setUTCDate(d.getUTCDate() + 7);
  return d;
}

describe("schedule triggers", () => {
  test("approving creates one UTC job scheduler per schedule trigger, shown with its next run time; audited as the system", async () => {
    const { c, workspaceId, userId } = await world.person("Scheduler Owner", "Schedules");
    const { app } = await reportsApp(c, workspaceId, userId);
    const target = { workspaceId, appId: app.id };
    expect(await schedulersOf(app.id)).toEqual([]);
    expect(await c.agents.schedules.query(target)).toEqual([]);

    // A member's (mock-only) approval schedules too.
    const member = await world.member(workspaceId, "member", "Mock Approver");
    await addCollaborator(c, target, member.userId);
    const before = new Date();
    const { hash } = await member.c.agents.approve.mutate(target);
    const schedulers = await schedulersOf(app.id);
    expect(schedulers.map((s) => [s.key, s.pattern, s.tz, s.name]).sort()).toEqual(
      [
        [schedulerId(app.id, "draft", "digest", 1, hash), MONDAYS, "UTC", "agent.schedule"],
        [schedulerId(app.id, "draft", "tidy", 0, hash), "30 6 1 * *", "UTC", "agent.schedule"],
      ].sort(),
    );
    const digest = schedulers.find((s) => s.key.includes(".digest."))!;
    expect(digest.template?.data).toEqual({
      workspaceId,
      appId: app.id,
      scope: "draft",
      agentId: "digest",
      triggerIndex: 1,
      hash,
      idempotencyKey: digest.key,
    });
    expect(digest.next).toBe(nextMonday9(before).getTime());

    const listed = await c.agents.schedules.query(target);
    expect(listed).toEqual([
      {
        agentId: "digest",
        agentName: "Digest",
        triggerIndex: 1,
        cron: MONDAYS,
        timezone: "UTC",
        scope: "draft",
        nextRunAt: nextMonday9(before).toISOString(),
      },
      expect.objectContaining({ agentId: "tidy", cron: "30 6 1 * *", triggerIndex: 0 }),
    ]);
    const created = await auditRows(workspaceId, "app.agent_schedule.created");
    expect(created.map((r) => [r.actor_kind, r.metadata.agentId, r.metadata.cron])).toEqual([
      ["system", "digest", MONDAYS],
      ["system", "tidy", "30 6 1 * *"],
    ]);

    // Approving again (live, same file) keeps the same schedulers and audits nothing new.
    await c.agents.approve.mutate(target);
    expect((await schedulersOf(app.id)).map((s) => s.key).sort()).toEqual(
      schedulers.map((s) => s.key).sort(),
    );
    expect(await auditRows(workspaceId, "app.agent_schedule.created")).toHaveLength(2);
  });

  test("agents.schedules: bad input is refused and another workspace's app is not found", async () => {
    const a = await world.person("Sched A", "Sched A");
    const b = await world.person("Sched B", "Sched B");
    const { app } = await newApp(a.c, a.workspaceId);
    expect(await a.c.agents.schedules.query({ workspaceId: a.workspaceId, appId: app.id })).toEqual(
      [],
    );
    expect(
      await failure(a.c.agents.schedules.query({ workspaceId: a.workspaceId, appId: "nope" })),
    ).toMatchObject({ code: "BAD_REQUEST" });
    expect(
      await failure(a.c.agents.schedules.query({ workspaceId: b.workspaceId, appId: app.id })),
    ).toMatchObject({ code: "NOT_FOUND" });
    expect(
      await failure(b.c.agents.schedules.query({ workspaceId: b.workspaceId, appId: app.id })),
    ).toMatchObject({ code: "NOT_FOUND" });
    expect(
      await failure(b.c.agents.schedules.query({ workspaceId: a.workspaceId, appId: app.id })),
    ).toMatchObject({ code: "NOT_FOUND" });
  });

  test("the scheduler's own job, fired now through the real worker, starts one scheduled run", async () => {
    const { c, workspaceId, userId } = await world.person("Fire Owner", "Firing");
    const { app } = await reportsApp(c, workspaceId, userId);
    const { hash } = await c.agents.approve.mutate({ workspaceId, appId: app.id });
    const id = schedulerId(app.id, "draft", "digest", 1, hash);
    const agents = queues.queue("agents");
    const scheduler = (await agents.getJobScheduler(id))!;
    const worker = createWorker(testConfig(world.db));
    const appTopic = follow(c, { workspaceId, topics: [{ kind: "app", key: "a", appId: app.id }] });
    try {
      await Promise.all([worker.ready(), appTopic.ready()]);
      // The same scheduler, told to fire once at once (then on its cron again): no waiting for 09:00.
      await agents.upsertJobScheduler(
        id,
        { pattern: scheduler.pattern!, tz: "UTC", immediately: true },
        { name: "agent.schedule", data: scheduler.template!.data, opts: scheduler.template!.opts },
      );
      await appTopic.until(
        () => appTopic.messages.some((m) => m.events.some((e) => e.kind === "app")),
        "the scheduled run's first event",
      );
      const runs = await c.agentRuns.list.query({ workspaceId, appId: app.id });
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({
        agentId: "digest",
        scope: "draft",
        createdBy: null,
        trigger: { type: "schedule", cron: MONDAYS },
      });
      const scheduledFor = (runs[0]!.trigger as { scheduledFor: string }).scheduledFor;
      expect(Math.abs(Date.parse(scheduledFor) - Date.now())).toBeLessThan(60_000);
      // Back on its cron for next time.
      expect((await agents.getJobScheduler(id))?.next).toBe(nextMonday9(new Date()).getTime());

      // The same firing delivered twice starts one run.
      const again = await processAgentSchedule(
        {
          ...deps,
          runs: {
            providers: { anthropic: false, openaiCompatible: null },
            enqueue: async () => {},
          },
        },
        {
          data: scheduler.template!.data,
          opts: { prevMillis: Date.parse(scheduledFor) },
          timestamp: 0,
        },
      );
      expect(again).toEqual({ status: "duplicate" });
      expect(await c.agentRuns.list.query({ workspaceId, appId: app.id })).toHaveLength(1);
    } finally {
      appTopic.close();
      await worker.close();
    }
  });

  test("a build that changes agents.json retires the schedules; approving the new file schedules it; a late firing of the old one starts nothing", async () => {
    const { c, workspaceId, userId } = await world.person("Stale Owner", "Stale Schedules");
    const { app, w } = await reportsApp(c, workspaceId, userId, true);
    const target = { workspaceId, appId: app.id };
    const first = await c.agents.approve.mutate(target);
    const old = await schedulersOf(app.id);
    expect(old).toHaveLength(2);

    await writeFile(w!.file("agents.json"), AGENTS("0 17 * * 5"));
    expect((await w!.build("Fridays")).status).toBe("succeeded");
    expect((await c.agents.approval.query(target)).state).toBe("stale");
    expect(await schedulersOf(app.id)).toEqual([]);
    expect(await c.agents.schedules.query(target)).toEqual([]);
    const removed = await auditRows(workspaceId, "app.agent_schedule.removed");
    expect(removed.map((r) => [r.actor_kind, r.metadata.cron]).sort()).toEqual(
      [
        ["system", MONDAYS],
        ["system", "30 6 1 * *"],
      ].sort(),
    );

    // A firing of the old scheduler that was already on the queue: nothing runs.
    const late = await processAgentSchedule(
      {
        ...deps,
        runs: { providers: { anthropic: false, openaiCompatible: null }, enqueue: async () => {} },
      },
      { data: old[0]!.template!.data, opts: { prevMillis: Date.now() }, timestamp: 0 },
    );
    expect(late).toEqual({ status: "retired" });
    expect(await c.agentRuns.list.query(target)).toEqual([]);

    const second = await c.agents.approve.mutate(target);
    expect(second.hash).not.toBe(first.hash);
    expect((await schedulersOf(app.id)).map((s) => [s.key, s.pattern]).sort()).toEqual(
      [
        [schedulerId(app.id, "draft", "digest", 1, second.hash), "0 17 * * 5"],
        [schedulerId(app.id, "draft", "tidy", 0, second.hash), "30 6 1 * *"],
      ].sort(),
    );
  });

  test("a published app's schedules run under the live version's payload on published data: a stale draft approval does not stop them, a draft-only approval does not start them", async () => {
    const { c, workspaceId, userId } = await world.person("Publisher", "Published Schedules");
    const { app } = await reportsApp(c, workspaceId, userId);
    const target = { workspaceId, appId: app.id };
    const team = await c.teams.create.mutate({ workspaceId, name: "Reporting" });
    const { hash } = await c.agents.approve.mutate(target);
    const draftSchedulers = await schedulersOf(app.id);
    expect(draftSchedulers.map((s) => s.key).sort()).toEqual(
      [
        schedulerId(app.id, "draft", "digest", 1, hash),
        schedulerId(app.id, "draft", "tidy", 0, hash),
      ].sort(),
    );
    const fire = (data: unknown, at: number) =>
      processAgentSchedule(
        {
          ...deps,
          runs: {
            providers: { anthropic: false, openaiCompatible: null },
            enqueue: async () => {},
          },
        },
        { data, opts: { prevMillis: at }, timestamp: 0 },
      );

    // Publishing moves the schedules to the live version's payload and the published scope.
    const v1 = await c.publishing.publish.mutate({ ...target, teamIds: [team.id] });
    expect(v1.agentsHash).toBe(hash);
    const published = await schedulersOf(app.id);
    expect(published.map((s) => [s.key, s.pattern]).sort()).toEqual(
      [
        [schedulerId(app.id, "published", "digest", 1, hash), MONDAYS],
        [schedulerId(app.id, "published", "tidy", 0, hash), "30 6 1 * *"],
      ].sort(),
    );
    const digest = published.find((s) => s.key.includes(".digest."))!;
    expect(digest.template?.data).toMatchObject({ scope: "published", hash });
    expect((await c.agents.schedules.query(target)).map((s) => [s.agentId, s.scope])).toEqual([
      ["digest", "published"],
      ["tidy", "published"],
    ]);
    const created = await auditRows(workspaceId, "app.agent_schedule.created");
    expect(created.map((r) => r.metadata.scope)).toEqual([
      "draft",
      "draft",
      "published",
      "published",
    ]);

    // A firing of the draft's scheduler already on the queue starts nothing now.
    const draftDigest = draftSchedulers.find((s) => s.key.includes(".digest."))!;
    expect(await fire(draftDigest.template!.data, Date.now())).toEqual({ status: "retired" });
    expect(await c.agentRuns.list.query(target)).toEqual([]);

    // The published one starts a run on published data.
    const first = Date.UTC(2026, 0, 5, 9);
    expect(await fire(digest.template!.data, first)).toMatchObject({ status: "started" });
    const runs = await c.agentRuns.list.query(target);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      agentId: "digest",
      scope: "published",
      createdBy: null,
      trigger: { type: "schedule", cron: MONDAYS, scheduledFor: new Date(first).toISOString() },
    });

    // The draft changes: its approval goes stale; the published schedules keep running.
    await storeBuild(target, {
      "collections.json": COLLECTIONS,
      "agents.json": AGENTS("0 17 * * 5"),
    });
    await syncAgentSchedules(deps, target);
    expect((await c.agents.approval.query(target)).state).toBe("stale");
    expect((await schedulersOf(app.id)).map((s) => s.key).sort()).toEqual(
      published.map((s) => s.key).sort(),
    );
    const second = Date.UTC(2026, 0, 12, 9);
    expect(await fire(digest.template!.data, second)).toMatchObject({ status: "started" });
    expect(await c.agentRuns.list.query(target)).toHaveLength(2);

    // Lost from the queue (a Redis flush): reconciliation restores them from the live version.
    for (const s of await schedulersOf(app.id))
      await queues.queue("agents").removeJobScheduler(s.key);
    await reconcileAgentSchedules(deps);
    expect((await schedulersOf(app.id)).map((s) => s.key).sort()).toEqual(
      published.map((s) => s.key).sort(),
    );

    // Approving the changed draft schedules nothing on its own: the live version decides.
    const fridays = await c.agents.approve.mutate(target);
    expect(fridays.hash).not.toBe(hash);
    expect((await schedulersOf(app.id)).map((s) => s.key).sort()).toEqual(
      published.map((s) => s.key).sort(),
    );
    const forged = {
      ...(digest.template!.data as Record<string, unknown>),
      scope: "draft",
      hash: fridays.hash,
    };
    expect(await fire(forged, Date.now())).toEqual({ status: "retired" });
    expect(await c.agentRuns.list.query(target)).toHaveLength(2);

    // Publishing it makes it the live payload: its schedules replace the old ones.
    await c.publishing.publish.mutate({ ...target, teamIds: [team.id] });
    expect((await schedulersOf(app.id)).map((s) => [s.key, s.pattern]).sort()).toEqual(
      [
        [schedulerId(app.id, "published", "digest", 1, fridays.hash), "0 17 * * 5"],
        [schedulerId(app.id, "published", "tidy", 0, fridays.hash), "30 6 1 * *"],
      ].sort(),
    );
    expect(await fire(digest.template!.data, Date.UTC(2026, 0, 19, 9))).toEqual({
      status: "retired",
    });
  });

  test("a revoked approval or a deleted app loses its schedules", async () => {
    const { c, workspaceId, userId } = await world.person("Revoker", "Revocations");
    const revoked = await reportsApp(c, workspaceId, userId);
    const deleted = await reportsApp(c, workspaceId, userId);
    for (const { app } of [revoked, deleted])
      await c.agents.approve.mutate({ workspaceId, appId: app.id });
    expect(await schedulersOf(revoked.app.id)).toHaveLength(2);
    expect(await schedulersOf(deleted.app.id)).toHaveLength(2);

    // Revoking (an admin) removes them once it commits.
    await c.agents.revoke.mutate({ workspaceId, appId: revoked.app.id });
    expect(await schedulersOf(revoked.app.id)).toEqual([]);

    await c.apps.delete.mutate({ workspaceId, appId: deleted.app.id });
    expect(await schedulersOf(deleted.app.id)).toEqual([]);
  });

  test("reconciliation restores schedules lost from the queue and removes ones no approval holds", async () => {
    const { c, workspaceId, userId } = await world.person("Reconciler", "Reconcile");
    const { app } = await reportsApp(c, workspaceId, userId);
    const { hash } = await c.agents.approve.mutate({ workspaceId, appId: app.id });
    const agents = queues.queue("agents");
    // As after a Redis flush: the schedulers are gone, the approval is not.
    for (const s of await schedulersOf(app.id)) await agents.removeJobScheduler(s.key);
    // And a scheduler left over for an app that no longer exists.
    const ghostApp = crypto.randomUUID();
    const ghost = schedulerId(ghostApp, "draft", "digest", 0, hash);
    await agents.upsertJobScheduler(
      ghost,
      { pattern: MONDAYS, tz: "UTC" },
      {
        name: "agent.schedule",
        data: {
          workspaceId,
          appId: ghostApp,
          agentId: "digest",
          triggerIndex: 0,
          hash,
          idempotencyKey: ghost,
        },
      },
    );

    await reconcileAgentSchedules(deps);
    expect((await schedulersOf(app.id)).map((s) => s.key).sort()).toEqual(
      [
        schedulerId(app.id, "draft", "digest", 1, hash),
        schedulerId(app.id, "draft", "tidy", 0, hash),
      ].sort(),
    );
    expect(await agents.getJobScheduler(ghost)).toBeUndefined();
  });
});
