import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import postgres from "postgres";
import { createDatabase, type Database } from "../../db/client";
import { withTenant } from "../../db/tenant";
import { type Config, type MasterKeys, masterKey } from "../../src/config";
import { createApp } from "../../src/http/app";
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
import { createTestDatabase, type TestDatabase } from "../support/db";
import { follow } from "../support/live";
import { person, testConfig } from "../support/server";

// One secret canary, set on a grant the way an admin sets it, then used live by an agent on
// Claude (fake Messages API) and by an app backend function. The API it calls echoes the
// credential back, as a careless one might. The canary must reach that API and nothing else:
// not the model, a log line, an audit row, a run event or transcript, an SSE frame, an error
// message or a tRPC response.
const CANARY = `canary-${crypto.randomUUID()}`;
const DOMAIN = "crm.example.com";
const CRM_PORT = 4590;
const SERVER_PORT = 4591;
const KEYS: MasterKeys = {
  current: masterKey(Buffer.alloc(32, 9).toString("base64")),
  previous: [],
};

const lines: string[] = [];
const responses: string[] = [];
let db: TestDatabase;
let config: Config;
let app: ReturnType<typeof createApp>;
let server: ReturnType<typeof Bun.serve>;
let worker: ReturnType<typeof createWorker>;
let runtime: Database;
let fake: FakeAnthropic;
let crm: FakeApi;
const storeBuild = setupAgentApps(() => db);

beforeAll(async () => {
  db = await createTestDatabase();
  fake = startFakeAnthropic();
  crm = fakeApi(
    (req) =>
      Response.json({
        name: "Ada",
        plan: "enterprise",
        debug: `called with ${req.headers.authorization}`,
      }),
    { port: CRM_PORT },
  );
  config = testConfig(db, {
    logLevel: "debug",
    masterKeys: KEYS,
    anthropic: { apiKey: "test-key", baseURL: fake.url },
    testLoopbackApis: [{ host: DOMAIN, port: CRM_PORT }],
  });
  app = createApp(config, { logSink: (line) => lines.push(line) });
  server = Bun.serve({
    port: SERVER_PORT,
    hostname: "127.0.0.1",
    idleTimeout: 0,
    fetch: async (req) => {
      const res = await app.fetch(req);
      // Streams are read by the test's own subscriber; every other body is kept.
      if (res.headers.get("content-type")?.includes("text/event-stream")) return res;
      const body = await res.text();
      responses.push(body);
      return new Response(body, res);
    },
  });
  worker = createWorker(config, { logSink: (line) => lines.push(line) });
  await worker.ready();
  runtime = createDatabase(db.appUrl, { max: 2 });
});
afterAll(async () => {
  await worker?.close();
  await server?.stop(true);
  await app?.close();
  await runtime?.close();
  await fake?.stop();
  await crm?.stop();
  await db?.drop();
});

const tool = {
  ...LOOKUP_TOOL,
  endpoint: `https://${DOMAIN}:${CRM_PORT}/customers`,
  headers: { Authorization: "Bearer {{secrets.CRM_TOKEN}}" },
};
const SETUP = {
  version: 1,
  services: [{ name: "CRM", domain: DOMAIN, auth: "static", secrets: ["CRM_TOKEN"] }],
};

describe("a secret canary on a grant", () => {
  test("reaches the service it is for, and nothing else", async () => {
    const p = await person(`http://127.0.0.1:${SERVER_PORT}`, "Canary Owner", "Canary Co");
    const { app: a, at } = await newApp(p.c, p.workspaceId);
    const target = { workspaceId: p.workspaceId, appId: a.id };
    const agents = {
      ...triageAgents({ tools: [tool], model: "claude-haiku-5-5" }),
      appTools: [tool],
    };
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
    const view = await p.c.integrations.app.query(target);
    const grant = view.grants.find((g) => g.domain === DOMAIN)!;
    await p.c.integrations.setSecret.mutate({
      workspaceId: p.workspaceId,
      grantId: grant.id,
      name: "CRM_TOKEN",
      value: CANARY,
    });

    // The agent, on Claude: the model asks for the tool, then answers.
    const ticket = await p.c.data.insert.mutate({
      ...at("tickets"),
      data: { title: "Upgrade", customer: "Ada" },
    });
    fake.enqueue(
      { blocks: [{ type: "tool_use", name: "lookup_customer", input: { name: "Ada" } }] },
      { blocks: [{ type: "text", text: "Ada is on the enterprise plan." }] },
    );
    const llmBefore = fake.requests.length;
    const run = await p.c.agentRuns.start.mutate({
      ...target,
      agentId: "triage",
      input: { documentId: ticket._id },
    });
    const stream = follow(p.c, {
      workspaceId: p.workspaceId,
      topics: [
        { kind: "run", key: "r", runId: run.id, afterSeq: 0 },
        { kind: "app", key: "a", appId: a.id },
      ],
    });
    const runEvents = () =>
      stream.messages.flatMap((m) =>
        m.events.flatMap((e) =>
          e.kind === "run" ? (e.events as { type: string; data: Record<string, unknown> }[]) : [],
        ),
      );
    await stream.until(
      () => runEvents().some((e) => e.type === "status" && e.data.status === "completed"),
      "the run to complete",
      30_000,
    );
    stream.close();
    const done = await p.c.agentRuns.get.query({ workspaceId: p.workspaceId, runId: run.id });
    expect(done.status).toBe("completed");

    // The app's backend function, for the viewer, and a failing call with an error message.
    const called = await p.c.appTools.run.mutate({
      ...target,
      scope: "draft",
      name: "lookup_customer",
      input: { name: "Ada" },
    });
    expect(called).toMatchObject({ kind: "executed", status: 200, data: { name: "Ada" } });
    await p.c.appTools.run.mutate({
      ...target,
      scope: "draft",
      name: "lookup_customer",
      input: {},
    });

    // It did reach the service, live, both times.
    const sent = crm.requests.filter((r) => r.headers.authorization === `Bearer ${CANARY}`);
    expect(sent.length).toBe(2);
    expect(JSON.stringify(called)).toContain("[redacted]");

    // And nowhere else.
    const llm = JSON.stringify(fake.requests.slice(llmBefore));
    expect(llm).toContain("enterprise");
    expect(llm).not.toContain(CANARY);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join("\n")).not.toContain(CANARY);
    expect(responses.length).toBeGreaterThan(5);
    expect(responses.join("\n")).not.toContain(CANARY);
    expect(JSON.stringify(stream.messages)).toContain("tool-output");
    expect(JSON.stringify(stream.messages)).not.toContain(CANARY);
    const sql = postgres(db.ownerUrl, { max: 1, onnotice: () => {} });
    try {
      const tables = {
        audit: await sql`select * from audit_events where workspace_id = ${p.workspaceId}`,
        events: await sql`select * from run_events where workspace_id = ${p.workspaceId}`,
        runs: await sql`select * from agent_runs where workspace_id = ${p.workspaceId}`,
        agentRuns: await sql`select * from app_agent_runs where workspace_id = ${p.workspaceId}`,
      };
      expect(tables.audit.some((r) => r.action === "integration.tool.executed")).toBe(true);
      expect(tables.events.length).toBeGreaterThan(3);
      for (const [name, rows] of Object.entries(tables))
        expect(`${name}: ${JSON.stringify(rows).includes(CANARY)}`).toBe(`${name}: false`);
    } finally {
      await sql.end();
    }
  });
});
