import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import postgres from "postgres";
import { createDatabase, type Database } from "../../db/client";
import { withTenant } from "../../db/tenant";
import { syncIntegrationGrants } from "../../src/integrations/sync";
import { agentsFileSchema } from "../../src/sdk/agents";
import { integrationSetupSchema } from "../../src/sdk/integration-setup";
import { createWorker } from "../../worker/create";
import { type FakeApi, fakeApi } from "../fixtures/fake-api";
import {
  LOOKUP_TOOL,
  setupAgentApps,
  TICKETS_COLLECTIONS,
  triageAgents,
} from "../support/agent-apps";
import { newApp } from "../support/apps";
import { follow } from "../support/live";
import { testConfig } from "../support/server";
import { setupWorld } from "../support/world";

// The whole path with nothing stubbed between them: a grant synced from integration-setup.json,
// a secret saved through tRPC by the server, decrypted by the worker's own resolver (same master
// key, another process's config) and sent by the executor to a fake API on loopback.
const PORT = 4521;
const DOMAIN = "crm.example.com";
const CANARY = `canary-live-${crypto.randomUUID()}`;
const world = setupWorld();
const storeBuild = setupAgentApps(() => world.db);
const logs: string[] = [];
let worker: ReturnType<typeof createWorker>;
let api: FakeApi;
let runtime: Database;

beforeAll(async () => {
  api = fakeApi(
    (req) =>
      Response.json({
        name: new URL(req.path, "http://x").searchParams.get("name"),
        plan: "enterprise (live)",
      }),
    { port: PORT },
  );
  worker = createWorker(
    testConfig(world.db, { testLoopbackApis: [{ host: DOMAIN, port: PORT }], logLevel: "debug" }),
    { logSink: (line) => logs.push(line) },
  );
  await worker.ready();
  runtime = createDatabase(world.db.appUrl, { max: 1 });
});
afterAll(async () => {
  await worker?.close();
  await api?.stop();
  await runtime?.close();
});

const liveTool = {
  ...LOOKUP_TOOL,
  endpoint: `https://${DOMAIN}:${PORT}/customers`,
  headers: { Authorization: "Bearer {{secrets.CRM_TOKEN}}" },
};
const SETUP = {
  version: 1,
  services: [{ name: "Acme CRM", domain: DOMAIN, auth: "static", secrets: ["CRM_TOKEN"] }],
};

type SeenEvent = { type: string; data: Record<string, unknown> };

async function runOnce(p: Awaited<ReturnType<typeof world.person>>, appId: string) {
  const at = { workspaceId: p.workspaceId, appId, scope: "draft" as const };
  const ticket = await p.c.data.insert.mutate({
    ...at,
    collection: "tickets",
    data: { title: "Cannot log in", customer: "Ada" },
  });
  const run = await p.c.agentRuns.start.mutate({
    workspaceId: p.workspaceId,
    appId,
    agentId: "triage",
    input: { collection: "tickets", documentId: ticket._id, name: "Ada" },
  });
  const f = follow(p.c, {
    workspaceId: p.workspaceId,
    topics: [{ kind: "run", key: "r", runId: run.id, afterSeq: 0 }],
  });
  const events = (): SeenEvent[] =>
    f.messages.flatMap((m) =>
      m.events.flatMap((e) => (e.kind === "run" ? (e.events as SeenEvent[]) : [])),
    );
  await f.until(
    () =>
      events().some(
        (e) => e.type === "status" && ["completed", "failed"].includes(String(e.data.status)),
      ),
    "the run to finish",
  );
  f.close();
  const done = await p.c.agentRuns.get.query({ workspaceId: p.workspaceId, runId: run.id });
  const call = events().find(
    (e) => e.type === "tool-input-available" && e.data.toolName === "lookup_customer",
  );
  const output = events().find(
    (e) => e.type === "tool-output" && e.data.toolCallId === call?.data.toolCallId,
  );
  return { done, output, events: events(), frames: JSON.stringify(f.messages) };
}

describe("a configured grant takes an agent's tool from mock to live", () => {
  test("needs setup → mock data, nothing sent; the admin saves the secret → the call goes out with it; cleared → mock again", async () => {
    const p = await world.person("Live Admin", "Live integrations");
    const { app } = await newApp(p.c, p.workspaceId);
    const target = { workspaceId: p.workspaceId, appId: app.id };
    const agents = triageAgents({ tools: [liveTool] });
    await storeBuild(target, {
      "collections.json": TICKETS_COLLECTIONS,
      "agents.json": agents,
      "integration-setup.json": SETUP,
    });
    // What saving that build does (the build path itself is covered in integrations.test.ts).
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
    expect(grant).toMatchObject({ service: "Acme CRM", status: "needs_setup" });

    let before = api.requests.length;
    const mocked = await runOnce(p, app.id);
    expect(mocked.done.status).toBe("completed");
    expect(api.requests.length).toBe(before);
    expect(mocked.output?.data).toMatchObject({ mock: true, mockReason: "secrets_missing" });

    await p.c.integrations.setSecret.mutate({
      workspaceId: p.workspaceId,
      grantId: grant!.id,
      name: "CRM_TOKEN",
      value: CANARY,
    });
    expect((await p.c.integrations.app.query(target)).grants[0]!.status).toBe("configured");
    before = api.requests.length;
    const live = await runOnce(p, app.id);
    expect(live.done.status).toBe("completed");
    const sent = api.requests.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.headers.authorization).toBe(`Bearer ${CANARY}`);
    expect(live.output?.data.mock).toBeUndefined();
    expect(JSON.stringify(live.output?.data)).toContain("enterprise (live)");

    // The value went to the API and nowhere else.
    for (const seen of [live.events, live.frames, live.done, mocked.events])
      expect(JSON.stringify(seen)).not.toContain(CANARY);
    expect(logs.join("\n")).not.toContain(CANARY);
    const sql = postgres(world.db.ownerUrl, { max: 1, onnotice: () => {} });
    try {
      const rows = await sql`select e::text as row from audit_events e
        where workspace_id = ${p.workspaceId}`;
      expect(rows.map((r) => r.row).join("\n")).not.toContain(CANARY);
      expect(rows.some((r) => String(r.row).includes("integration.tool.executed"))).toBe(true);
    } finally {
      await sql.end();
    }

    await p.c.integrations.clearSecret.mutate({
      workspaceId: p.workspaceId,
      grantId: grant!.id,
      name: "CRM_TOKEN",
    });
    before = api.requests.length;
    const again = await runOnce(p, app.id);
    expect(api.requests.length).toBe(before);
    expect(again.output?.data).toMatchObject({ mock: true, mockReason: "secrets_missing" });
  });
});
