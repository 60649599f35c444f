import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import postgres from "postgres";
import { createWorker } from "../../worker/create";
import { setupAgentApps, TICKETS_COLLECTIONS, triageAgents } from "../support/agent-apps";
import { newApp } from "../support/apps";
import { watchRun } from "../support/run-watch";
import { failure, testConfig } from "../support/server";
import { setupWorld } from "../support/world";

let worker: ReturnType<typeof createWorker>;

// Registered before setupWorld: after-all hooks run in order of registration, so these
// close the file's connections before the test database is dropped.
afterAll(async () => {
  await worker?.close();
});
const storeBuild = setupAgentApps(() => world.db);
const world = setupWorld();

beforeAll(async () => {
  worker = createWorker(testConfig(world.db));
  await worker.ready();
});

async function owned<T>(fn: (sql: postgres.Sql) => Promise<T>) {
  const sql = postgres(world.db.ownerUrl, { max: 1, onnotice: () => {} });
  try {
    return await fn(sql);
  } finally {
    await sql.end();
  }
}

const auditOf = (workspaceId: string, action: string) =>
  owned(
    (sql) => sql<
      { actor_kind: string; actor_id: string; outcome: string; metadata: Record<string, unknown> }[]
    >`
      select actor_kind, actor_id, outcome, metadata from audit_events
      where workspace_id = ${workspaceId} and action = ${action} order by occurred_at`,
  );

/** A workspace with an app whose build declares the triage agent, approved by its owner. */
async function approvedApp(name: string, agents: object = triageAgents()) {
  const person = await world.person(name, `${name} Co`);
  const { app, at } = await newApp(person.c, person.workspaceId);
  const target = { workspaceId: person.workspaceId, appId: app.id };
  await storeBuild(target, { "collections.json": TICKETS_COLLECTIONS, "agents.json": agents });
  await person.c.agents.approve.mutate(target);
  return { ...person, app, at, target };
}

describe("app agent runs", () => {
  test("a manual offline run reads its ticket, calls its tool (mock), sets the priority and a note as the agent, live", async () => {
    const { c, workspaceId, app, at, target } = await approvedApp("Runner");
    const ticket = await c.data.insert.mutate({
      ...at("tickets"),
      data: {
        title: "Checkout is down",
        description: "Customers cannot pay since this morning, it is urgent.",
        customer: "Ada",
      },
    });
    const agents = await c.agentRuns.agents.query(target);
    expect(agents).toMatchObject({
      approval: { state: "live", mode: "live" },
      agents: [{ id: "triage", name: "Triage assistant", canRunManually: true }],
    });

    const run = await c.agentRuns.start.mutate({
      ...target,
      agentId: "triage",
      input: { collection: "tickets", documentId: ticket._id },
    });
    expect(run).toMatchObject({
      agentId: "triage",
      agentName: "Triage assistant",
      scope: "draft",
      trigger: { type: "manual" },
      status: "pending",
      provider: "offline",
      model: "offline-agent",
      approvalMode: "live",
    });
    const w = watchRun(c, { workspaceId, runId: run.id });
    await w.untilStatus("completed");
    w.close();
    expect(w.statuses()).toEqual(["pending", "running", "completed"]);
    const types = w.events.map((e) => e.type);
    expect(types).toContain("data-change");
    expect(w.events.find((e) => e.type === "data-change")?.data).toEqual({
      collection: "tickets",
      documentId: ticket._id,
      op: "update",
    });
    const mock = w.events.find((e) => e.type === "tool-output" && e.data.mock === true);
    expect(mock?.data).toMatchObject({ mockReason: "no_grant", isError: false });

    const doc = await c.data.get.query({ ...at("tickets"), id: ticket._id });
    expect(doc.priority).toBe("high");
    expect(String(doc.notes)).toContain("high");
    expect(doc._version).toBe(2);

    const done = await c.agentRuns.get.query({ workspaceId, runId: run.id });
    expect(done.status).toBe("completed");
    expect(done.result).toContain("priority");
    expect(done.result).toContain("sample data");
    expect(done.usage).toEqual({
      inputTokens: 0,
      outputTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      costMicros: 0,
    });
    expect(done.input).toEqual({ collection: "tickets", documentId: ticket._id });
    expect((await c.agentRuns.list.query(target)).map((r) => r.id)).toEqual([run.id]);
    expect(await c.agentRuns.list.query({ ...target, agentId: "other" })).toEqual([]);
    // Builder runs are not agent runs.
    expect(await c.runs.list.query(target)).toEqual([]);

    const updated = await auditOf(workspaceId, "app_data.document.updated");
    expect(updated.map((r) => [r.actor_kind, r.actor_id])).toEqual([["agent", run.id]]);
    const started = await auditOf(workspaceId, "app_agent_run.started");
    expect(started[0]?.metadata).toMatchObject({ agentId: "triage", approvalMode: "live" });
    expect((await auditOf(workspaceId, "app_agent_run.finished"))[0]).toMatchObject({
      actor_kind: "agent",
      actor_id: run.id,
    });
    const usage = await c.runs.usage.query(target);
    expect(usage.byModel).toEqual([
      expect.objectContaining({ kind: "agent", provider: "offline", runs: 1, usesModel: false }),
    ]);
    expect(app.id).toBe(target.appId);
  });

  test("20 runs started at once all finish, each writing its own ticket", async () => {
    const { c, workspaceId, at, target } = await approvedApp("Many");
    const tickets = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        c.data.insert.mutate({
          ...at("tickets"),
          data: {
            title: `Ticket ${i}`,
            description: i % 2 === 0 ? "The site is down, urgent." : "A small question.",
            customer: "Ada",
          },
        }),
      ),
    );
    const runs = await Promise.all(
      tickets.map((t) =>
        c.agentRuns.start.mutate({
          ...target,
          agentId: "triage",
          input: { collection: "tickets", documentId: t._id },
        }),
      ),
    );
    const watches = runs.map((r) => watchRun(c, { workspaceId, runId: r.id }));
    await Promise.all(watches.map((w) => w.untilStatus("completed")));
    for (const w of watches) w.close();
    const docs = await c.data.list.query({ ...at("tickets"), limit: 50 });
    const byTitle = new Map(docs.documents.map((d) => [d.title as string, d]));
    for (let i = 0; i < 20; i++) {
      const d = byTitle.get(`Ticket ${i}`)!;
      const priority = i % 2 === 0 ? "high" : "low";
      expect([d.priority, d._version]).toEqual([priority, 2]);
      expect(String(d.notes)).toContain(`Set priority “${priority}” because`);
    }
    const listed = await c.agentRuns.list.query({ ...target, limit: 50 });
    expect(listed.length).toBe(20);
    expect(listed.every((r) => r.status === "completed" && r.result)).toBe(true);
  });

  test("retry starts a new run with the same input; a finished run cannot be stopped", async () => {
    const { c, workspaceId, at, target } = await approvedApp("Retrier");
    const ticket = await c.data.insert.mutate({
      ...at("tickets"),
      data: { title: "A question about invoices", customer: "Bob" },
    });
    const input = { collection: "tickets", documentId: ticket._id };
    const first = await c.agentRuns.start.mutate({ ...target, agentId: "triage", input });
    const w1 = watchRun(c, { workspaceId, runId: first.id });
    await w1.untilStatus("completed");
    w1.close();
    expect(await failure(c.agentRuns.stop.mutate({ workspaceId, runId: first.id }))).toMatchObject({
      code: "PRECONDITION_FAILED",
    });
    const again = await c.agentRuns.retry.mutate({ workspaceId, runId: first.id });
    expect(again.id).not.toBe(first.id);
    const w2 = watchRun(c, { workspaceId, runId: again.id });
    await w2.untilStatus("completed");
    w2.close();
    expect((await c.agentRuns.get.query({ workspaceId, runId: again.id })).input).toEqual(input);
    expect((await c.agentRuns.list.query(target)).map((r) => r.id)).toEqual([again.id, first.id]);
    const doc = await c.data.get.query({ ...at("tickets"), id: ticket._id });
    expect(doc.priority).toBe("low");
  });

  test("refusals: not approved, stale, unknown agent, no manual trigger, oversized input, published scope — typed, audited, nothing written", async () => {
    const person = await world.person("Refused", "Refused Co");
    const { c, workspaceId } = person;
    const { app } = await newApp(c, workspaceId);
    const target = { workspaceId, appId: app.id };
    const start = (extra: Record<string, unknown> = {}) =>
      failure(c.agentRuns.start.mutate({ ...target, agentId: "triage", ...extra }));

    expect(await start()).toMatchObject({ code: "PRECONDITION_FAILED" });
    await storeBuild(target, {
      "collections.json": TICKETS_COLLECTIONS,
      "agents.json": triageAgents(),
    });
    expect(await start()).toMatchObject({
      code: "PRECONDITION_FAILED",
      message: expect.stringContaining("not approved"),
    });
    await c.agents.approve.mutate(target);
    expect(await start({ agentId: "nobody" })).toMatchObject({
      code: "NOT_FOUND",
      message: "Unknown agent “nobody”.",
    });
    expect(await start({ input: { blob: "x".repeat(16 * 1024) } })).toMatchObject({
      code: "UNPROCESSABLE_CONTENT",
      message: expect.stringContaining("16 KB"),
    });
    expect(await start({ scope: "published" })).toMatchObject({ code: "PRECONDITION_FAILED" });
    expect(await start({ scope: "staging" })).toMatchObject({ code: "BAD_REQUEST" });
    expect(await start({ input: "text" })).toMatchObject({ code: "BAD_REQUEST" });

    // A file that changed after approval: stale until approved again.
    const changed = triageAgents({
      triggers: [{ type: "document", collection: "tickets", on: "inserted" }],
    });
    await storeBuild(target, { "collections.json": TICKETS_COLLECTIONS, "agents.json": changed });
    expect(await start()).toMatchObject({
      code: "PRECONDITION_FAILED",
      message: expect.stringContaining("changed since"),
    });
    await c.agents.approve.mutate(target);
    expect(await start()).toMatchObject({
      code: "PRECONDITION_FAILED",
      message: expect.stringContaining("no manual trigger"),
    });

    expect(await c.agentRuns.list.query(target)).toEqual([]);
    const refused = await auditOf(workspaceId, "app_agent_run.refused");
    expect(refused.map((r) => r.metadata.reason)).toEqual([
      "not_approved",
      "not_approved",
      "unknown_agent",
      "input_too_large",
      "not_published",
      "stale",
      "trigger_not_declared",
    ]);
    expect(refused.every((r) => r.outcome === "denied" && r.actor_kind === "user")).toBe(true);
    expect((await auditOf(workspaceId, "app_agent_run.started")).length).toBe(0);
  });

  test("other workspaces' apps and runs are not found; bad ids are refused", async () => {
    const { c, workspaceId, at, target } = await approvedApp("Owner");
    const ticket = await c.data.insert.mutate({ ...at("tickets"), data: { title: "Mine" } });
    const run = await c.agentRuns.start.mutate({
      ...target,
      agentId: "triage",
      input: { collection: "tickets", documentId: ticket._id },
    });
    const w = watchRun(c, { workspaceId, runId: run.id });
    await w.untilStatus("completed");
    w.close();

    const other = await world.person("Outsider", "Outside Co");
    const theirs = { workspaceId: other.workspaceId };
    const mine = { workspaceId };
    for (const ws of [theirs, mine]) {
      const o = other.c.agentRuns;
      const nf = { code: "NOT_FOUND" };
      expect(
        await failure(o.start.mutate({ ...ws, appId: target.appId, agentId: "triage" })),
      ).toMatchObject(nf);
      expect(await failure(o.list.query({ ...ws, appId: target.appId }))).toMatchObject(nf);
      expect(await failure(o.agents.query({ ...ws, appId: target.appId }))).toMatchObject(nf);
      expect(await failure(o.get.query({ ...ws, runId: run.id }))).toMatchObject(nf);
      expect(await failure(o.stop.mutate({ ...ws, runId: run.id }))).toMatchObject(nf);
      expect(await failure(o.retry.mutate({ ...ws, runId: run.id }))).toMatchObject(nf);
    }
    expect(await failure(c.agentRuns.get.query({ workspaceId, runId: "nope" }))).toMatchObject({
      code: "BAD_REQUEST",
    });
    expect(
      await failure(c.agentRuns.get.query({ workspaceId, runId: crypto.randomUUID() })),
    ).toMatchObject({ code: "NOT_FOUND" });
    expect(await failure(c.agentRuns.list.query({ ...target, limit: 101 }))).toMatchObject({
      code: "BAD_REQUEST",
    });
    const unknownApp = { workspaceId, appId: crypto.randomUUID() };
    expect(await failure(c.agentRuns.list.query(unknownApp))).toMatchObject({ code: "NOT_FOUND" });
    expect(await failure(c.agentRuns.agents.query(unknownApp))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(
      await failure(c.agentRuns.start.mutate({ ...unknownApp, agentId: "triage" })),
    ).toMatchObject({ code: "NOT_FOUND" });
    // Builder procedures do not act on agent runs.
    expect(await failure(c.runs.stop.mutate({ workspaceId, runId: run.id }))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await failure(c.runs.retry.mutate({ workspaceId, runId: run.id }))).toMatchObject({
      code: "NOT_FOUND",
    });
    // The outsider's runs of their own app list nothing of ours.
    const { app: theirApp } = await newApp(other.c, other.workspaceId);
    expect(await other.c.agentRuns.list.query({ ...theirs, appId: theirApp.id })).toEqual([]);
    expect(await other.c.agentRuns.agents.query({ ...theirs, appId: theirApp.id })).toEqual({
      approval: { state: "none", mode: null },
      agents: [],
    });
  });
});
