import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createWorker } from "../../worker/create";
import { type FakeAnthropic, startFakeAnthropic } from "../fixtures/fake-anthropic";
import { setupAgentApps, TICKETS_COLLECTIONS, triageAgents } from "../support/agent-apps";
import { newApp } from "../support/apps";
import { waitFor } from "../support/processes";
import { watchRun } from "../support/run-watch";
import { client, failure, startServer, type TestServer, testConfig } from "../support/server";
import { setupWorld } from "../support/world";

// Claude through the real SDK against a scripted Messages API on loopback. The worker allows one
// running agent run per workspace here, so the limit and its queue can be watched.
let fake: FakeAnthropic;
let server: TestServer;
let worker: ReturnType<typeof createWorker>;

// Registered before setupWorld: after-all hooks run in order of registration, so these
// close the file's connections before the test database is dropped.
afterAll(async () => {
  await worker?.close();
  await server?.close();
  await fake?.stop();
});
const storeBuild = setupAgentApps(() => world.db);
const world = setupWorld();

beforeAll(async () => {
  fake = startFakeAnthropic();
  const anthropic = { apiKey: "test-key", baseURL: fake.url };
  server = startServer(world.db, { anthropic });
  worker = createWorker(testConfig(world.db, { anthropic }), { agentRunsPerWorkspace: 1 });
  await worker.ready();
});

async function approvedApp(name: string, agentOverrides: Record<string, unknown> = {}) {
  const c = client(server.url);
  await c.auth.onboard.mutate({ displayName: name });
  const ws = await c.workspaces.create.mutate({ name: `${name} Co` });
  const { app, at } = await newApp(c, ws.id);
  const target = { workspaceId: ws.id, appId: app.id };
  await storeBuild(target, {
    "collections.json": TICKETS_COLLECTIONS,
    "agents.json": triageAgents(agentOverrides),
  });
  await c.agents.approve.mutate(target);
  return { c, workspaceId: ws.id, app, at, target };
}

/** An answer that streams for about 30 s: a run that ends sooner was stopped. */
const slowAnswer = () => ({
  blocks: Array.from({ length: 10 }, (_, i) => ({ type: "text" as const, text: `Part ${i}. ` })),
  chunkDelayMs: 500,
});

describe("app agent runs on Claude", () => {
  test("the model's update_app_data call changes the data; usage and cost are recorded on the run", async () => {
    const { c, workspaceId, at, target } = await approvedApp("Claude User", {
      model: "claude-haiku-5-5",
    });
    const ticket = await c.data.insert.mutate({
      ...at("tickets"),
      data: { title: "Refund please", customer: "Bob" },
    });
    fake.enqueue(
      {
        blocks: [
          { type: "text", text: "Setting the priority." },
          {
            type: "tool_use",
            name: "update_app_data",
            input: {
              collection: "tickets",
              op: "update",
              id: ticket._id,
              data: { priority: "medium" },
            },
          },
        ],
        usage: { input_tokens: 1200, output_tokens: 80 },
      },
      {
        blocks: [{ type: "text", text: "Set the priority to medium." }],
        usage: { input_tokens: 1400, output_tokens: 20, cache_read_input_tokens: 1000 },
      },
    );
    const seen = fake.requests.length;
    const run = await c.agentRuns.start.mutate({
      ...target,
      agentId: "triage",
      input: { documentId: ticket._id },
    });
    expect(run).toMatchObject({ provider: "anthropic", model: "claude-haiku-5-5" });
    const w = watchRun(c, { workspaceId, runId: run.id });
    await w.untilStatus("completed");
    w.close();
    const doc = await c.data.get.query({ ...at("tickets"), id: ticket._id });
    expect(doc.priority).toBe("medium");
    expect(w.events.filter((e) => e.type === "usage").length).toBe(2);
    expect(w.events.find((e) => e.type === "data-change")?.data).toMatchObject({ op: "update" });
    const done = await c.agentRuns.get.query({ workspaceId, runId: run.id });
    expect(done.result).toBe("Set the priority to medium.");
    expect(done.usage).toMatchObject({
      inputTokens: 2600,
      outputTokens: 100,
      cacheReadTokens: 1000,
    });
    // Haiku: $1 in, $5 out, $0.10 cache read per million tokens.
    expect(done.usage.costMicros).toBe(2600 * 1 + 100 * 5 + 1000 * 0.1);
    const request = fake.requests[seen]!.body;
    expect(request.model).toBe("claude-haiku-5-5");
    expect(JSON.stringify(request.system)).toContain("Set its priority");
    expect(request.tools.map((t: { name: string }) => t.name)).toEqual([
      "read_app_data",
      "update_app_data",
      "lookup_customer",
      "report_tool_call_failed",
    ]);
    const usage = await c.runs.usage.query(target);
    expect(usage.byModel).toEqual([
      expect.objectContaining({
        kind: "agent",
        model: "claude-haiku-5-5",
        runs: 1,
        costMicros: 3200,
      }),
    ]);
  }, 60_000);

  test("one running run per workspace here: the next waits queued (stopped at once while pending) and starts when the slot frees", async () => {
    const { c, workspaceId, target } = await approvedApp("Queue User");
    fake.enqueue(slowAnswer());
    const first = await c.agentRuns.start.mutate({ ...target, agentId: "triage" });
    const w1 = watchRun(c, { workspaceId, runId: first.id });
    await w1.untilEvent("text-delta");

    const waiting = await c.agentRuns.start.mutate({ ...target, agentId: "triage" });
    const third = await c.agentRuns.start.mutate({ ...target, agentId: "triage" });
    // Stop of a pending run is immediate, not at a worker's next check.
    const stopped = await c.agentRuns.stop.mutate({ workspaceId, runId: waiting.id });
    expect(stopped.status).toBe("stopped");
    // The worker took the third run's job and put it back to wait: the workspace's slot is taken.
    const job = await worker.queues.queue("agents").getJob(`agent.run-${third.id}`);
    await waitFor(async () => (await job!.getState()) === "delayed", "the job to wait its turn");
    expect((await c.agentRuns.get.query({ workspaceId, runId: third.id })).status).toBe("pending");
    expect((await c.agentRuns.get.query({ workspaceId, runId: first.id })).status).toBe("running");

    // A run in progress cannot be tried again; it is stopped first.
    expect(await failure(c.agentRuns.retry.mutate({ workspaceId, runId: first.id }))).toMatchObject(
      {
        code: "PRECONDITION_FAILED",
      },
    );
    fake.enqueue({ blocks: [{ type: "text", text: "Nothing to do." }] });
    await c.agentRuns.stop.mutate({ workspaceId, runId: first.id });
    await w1.untilStatus("stopped");
    w1.close();
    const w3 = watchRun(c, { workspaceId, runId: third.id });
    await w3.untilStatus("completed");
    w3.close();
    expect(w3.statuses()).toEqual(["pending", "running", "completed"]);
    expect(w1.statuses()).toEqual(["pending", "running", "stopped"]);
    const waited = watchRun(c, { workspaceId, runId: waiting.id });
    await waited.untilStatus("stopped");
    waited.close();
    expect(waited.statuses()).toEqual(["pending", "stopped"]);
    expect(
      await failure(c.agentRuns.stop.mutate({ workspaceId, runId: waiting.id })),
    ).toMatchObject({
      code: "PRECONDITION_FAILED",
    });
  }, 90_000);

  test("a queued run whose approval is revoked before it starts fails without running anything", async () => {
    const { c, workspaceId, target } = await approvedApp("Revoke User");
    fake.enqueue(slowAnswer());
    const first = await c.agentRuns.start.mutate({ ...target, agentId: "triage" });
    const w1 = watchRun(c, { workspaceId, runId: first.id });
    await w1.untilEvent("text-delta");
    const queued = await c.agentRuns.start.mutate({ ...target, agentId: "triage" });
    const job = await worker.queues.queue("agents").getJob(`agent.run-${queued.id}`);
    await waitFor(async () => (await job!.getState()) === "delayed", "the job to wait its turn");
    await c.agents.revoke.mutate(target);
    const requests = fake.requests.length;
    await c.agentRuns.stop.mutate({ workspaceId, runId: first.id });
    await w1.untilStatus("stopped");
    w1.close();
    const w2 = watchRun(c, { workspaceId, runId: queued.id });
    await w2.untilStatus("failed");
    w2.close();
    expect(await c.agentRuns.get.query({ workspaceId, runId: queued.id })).toMatchObject({
      status: "failed",
      failureCode: "not_approved",
      startedAt: expect.anything(),
    });
    expect(fake.requests.length).toBe(requests);
    expect(w2.events.some((e) => e.type.startsWith("tool-"))).toBe(false);
  }, 90_000);

  test("a provider error fails the run with a readable message; retry runs again", async () => {
    const { c, workspaceId, target } = await approvedApp("Error User");
    fake.enqueue({ status: 400, error: { type: "invalid_request_error", message: "bad" } });
    const run = await c.agentRuns.start.mutate({ ...target, agentId: "triage" });
    const w = watchRun(c, { workspaceId, runId: run.id });
    await w.untilStatus("failed");
    w.close();
    const failed = await c.agentRuns.get.query({ workspaceId, runId: run.id });
    expect(failed).toMatchObject({ status: "failed", failureCode: "provider_error" });
    fake.enqueue({ blocks: [{ type: "text", text: "Done." }] });
    const again = await c.agentRuns.retry.mutate({ workspaceId, runId: run.id });
    const w2 = watchRun(c, { workspaceId, runId: again.id });
    await w2.untilStatus("completed");
    w2.close();
  }, 60_000);
});
