import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createWorker } from "../../worker/create";
import { setupAgentApps, TICKETS_COLLECTIONS, triageAgents } from "../support/agent-apps";
import { newApp } from "../support/apps";
import { watchRun } from "../support/run-watch";
import { testConfig } from "../support/server";
import { setupWorld } from "../support/world";

// Document triggers through a real worker's agent runs (the rest is in agent-triggers.test.ts).
const world = setupWorld();
const storeBuild = setupAgentApps(() => world.db);
let worker: ReturnType<typeof createWorker>;
beforeAll(async () => {
  worker = createWorker(testConfig(world.db));
  await worker.ready();
});
afterAll(async () => {
  await worker?.close();
});

const doc = (collection: string, on: string) => ({ type: "document", collection, on });

describe("document triggers, run by the worker", () => {
  test("a triggered agent that updates its own document is not started again", async () => {
    const { c, workspaceId } = await world.person("Worker Owner", "Real Runs");
    const { app } = await newApp(c, workspaceId);
    const target = { workspaceId, appId: app.id };
    // Triage is declared on inserts AND updates of tickets, and writes the ticket it reads.
    await storeBuild(target, {
      "collections.json": TICKETS_COLLECTIONS,
      "agents.json": triageAgents({
        tools: [],
        triggers: [doc("tickets", "inserted"), doc("tickets", "updated")],
      }),
    });
    await c.agents.approve.mutate(target);
    const ticket = await c.data.insert.mutate({
      ...target,
      scope: "draft",
      collection: "tickets",
      data: { title: "Checkout is down", description: "Nobody can pay, urgent." },
    });
    const [run] = await c.agentRuns.list.query(target);
    const w = watchRun(c, { workspaceId, runId: run!.id });
    await w.untilStatus("completed");
    w.close();
    // It wrote its ticket (update_app_data, as the agent)…
    expect(w.events.find((e) => e.type === "data-change")?.data).toEqual({
      collection: "tickets",
      documentId: ticket._id,
      op: "update",
    });
    const updated = await c.data.get.query({
      ...target,
      scope: "draft",
      collection: "tickets",
      id: ticket._id,
    });
    expect(updated._version).toBe(2);
    expect(updated.priority).toBe("high");
    // …and that update, a trigger of its own, started nothing: still one run.
    expect((await c.agentRuns.list.query(target)).map((r) => r.id)).toEqual([run!.id]);
  });
});
