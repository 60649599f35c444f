import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import postgres from "postgres";
import { createDatabase, type Database } from "../../db/client";
import { withTenant } from "../../db/tenant";
import type { AgentRunDeps } from "../../src/agents/runs";
import { sweepUnqueuedRuns, TRIGGER_LIMITS } from "../../src/agents/triggers";
import type { TenantCtx } from "../../src/context";
import { insertDocument, updateDocument } from "../../src/data/documents";
import { QueueClient } from "../../src/queue";
import { setupAgentApps } from "../support/agent-apps";
import { newApp } from "../support/apps";
import { type Client, failure, testConfig } from "../support/server";
import { setupWorld } from "../support/world";

setDefaultTimeout(30_000);

const world = setupWorld();
const storeBuild = setupAgentApps(() => world.db);
let db: Database;
let queues: QueueClient;
beforeAll(() => {
  db = createDatabase(world.db.appUrl, { max: 2 });
  queues = new QueueClient(testConfig(world.db));
});
afterAll(async () => {
  await queues?.close();
  await db?.close();
});

const field = { type: "string" };
const COLLECTIONS = JSON.stringify({
  version: 1,
  collections: Object.fromEntries(
    ["tickets", "pings", "pongs"].map((c) => [
      c,
      { fields: { title: field, note: field }, access: { agents: "write" } },
    ]),
  ),
});
const agent = (
  id: string,
  collections: string[],
  triggers: unknown[],
  prompt = "Do the work.",
) => ({
  id,
  name: id[0]!.toUpperCase() + id.slice(1),
  description: `The ${id} agent.`,
  systemPrompt: prompt,
  dataCollections: collections.map((name) => ({ name, access: "write" })),
  triggers,
});
const doc = (collection: string, on: string) => ({ type: "document", collection, on });
const AGENTS = (prompt = "Do the work.") =>
  JSON.stringify({
    version: 1,
    agents: [
      agent("triage", ["tickets"], [doc("tickets", "inserted")], prompt),
      agent("notify", ["tickets"], [doc("tickets", "updated")]),
      agent("ping", ["pings", "pongs"], [doc("pings", "inserted")]),
      agent("pong", ["pings", "pongs"], [doc("pongs", "inserted")]),
    ],
  });

/** An app whose build declares the agents above, approved by its owner unless told not to. */
async function deskApp(c: Client, workspaceId: string, approve = true) {
  const made = await newApp(c, workspaceId);
  const target = { workspaceId, appId: made.app.id };
  const store = (agents: string) =>
    storeBuild(target, { "collections.json": COLLECTIONS, "agents.json": agents });
  await store(AGENTS());
  if (approve) await c.agents.approve.mutate(target);
  return { ...made, store };
}

const runsOf = (c: Client, workspaceId: string, appId: string, agentId?: string) =>
  c.agentRuns.list.query({ workspaceId, appId, agentId });

/** The worker's agent.run enqueue, as the runtime passes it to an agent's tool context. */
const runDeps = (): AgentRunDeps => ({
  providers: { anthropic: false, openaiCompatible: null },
  enqueue: ({ workspaceId, runId }) =>
    queues.enqueue("agent.run", { workspaceId, runId, idempotencyKey: runId }),
});

/** A write made by an agent's run, through the same document service its update_app_data uses. */
async function asAgent<T>(
  run: { id: string; agentName: string },
  workspaceId: string,
  write: (ctx: TenantCtx) => Promise<T>,
  deps: AgentRunDeps = runDeps(),
) {
  const committed: (() => unknown)[] = [];
  const out = await withTenant(db.db, { workspaceId }, (tx) =>
    write({
      tx,
      actor: {
        kind: "agent",
        userId: run.id,
        displayName: run.agentName,
        workspaceId,
        role: "member",
      },
      afterCommit: (fn) => committed.push(fn),
      agentRuns: deps,
    }),
  );
  for (const fn of committed) await fn();
  return out;
}

async function auditRows(workspaceId: string, action: string) {
  const sql = postgres(world.db.ownerUrl, { max: 1, onnotice: () => {} });
  try {
    return await sql<{ actor_kind: string; outcome: string; metadata: Record<string, unknown> }[]>`
      select actor_kind, outcome, metadata from audit_events
      where workspace_id = ${workspaceId} and action = ${action} order by seq`;
  } finally {
    await sql.end();
  }
}

describe("document triggers", () => {
  test("an insert starts the agent declared for inserts, an update the one for updates, with the document as input", async () => {
    const { c, workspaceId } = await world.person("Trigger Owner", "Triggers");
    const { app, at } = await deskApp(c, workspaceId);
    const ticket = await c.data.insert.mutate({ ...at("tickets"), data: { title: "Printer" } });
    const [triaged, ...more] = await runsOf(c, workspaceId, app.id);
    expect(more).toEqual([]);
    expect(triaged).toMatchObject({
      agentId: "triage",
      scope: "draft",
      status: "pending",
      trigger: {
        type: "document",
        collection: "tickets",
        on: "inserted",
        documentId: ticket._id,
        depth: 1,
      },
    });
    const detail = await c.agentRuns.get.query({ workspaceId, runId: triaged!.id });
    expect(detail.input).toEqual({
      documentId: ticket._id,
      collection: "tickets",
      document: ticket,
    });
    // Its job is on the agents queue, enqueued after the write committed.
    expect(await queues.queue("agents").getJob(`agent.run-${triaged!.id}`)).toBeTruthy();

    await c.data.update.mutate({ ...at("tickets"), id: ticket._id, patch: { note: "jammed" } });
    expect((await runsOf(c, workspaceId, app.id, "triage")).length).toBe(1);
    const [notified] = await runsOf(c, workspaceId, app.id, "notify");
    expect(notified?.trigger).toMatchObject({ on: "updated", documentId: ticket._id, depth: 1 });

    // upsert and insertMany fire as their inserts and updates do; another collection fires nothing.
    await c.data.upsert.mutate({
      ...at("tickets"),
      key: ["title"],
      data: { title: "Printer", note: "fixed" },
    });
    await c.data.insertMany.mutate({
      ...at("tickets"),
      documents: [{ data: { title: "Screen" } }, { data: { title: "Mouse" } }],
    });
    await c.data.insert.mutate({ ...at("notes"), data: { title: "Unrelated" } });
    expect((await runsOf(c, workspaceId, app.id, "notify")).length).toBe(2);
    expect((await runsOf(c, workspaceId, app.id, "triage")).length).toBe(3);

    // The started run's audit row names its trigger.
    const started = await auditRows(workspaceId, "app_agent_run.started");
    expect(started.length).toBe(5);
    expect(started.every((r) => r.metadata.trigger === "document")).toBe(true);
  });

  test("a document too large for an agent's input is passed by id", async () => {
    const { c, workspaceId } = await world.person("Big Writer", "Big Docs");
    const { app, at } = await deskApp(c, workspaceId);
    const big = await c.data.insert.mutate({
      ...at("tickets"),
      data: { title: "Log", note: "x".repeat(20 * 1024) },
    });
    const [run] = await runsOf(c, workspaceId, app.id, "triage");
    const detail = await c.agentRuns.get.query({ workspaceId, runId: run!.id });
    expect(detail.input).toEqual({ documentId: big._id, collection: "tickets" });
  });

  test("an agent's own writes never start it again; another agent's do, one level deeper", async () => {
    const { c, workspaceId } = await world.person("Loop Owner", "Own Writes");
    const { app } = await deskApp(c, workspaceId);
    const loc = { appId: app.id, scope: "draft" as const, collection: "tickets" };
    await c.data.insert.mutate({ workspaceId, ...loc, data: { title: "First" } });
    const [triage] = await runsOf(c, workspaceId, app.id, "triage");

    // Triage inserts into the collection it is triggered on: no second triage run.
    const written = await asAgent(triage!, workspaceId, (ctx) =>
      insertDocument(ctx, loc, { data: { title: "Follow-up" } }),
    );
    expect(written._createdBy).toEqual({ kind: "agent", id: triage!.id });
    expect((await runsOf(c, workspaceId, app.id, "triage")).length).toBe(1);

    // Its update starts Notify (declared on updates), at depth 2.
    await asAgent(triage!, workspaceId, (ctx) =>
      updateDocument(ctx, loc, { id: written._id, patch: { note: "triaged" } }),
    );
    const [notify] = await runsOf(c, workspaceId, app.id, "notify");
    expect(notify?.trigger).toMatchObject({ documentId: written._id, depth: 2 });
    // Notify updating the ticket does not start Notify again.
    await asAgent(notify!, workspaceId, (ctx) =>
      updateDocument(ctx, loc, { id: written._id, patch: { note: "notified" } }),
    );
    expect((await runsOf(c, workspaceId, app.id, "notify")).length).toBe(1);
  });

  test("a chain of agents triggering each other is cut at the depth limit, audited as a trigger loop", async () => {
    const { c, workspaceId } = await world.person("Chain Owner", "Chains");
    const { app } = await deskApp(c, workspaceId);
    const where = (collection: string) => ({ appId: app.id, scope: "draft" as const, collection });
    await c.data.insert.mutate({ workspaceId, ...where("pings"), data: { title: "1" } });
    // ping (depth 1) writes a pong → pong (2) writes a ping → ping (3) writes a pong → refused.
    let last = (await runsOf(c, workspaceId, app.id, "ping"))[0]!;
    const chain = [last.trigger];
    for (const next of ["pongs", "pings", "pongs"]) {
      await asAgent(last, workspaceId, (ctx) =>
        insertDocument(ctx, where(next), { data: { title: next } }),
      );
      const runs = await runsOf(c, workspaceId, app.id);
      if (runs[0]!.id === last.id) break;
      last = runs[0]!;
      chain.push(last.trigger);
    }
    expect(chain.map((t) => (t as { depth: number }).depth)).toEqual([1, 2, 3]);
    expect((await runsOf(c, workspaceId, app.id)).length).toBe(3);
    const refused = await auditRows(workspaceId, "app_agent_run.refused");
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({
      actor_kind: "agent",
      outcome: "denied",
      metadata: { reason: "trigger_loop", agentId: "pong", trigger: "document" },
    });
  });

  test("no approval, or a stale one, starts nothing; the write itself goes through", async () => {
    const { c, workspaceId } = await world.person("Unapproved", "No Approval");
    const none = await deskApp(c, workspaceId, false);
    await c.data.insert.mutate({ ...none.at("tickets"), data: { title: "A" } });
    expect(await runsOf(c, workspaceId, none.app.id)).toEqual([]);

    const stale = await deskApp(c, workspaceId);
    await stale.store(AGENTS("Do other work."));
    expect((await c.agents.approval.query({ workspaceId, appId: stale.app.id })).state).toBe(
      "stale",
    );
    const inserted = await c.data.insert.mutate({ ...stale.at("tickets"), data: { title: "B" } });
    await c.data.update.mutate({ ...stale.at("tickets"), id: inserted._id, patch: { note: "b" } });
    expect(await runsOf(c, workspaceId, stale.app.id)).toEqual([]);
    expect(
      (await c.data.list.query({ ...stale.at("tickets") })).documents.map((d) => d.title),
    ).toEqual(["B"]);
  });

  test("a write in another workspace never starts this workspace's agents", async () => {
    const a = await world.person("Tenant A", "Agents A");
    const b = await world.person("Tenant B", "Agents B");
    const { app } = await deskApp(a.c, a.workspaceId);
    // B's own app with the same collection names, and B reaching for A's app: nothing starts.
    const theirs = await newApp(b.c, b.workspaceId);
    await b.c.data.insert.mutate({ ...theirs.at("tickets"), data: { title: "B's" } });
    expect(
      await failure(
        b.c.data.insert.mutate({
          workspaceId: b.workspaceId,
          appId: app.id,
          scope: "draft",
          collection: "tickets",
          data: { title: "Sneaky" },
        }),
      ),
    ).toMatchObject({ code: "NOT_FOUND" });
    expect(
      await failure(
        b.c.data.insert.mutate({
          workspaceId: a.workspaceId,
          appId: app.id,
          scope: "draft",
          collection: "tickets",
          data: { title: "Sneaky" },
        }),
      ),
    ).toMatchObject({ code: "NOT_FOUND" });
    expect(await runsOf(a.c, a.workspaceId, app.id)).toEqual([]);
  });

  test("one write starts at most runsPerWrite runs; the rest are refused in one audit row", async () => {
    const { c, workspaceId } = await world.person("Bulk Writer", "Bulk");
    const { app, at } = await deskApp(c, workspaceId);
    const n = TRIGGER_LIMITS.runsPerWrite + 3;
    await c.data.insertMany.mutate({
      ...at("tickets"),
      documents: Array.from({ length: n }, (_, i) => ({ data: { title: `T${i}` } })),
    });
    expect((await c.agentRuns.list.query({ workspaceId, appId: app.id, limit: 100 })).length).toBe(
      TRIGGER_LIMITS.runsPerWrite,
    );
    const refused = await auditRows(workspaceId, "app_agent_run.refused");
    expect(refused.map((r) => r.metadata)).toEqual([
      expect.objectContaining({ reason: "trigger_batch_limit", skipped: 3 }),
    ]);
  });

  test("a run whose job was never enqueued (the process died after commit) is put on the queue by the sweeper", async () => {
    const { c, workspaceId } = await world.person("Crash Writer", "Sweeps");
    const { app } = await deskApp(c, workspaceId);
    await c.data.insert.mutate({
      workspaceId,
      appId: app.id,
      scope: "draft",
      collection: "pings",
      data: { title: "go" },
    });
    const [triggerRun] = await runsOf(c, workspaceId, app.id, "ping");
    // An agent write whose process "dies" before enqueueing: the run row committed, no job.
    const lost = { ...runDeps(), enqueue: async () => {} };
    await asAgent(
      triggerRun!,
      workspaceId,
      (ctx) =>
        insertDocument(
          ctx,
          { appId: app.id, scope: "draft", collection: "pongs" },
          { data: { title: "lost" } },
        ),
      lost,
    );
    const [orphan] = await runsOf(c, workspaceId, app.id, "pong");
    const agents = queues.queue("agents");
    expect(await agents.getJob(`agent.run-${orphan!.id}`)).toBeUndefined();
    const swept = await sweepUnqueuedRuns(db, queues, { olderThanMs: 0 });
    expect(swept).toBeGreaterThanOrEqual(1);
    expect((await agents.getJob(`agent.run-${orphan!.id}`))?.data).toMatchObject({
      workspaceId,
      runId: orphan!.id,
    });
    // Sweeping again is harmless: the job id is the run's.
    await sweepUnqueuedRuns(db, queues, { olderThanMs: 0 });
    expect(await agents.getJobCountByTypes("waiting", "delayed", "prioritized")).toBeGreaterThan(0);
  });
});
