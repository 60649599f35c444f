import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import postgres from "postgres";
import { createDatabase, type Database } from "../../db/client";
import { withTenant } from "../../db/tenant";
import { syncIntegrationGrants } from "../../src/integrations/sync";
import { agentsFileSchema } from "../../src/sdk/agents";
import { integrationSetupSchema } from "../../src/sdk/integration-setup";
import { createWorker } from "../../worker/create";
import { type FakeAnthropic, startFakeAnthropic } from "../fixtures/fake-anthropic";
import { type FakeApi, fakeApi } from "../fixtures/fake-api";
import {
  LOOKUP_TOOL,
  setupAgentApps,
  TICKETS_COLLECTIONS,
  triageAgents,
} from "../support/agent-apps";
import { newApp } from "../support/apps";
import { watchRun } from "../support/run-watch";
import { person, startServer, type TestServer, testConfig } from "../support/server";
import { setupWorld } from "../support/world";

// A repair request carries a failure to the builder — on Claude, through the fake Messages API.
// An agent's model that (somehow) repeats a secret in its report must not pass it on: the
// canary set on the grant never reaches the builder's prompt, its events or the model's request.
const PORT = 4578;
const DOMAIN = "crm.example.com";
const CANARY = `canary-${crypto.randomUUID()}`;
let worker: ReturnType<typeof createWorker>;
let fake: FakeAnthropic;
let crm: FakeApi;
let runtime: Database;
let server: TestServer;

// Registered before the world's: after-all hooks run in order, so these close first.
afterAll(async () => {
  await worker?.close();
  await server?.close();
  await runtime?.close();
  await fake?.stop();
  await crm?.stop();
});
const world = setupWorld();
const storeBuild = setupAgentApps(() => world.db);

beforeAll(async () => {
  fake = startFakeAnthropic();
  server = startServer(world.db, { anthropic: { apiKey: "test-key", baseURL: fake.url } });
  crm = fakeApi(() => Response.json({ error: "key revoked" }, { status: 401 }), { port: PORT });
  worker = createWorker(
    testConfig(world.db, {
      anthropic: { apiKey: "test-key", baseURL: fake.url },
      testLoopbackApis: [{ host: DOMAIN, port: PORT }],
    }),
  );
  await worker.ready();
  runtime = createDatabase(world.db.appUrl, { max: 1 });
});
const tool = {
  ...LOOKUP_TOOL,
  endpoint: `https://${DOMAIN}:${PORT}/customers`,
  headers: { Authorization: "Bearer {{secrets.CRM_TOKEN}}" },
};
const SETUP = {
  version: 1,
  services: [{ name: "CRM", domain: DOMAIN, auth: "static", secrets: ["CRM_TOKEN"] }],
};

describe("a repair request on Claude", () => {
  test("the agent's report, secret and all, reaches the builder redacted", async () => {
    const p = await person(server.url, "Canary Repairer", "Canary repairs");
    const { app } = await newApp(p.c, p.workspaceId);
    const target = { workspaceId: p.workspaceId, appId: app.id };
    const agents = triageAgents({ tools: [tool], model: "claude-haiku-5-5" });
    await storeBuild(target, {
      "collections.json": TICKETS_COLLECTIONS,
      "agents.json": agents,
      "integration-setup.json": SETUP,
    });
    await withTenant(runtime.db, { workspaceId: p.workspaceId }, (tx) =>
      syncIntegrationGrants(tx, {
        ...target,
        setup: integrationSetupSchema.parse(SETUP),
        agents: agentsFileSchema.parse(agents),
        auditAs: null,
      }),
    );
    await p.c.agents.approve.mutate(target);
    const [grant] = (await p.c.integrations.app.query(target)).grants;
    await p.c.integrations.setSecret.mutate({
      workspaceId: p.workspaceId,
      grantId: grant!.id,
      name: "CRM_TOKEN",
      value: CANARY,
    });

    // The agent calls the tool (401), then reports it in words that repeat the secret three ways.
    const leaky = `401 with Bearer ${CANARY}; the key ${CANARY} was refused at https://${DOMAIN}/customers?token=${CANARY}`;
    const done = { blocks: [{ type: "text" as const, text: "Done." }] };
    fake.enqueue(
      { blocks: [{ type: "tool_use", name: "lookup_customer", input: { name: "Ada" } }] },
      {
        blocks: [
          {
            type: "tool_use",
            name: "report_tool_call_failed",
            input: { toolName: "lookup_customer", reason: leaky },
          },
        ],
      },
      // The agent's last turn and the builder's first, in whichever order they ask.
      done,
      done,
    );
    const run = await p.c.agentRuns.start.mutate({ ...target, agentId: "triage" });
    const w = watchRun(p.c, { workspaceId: p.workspaceId, runId: run.id });
    await w.untilStatus("completed");
    w.close();
    expect(crm.requests).toHaveLength(1);
    const [builder] = await p.c.runs.list.query(target);
    expect(builder?.provider).toBe("anthropic");
    const wb = watchRun(p.c, { workspaceId: p.workspaceId, runId: builder!.id });
    await wb.untilStatus("completed");
    wb.close();

    const prompt = (await p.c.runs.get.query({ workspaceId: p.workspaceId, runId: builder!.id }))
      .prompt;
    expect(prompt).toContain("Error: authentication (auth), HTTP 401");
    expect(prompt).toContain(
      "Agent's note: 401 with Bearer [redacted]; the key [redacted] was refused",
    );
    expect(prompt).toContain(`https://${DOMAIN}/customers`);
    const toBuilder = fake.requests.filter((r) =>
      JSON.stringify(r.body).includes("Repair request from agent"),
    );
    expect(toBuilder.length).toBeGreaterThan(0);
    // The agent's report as its run shows it is redacted too (its tool call's input is the
    // model's own output, shown as it was).
    expect(w.events.find((e) => e.type === "tool-failure-reported")?.data.reason).toBe(
      "401 with Bearer [redacted]; the key [redacted] was refused at https://crm.example.com/customers",
    );
    for (const seen of [prompt, wb.events, toBuilder.map((r) => r.body)])
      expect(JSON.stringify(seen)).not.toContain(CANARY);
    const sql = postgres(world.db.ownerUrl, { max: 1, onnotice: () => {} });
    try {
      const rows = await sql`select r::text as row from agent_runs r where id = ${builder!.id}`;
      const events =
        await sql`select e::text as row from run_events e where run_id = ${builder!.id}`;
      const audit = await sql`select e::text as row from audit_events e
        where workspace_id = ${p.workspaceId} and action = 'agent.tool_failure_reported'`;
      expect(audit).toHaveLength(1);
      expect(JSON.stringify([rows, events, audit])).not.toContain(CANARY);
    } finally {
      await sql.end();
    }
  });
});
