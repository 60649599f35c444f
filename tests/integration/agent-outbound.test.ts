import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import postgres from "postgres";
import { createDatabase, type Database } from "../../db/client";
import type { ToolCredentials } from "../../src/integrations/executor";
import { createLogger } from "../../src/log";
import { LiveNotifier } from "../../src/realtime/hub";
import type { RunEvent } from "../../worker/agent/events";
import { builtinAgentTool } from "../../worker/agent-tools/builtin-tool";
import type { AgentToolContext } from "../../worker/agent-tools/context";
import { type CredentialsResolver, noGrants } from "../../worker/agent-tools/outbound";
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
import { SECRET_CANARY } from "../support/tools";
import { setupWorld } from "../support/world";

const PORT = 4580;
const DOMAIN = "crm.example.com";
const world = setupWorld();
const storeBuild = setupAgentApps(() => world.db);
const logs: string[] = [];
/** The grant each app has, by app id: what resolveToolCredentials would answer. */
const grants = new Map<string, ToolCredentials>();
const credentials: CredentialsResolver = async (_tx, at) =>
  at.domain === DOMAIN ? (grants.get(at.appId) ?? null) : null;
let worker: ReturnType<typeof createWorker>;
let api: FakeApi;

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
    { credentials, logSink: (line) => logs.push(line) },
  );
  await worker.ready();
});
afterAll(async () => {
  await worker?.close();
  await api?.stop();
});

const liveTool = {
  ...LOOKUP_TOOL,
  endpoint: `https://${DOMAIN}:${PORT}/customers`,
  headers: { Authorization: "Bearer {{secrets.CRM_TOKEN}}" },
};

async function appWithTool(name: string) {
  const person = await world.person(name, `${name} Co`);
  const { app, at } = await newApp(person.c, person.workspaceId);
  const target = { workspaceId: person.workspaceId, appId: app.id };
  await storeBuild(target, {
    "collections.json": TICKETS_COLLECTIONS,
    "agents.json": triageAgents({ tools: [liveTool] }),
  });
  await person.c.agents.approve.mutate(target);
  return { ...person, app, at, target };
}

async function runOnce(p: Awaited<ReturnType<typeof appWithTool>>) {
  const ticket = await p.c.data.insert.mutate({
    ...p.at("tickets"),
    data: { title: "Cannot log in", description: "Locked out since the update.", customer: "Ada" },
  });
  const run = await p.c.agentRuns.start.mutate({
    ...p.target,
    agentId: "triage",
    input: { collection: "tickets", documentId: ticket._id, name: "Ada" },
  });
  const f = follow(p.c, {
    workspaceId: p.workspaceId,
    topics: [{ kind: "run", key: "r", runId: run.id, afterSeq: 0 }],
  });
  const events = () =>
    f.messages.flatMap((m) =>
      m.events.flatMap((e) =>
        e.kind === "run" ? (e.events as { type: string; data: Record<string, unknown> }[]) : [],
      ),
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
  return { run, done, events: events(), frames: JSON.stringify(f.messages) };
}

type SeenEvent = { type: string; data: Record<string, unknown> };

/** The tool-output event of the named tool's call (events name the tool on its input). */
function outputOf(events: SeenEvent[], toolName: string) {
  const call = events.find(
    (e) => e.type === "tool-input-available" && e.data.toolName === toolName,
  );
  return events.find(
    (e) => e.type === "tool-output" && e.data.toolCallId === call?.data.toolCallId,
  );
}

async function auditRows(workspaceId: string) {
  const sql = postgres(world.db.ownerUrl, { max: 1, onnotice: () => {} });
  try {
    return await sql<
      {
        action: string;
        actor_kind: string;
        actor_id: string;
        metadata: Record<string, unknown>;
        summary: string;
      }[]
    >`
      select action, actor_kind, actor_id, metadata, summary from audit_events
      where workspace_id = ${workspaceId} order by occurred_at`;
  } finally {
    await sql.end();
  }
}

describe("agent custom tools through the executor", () => {
  test("approved live and set up: the tool calls the API with the secret, the answer is live, the call audited, and the secret appears nowhere else", async () => {
    const p = await appWithTool("Live");
    grants.set(p.app.id, {
      grant: { id: crypto.randomUUID(), authKind: "static" },
      status: "configured",
      secrets: { CRM_TOKEN: SECRET_CANARY },
    });
    const before = api.requests.length;
    const { run, done, events, frames } = await runOnce(p);
    expect(done.status).toBe("completed");

    const seen = api.requests.slice(before);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: "GET", path: "/customers?name=Ada" });
    expect(seen[0]!.headers.authorization).toBe(`Bearer ${SECRET_CANARY}`);

    const output = outputOf(events, "lookup_customer");
    expect(output?.data.mock).toBeUndefined();
    expect(JSON.stringify(output?.data)).toContain("enterprise (live)");
    expect(done.result).not.toContain("sample data");

    const rows = await auditRows(p.workspaceId);
    const executed = rows.filter((r) => r.action === "integration.tool.executed");
    expect(executed).toHaveLength(1);
    expect(executed[0]).toMatchObject({
      actor_kind: "agent",
      actor_id: run.id,
      metadata: {
        appId: p.app.id,
        runId: run.id,
        tool: "lookup_customer",
        source: "agent",
        agentId: "triage",
        domain: DOMAIN,
        method: "GET",
        httpStatus: 200,
      },
    });

    // The canary: not in run events, SSE frames, tRPC answers, audit rows or log lines.
    expect(JSON.stringify(events)).not.toContain(SECRET_CANARY);
    expect(frames).not.toContain(SECRET_CANARY);
    expect(JSON.stringify(done)).not.toContain(SECRET_CANARY);
    expect(JSON.stringify(await p.c.agentRuns.list.query(p.target))).not.toContain(SECRET_CANARY);
    expect(JSON.stringify(rows)).not.toContain(SECRET_CANARY);
    expect(logs.join("\n")).not.toContain(SECRET_CANARY);
  });

  test("not set up: mock data with the reason, nothing sent, audited as mocked", async () => {
    const p = await appWithTool("Unset");
    grants.set(p.app.id, {
      grant: { id: crypto.randomUUID(), authKind: "static" },
      status: "needs_setup",
      secrets: null,
    });
    const before = api.requests.length;
    const { done, events } = await runOnce(p);
    expect(done.status).toBe("completed");
    expect(api.requests.length).toBe(before);
    const output = outputOf(events, "lookup_customer");
    expect(output?.data).toMatchObject({ mock: true, mockReason: "secrets_missing" });
    expect(done.result).toContain("sample data");
    const rows = await auditRows(p.workspaceId);
    expect(rows.filter((r) => r.action === "integration.tool.mocked")).toHaveLength(1);
  });

  test("a provider error reaches the model as a typed failure with a hint", async () => {
    const p = await appWithTool("Refused");
    grants.set(p.app.id, {
      grant: { id: crypto.randomUUID(), authKind: "none" },
      status: "configured",
      secrets: {},
    });
    const { done, events } = await runOnce(p);
    expect(done.status).toBe("completed");
    // The spec needs a secret, the grant has no auth: denied before anything is sent.
    expect(events.find((e) => e.type === "tool-refused")?.data).toMatchObject({
      toolName: "lookup_customer",
      code: "auth_kind_mismatch",
    });
    const rows = await auditRows(p.workspaceId);
    expect(rows.filter((r) => r.action === "integration.tool.denied")).toHaveLength(1);
  });
});

describe("builtin WebFetch through the executor", () => {
  const PAGE_PORT = 4581;
  let database: Database;
  let notifier: LiveNotifier;
  let page: FakeApi;
  beforeAll(() => {
    database = createDatabase(world.db.appUrl, { max: 2 });
    notifier = new LiveNotifier(database.sql, null, createLogger("silent", "test"));
    page = fakeApi(
      () =>
        new Response("<html><body><h2>Refunds</h2><p>Within 30 days.</p></body></html>", {
          headers: { "content-type": "text/html" },
        }),
      { port: PAGE_PORT },
    );
  });
  afterAll(async () => {
    notifier?.close();
    await database?.close();
    await page?.stop();
  });

  test("an approved agent reads a public page as text; a private address is refused, reported and audited", async () => {
    const person = await world.person("Reader", "Reader Co");
    const { app } = await newApp(person.c, person.workspaceId);
    const target = { workspaceId: person.workspaceId, appId: app.id };
    await storeBuild(target, {
      "collections.json": TICKETS_COLLECTIONS,
      "agents.json": {
        version: 1,
        agents: [
          {
            id: "reader",
            name: "Reader",
            description: "Reads the help pages.",
            systemPrompt: "Read the page you are given and summarise it.",
            tools: [{ type: "builtin", name: "WebFetch" }],
          },
        ],
      },
    });
    await person.c.agents.approve.mutate(target);
    const events: RunEvent[] = [];
    const ctx: AgentToolContext = {
      db: database,
      notifier,
      workspaceId: person.workspaceId,
      appId: app.id,
      runId: crypto.randomUUID(),
      agentId: "reader",
      agentName: "Reader",
      scope: "draft",
      emit: (e) => {
        events.push(e);
      },
      outbound: {
        options: {
          production: false,
          loopbackAllowlist: [{ host: "help.example.com", port: PAGE_PORT }],
        },
        credentials: noGrants,
      },
    };
    const webFetch = builtinAgentTool("WebFetch");

    const read = await webFetch.invoke(ctx, {
      url: `https://help.example.com:${PAGE_PORT}/refunds`,
    });
    expect(read.isError).toBe(false);
    expect(JSON.parse(read.output)).toMatchObject({ status: 200, truncated: false });
    expect(JSON.parse(read.output).text).toContain("Within 30 days.");
    expect(page.requests.at(-1)).toMatchObject({ method: "GET", path: "/refunds" });

    const metadata = await webFetch.invoke(ctx, {
      url: "https://169.254.169.254/latest/meta-data/",
    });
    expect(metadata).toMatchObject({ isError: true });
    expect(metadata.output).toStartWith("Refused (address_not_allowed)");
    expect(events.filter((e) => e.type === "tool-refused")).toMatchObject([
      { toolName: "WebFetch", code: "address_not_allowed" },
    ]);

    const rows = await auditRows(person.workspaceId);
    expect(
      rows
        .filter((r) => r.action.startsWith("integration.tool."))
        .map((r) => [r.action, r.actor_kind, r.metadata.tool, r.metadata.code]),
    ).toEqual([
      ["integration.tool.executed", "agent", "WebFetch", null],
      ["integration.tool.denied", "agent", "WebFetch", "address_not_allowed"],
    ]);
  });
});
