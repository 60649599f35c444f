import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import postgres from "postgres";
import { createDatabase, type Database } from "../../db/client";
import { withTenant } from "../../db/tenant";
import { syncIntegrationGrants } from "../../src/integrations/sync";
import { agentsFileSchema } from "../../src/sdk/agents";
import { integrationSetupSchema } from "../../src/sdk/integration-setup";
import { TEMPLATE_DIR } from "../../worker/build/deps";
import { createWorker } from "../../worker/create";
import { generateApp } from "../../worker/offline/codegen";
import { deriveSpec } from "../../worker/offline/spec";
import { type FakeApi, fakeApi } from "../fixtures/fake-api";
import { setupAgentApps } from "../support/agent-apps";
import { newApp } from "../support/apps";
import { type SeenEvent, watchRun } from "../support/run-watch";
import { type Client, failure, testConfig } from "../support/server";
import { setupWorld } from "../support/world";

setDefaultTimeout(90_000);

// A failed custom tool call goes to the builder as a repair request: from the agent's own
// report_tool_call_failed or a maker's "Report to builder", redacted, once per call. The offline
// builder reads the failure, edits the spec and builds — all on a real worker, against a fake
// API on loopback.
const PORT = 4577;
const DOMAIN = "tickets.example.com";
const CANARY = `canary-repair-${crypto.randomUUID()}`;
const world = setupWorld();
const storeBuild = setupAgentApps(() => world.db);
let worker: ReturnType<typeof createWorker>;
let api: FakeApi;
let runtime: Database;
let owner: ReturnType<typeof postgres>;

beforeAll(async () => {
  // /v2 is the API; /v1 is gone (404); /locked refuses the key; /flaky has an error of its own.
  api = fakeApi(
    (req) => {
      if (req.path.startsWith("/v2/")) return Response.json({ name: "Ada", plan: "enterprise" });
      if (req.path.startsWith("/locked"))
        return Response.json({ error: "bad key" }, { status: 401 });
      if (req.path.startsWith("/flaky")) return Response.json({ error: "oops" }, { status: 503 });
      return Response.json({ error: "no such route" }, { status: 404 });
    },
    { port: PORT },
  );
  worker = createWorker(
    testConfig(world.db, {
      testLoopbackApis: [{ host: DOMAIN, port: PORT }],
      workspacesDir: `/tmp/second-test-workspaces-${world.db.name}`,
    }),
  );
  await worker.ready();
  runtime = createDatabase(world.db.appUrl, { max: 1 });
  owner = postgres(world.db.ownerUrl, { max: 1, onnotice: () => {} });
});
afterAll(async () => {
  await worker?.close();
  await api?.stop();
  await runtime?.close();
  await owner?.end();
});

const tool = (name: string, path: string) => ({
  type: "custom",
  name,
  description: `Calls ${path} on the ticket API.`,
  method: "GET",
  endpoint: `https://${DOMAIN}:${PORT}${path}`,
  headers: { Authorization: "Bearer {{secrets.TICKETS_TOKEN}}" },
  query: { name: "{{input.name}}" },
  integration: { domain: DOMAIN },
  inputSchema: { type: "object", properties: { name: { type: "string" } }, required: ["name"] },
  mockData: [{ name: "Ada" }, { name: "Bob" }, { name: "Cy" }],
});
const SETUP = {
  version: 1,
  services: [{ name: "Ticket API", domain: DOMAIN, auth: "static", secrets: ["TICKETS_TOKEN"] }],
};
const agentsWith = (tools: unknown[]) => ({
  version: 1,
  agents: [
    {
      id: "helper",
      name: "Desk helper",
      description: "Looks customers up for support tickets.",
      systemPrompt: "Look the ticket's customer up and say what plan they are on.",
      tools,
      dataCollections: [{ name: "support_tickets", access: "read" }],
      triggers: [{ type: "manual" }],
    },
  ],
});

/** A real offline-built app (so a repair can build it again) with these tools, set up live. */
async function appWithTools(p: { c: Client; workspaceId: string }, tools: unknown[]) {
  const { app } = await newApp(p.c, p.workspaceId, "Support desk");
  const target = { workspaceId: p.workspaceId, appId: app.id };
  // The template's files and the offline builder's own app, as its first build would save them.
  const template = (await readdir(TEMPLATE_DIR, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile() && !e.parentPath.includes("node_modules"))
    .map((e) => path.join(e.parentPath, e.name));
  const files: Record<string, unknown> = Object.fromEntries([
    ...(await Promise.all(
      template.map(async (f) => [path.relative(TEMPLATE_DIR, f), await readFile(f, "utf8")]),
    )),
    ...generateApp(deriveSpec(["Track support tickets with title, customer and priority"])).map(
      (f) => [f.path, f.content],
    ),
  ]);
  const agents = agentsWith(tools);
  await storeBuild(target, {
    ...files,
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
    name: "TICKETS_TOKEN",
    value: CANARY,
  });
  return target;
}

async function runAgent(c: Client, target: { workspaceId: string; appId: string }) {
  const run = await c.agentRuns.start.mutate({
    ...target,
    agentId: "helper",
    input: { name: "Ada" },
  });
  const w = watchRun(c, { workspaceId: target.workspaceId, runId: run.id });
  await w.untilStatus("completed");
  w.close();
  const calls = (name: string) =>
    w.events
      .filter((e) => e.type === "tool-input-available" && e.data.toolName === name)
      .map((e) => String(e.data.toolCallId));
  const output = (id: string) =>
    w.events.find((e) => e.type === "tool-output" && e.data.toolCallId === id);
  return { run, events: w.events, calls, output };
}

/** The app's builder runs, newest first, once there are at least `n`. */
async function builderRuns(c: Client, target: { workspaceId: string; appId: string }, n = 1) {
  const end = Date.now() + 20_000;
  for (;;) {
    const runs = await c.runs.list.query(target);
    if (runs.length >= n) return runs;
    if (Date.now() > end) throw new Error(`expected ${n} builder runs, saw ${runs.length}`);
    await Bun.sleep(50);
  }
}

const repairCard = (events: SeenEvent[]) =>
  events.find((e) => e.type === "user-message")?.data as {
    text: string;
    repair?: Record<string, unknown>;
  };

const auditRows = (workspaceId: string, action: string) =>
  owner<{ actor_kind: string; outcome: string; metadata: Record<string, unknown> }[]>`
    select actor_kind, outcome, metadata from audit_events
    where workspace_id = ${workspaceId} and action = ${action} order by seq`;

describe("repairing a failed tool call", () => {
  test("the agent's report of a 404 starts a repair run; the offline builder moves the path to the API's version, builds, and the next run's call succeeds", async () => {
    const p = await world.person("Repair Owner", "Repairs");
    const target = await appWithTools(p, [
      tool("list_tickets", "/v2/tickets"),
      tool("lookup_customer", "/v1/customers"),
    ]);
    const first = await runAgent(p.c, target);
    const [failedCall] = first.calls("lookup_customer");
    const failed = first.output(failedCall!)!.data;
    expect(failed).toMatchObject({
      isError: true,
      failure: {
        outcome: "failed",
        code: "not_found",
        category: "not_found",
        httpStatus: 404,
        method: "GET",
        domain: DOMAIN,
        path: "/v1/customers",
      },
    });
    expect(first.events.some((e) => e.type === "repair-requested")).toBe(true);

    // The agent's report started the builder, with a repair request card and nothing secret.
    const [repair] = await builderRuns(p.c, target);
    const w = watchRun(p.c, { workspaceId: target.workspaceId, runId: repair!.id });
    await w.untilStatus("awaiting_approval");
    const card = repairCard(w.events);
    expect(card.text.startsWith("Repair request from agent “Desk helper”")).toBe(true);
    expect(card.repair).toMatchObject({
      agentRunId: first.run.id,
      toolCallId: failedCall,
      agentName: "Desk helper",
      toolName: "lookup_customer",
      category: "not_found",
      httpStatus: 404,
      reportedBy: { kind: "agent" },
    });
    // Started in the name of whoever ran the agent, so its build is saved and audited as theirs.
    expect(
      (await p.c.runs.get.query({ workspaceId: target.workspaceId, runId: repair!.id })).createdBy,
    ).toBe(p.userId);
    expect(card.text).not.toContain("Bearer");
    expect(card.text).not.toContain("name=");
    // It read the spec, rewrote agents.json, built, and shows the agents card again.
    const written = w.events
      .filter((e) => e.type === "tool-input-available")
      .map((e) => `${e.data.toolName} ${(e.data.input as { path?: string }).path ?? ""}`.trim());
    expect(written).toEqual([
      "read_file agents.json",
      "read_file integration-setup.json",
      "write_file agents.json",
      "done_building",
      "present_agents",
    ]);
    expect(w.events.find((e) => e.type === "build-finish")?.data.status).toBe("succeeded");
    const config = await p.c.agents.config.query(target);
    const tools = (config.declared!.agents[0] as { tools: { name: string; endpoint: string }[] })
      .tools;
    expect(tools.find((t) => t.name === "lookup_customer")?.endpoint).toBe(
      `https://${DOMAIN}:${PORT}/v2/customers`,
    );
    const agentsCard = w.events.filter((e) => e.type === "approval").at(-1)!;
    expect(agentsCard.data.toolName).toBe("present_agents");
    await p.c.agents.answerCard.mutate({
      workspaceId: target.workspaceId,
      runId: repair!.id,
      approve: true,
      hash: (agentsCard.data.input as { hash: string }).hash,
    });
    await w.untilStatus("completed");
    w.close();
    const said = w.events
      .filter((e) => e.type === "text-delta")
      .map((e) => String(e.data.text))
      .join("");
    expect(said).toContain(
      "the endpoint path of lookup_customer from /v1/customers to /v2/customers",
    );
    expect(said).toContain("Files changed: agents.json");

    // Reporting the same call again answers the same builder run; nothing new is started.
    expect(
      await p.c.agentRuns.reportToBuilder.mutate({
        workspaceId: target.workspaceId,
        runId: first.run.id,
        toolCallId: failedCall!,
      }),
    ).toEqual({ builderRunId: repair!.id, status: "completed", created: false });
    expect(await p.c.runs.list.query(target)).toHaveLength(1);
    const reported = await auditRows(target.workspaceId, "agent.tool_failure_reported");
    expect(reported).toHaveLength(1);
    expect(reported[0]).toMatchObject({
      actor_kind: "agent",
      metadata: { tool: "lookup_customer", builderRunId: repair!.id, httpStatus: 404 },
    });

    // The repaired tool now reaches /v2 and succeeds.
    const before = api.requests.length;
    const second = await runAgent(p.c, target);
    const [call] = second.calls("lookup_customer");
    expect(second.output(call!)?.data.isError).toBe(false);
    expect(api.requests.slice(before).map((r) => r.path)).toContain("/v2/customers?name=Ada");

    // The canary reached the API, and none of the repair's prompt, events or runs.
    const rows = await owner`select r::text as row from agent_runs r where id = ${repair!.id}`;
    const events =
      await owner`select e::text as row from run_events e where run_id = ${repair!.id}`;
    expect(rows.length + events.length).toBeGreaterThan(5);
    expect(JSON.stringify([rows, events, w.events])).not.toContain(CANARY);
  });

  test("a maker reports a failed call by hand, with a note; errors: a call that did not fail, an unknown call, a busy builder, a non-maker, a long note", async () => {
    const p = await world.person("Hand Reporter", "Hand reports");
    const target = await appWithTools(p, [
      tool("check_plan", "/locked/plans"),
      tool("list_tickets", "/flaky/tickets"),
    ]);
    const ws = target.workspaceId;
    const run = await runAgent(p.c, target);
    // The agent reported the first failure itself (401 → the builder explains, changes nothing).
    const [auto] = await builderRuns(p.c, target);
    const wa = watchRun(p.c, { workspaceId: ws, runId: auto!.id });
    await wa.untilStatus("completed");
    wa.close();
    expect(repairCard(wa.events).repair).toMatchObject({
      toolName: "check_plan",
      category: "auth",
      httpStatus: 401,
    });
    const explained = wa.events
      .filter((e) => e.type === "text-delta")
      .map((e) => String(e.data.text))
      .join("");
    expect(explained).toContain("Settings → Integrations");
    expect(explained).toContain("I changed no file");
    expect(wa.events.some((e) => e.type === "build-finish")).toBe(false);

    // The 503 the agent did not report: a person sends it, with a note.
    const [flaky] = run.calls("list_tickets");
    const [plans] = run.calls("check_plan");
    const sent = await p.c.agentRuns.reportToBuilder.mutate({
      workspaceId: ws,
      runId: run.run.id,
      toolCallId: flaky!,
      note: `It has failed all morning. token=${CANARY} https://${DOMAIN}/status?key=${CANARY}`,
    });
    expect(sent).toMatchObject({ created: true, status: "pending" });
    const wh = watchRun(p.c, { workspaceId: ws, runId: sent.builderRunId });
    await wh.untilStatus("completed");
    wh.close();
    const card = repairCard(wh.events);
    expect(card.repair).toMatchObject({
      toolName: "list_tickets",
      category: "server",
      httpStatus: 503,
      reportedBy: { kind: "person", name: "Hand Reporter" },
    });
    expect(card.text).toContain("Their note: It has failed all morning.");
    expect(card.text).toContain(`https://${DOMAIN}/status`);
    expect(JSON.stringify(wh.events)).not.toContain(CANARY);
    expect(JSON.stringify(wh.events)).not.toContain("key=");

    // Errors, each changing nothing.
    const calls = await p.c.runs.list.query(target);
    const report = (toolCallId: string, extra: Record<string, unknown> = {}, c = p.c) =>
      failure(
        c.agentRuns.reportToBuilder.mutate({
          workspaceId: ws,
          runId: run.run.id,
          toolCallId,
          ...extra,
        }),
      );
    const read = run.events.find(
      (e) => e.type === "tool-input-available" && e.data.toolName === "read_app_data",
    );
    expect(await report(String(read!.data.toolCallId))).toMatchObject({
      code: "PRECONDITION_FAILED",
      message: expect.stringContaining("did not fail"),
    });
    expect(await report("toolu_nope")).toMatchObject({
      code: "NOT_FOUND",
      message: "Tool call not found.",
    });
    expect(await report(plans!, { note: "x".repeat(1001) })).toMatchObject({
      code: "BAD_REQUEST",
    });
    const member = await world.member(ws, "member", "Not A Maker");
    expect(await report(plans!, {}, member.c)).toMatchObject({ code: "NOT_FOUND" });
    // A builder run in progress (a plan waiting for its answer): one at a time.
    const busy = await p.c.runs.create.mutate({ ...target, prompt: "Add a due date to tickets" });
    const wb = watchRun(p.c, { workspaceId: ws, runId: busy.id });
    await wb.untilStatus("awaiting_approval");
    wb.close();
    const [fresh] = (await runAgent(p.c, target)).calls("list_tickets");
    expect(
      await failure(
        p.c.agentRuns.reportToBuilder.mutate({
          workspaceId: ws,
          runId: (await p.c.agentRuns.list.query(target))[0]!.id,
          toolCallId: fresh!,
        }),
      ),
    ).toMatchObject({ code: "CONFLICT", message: expect.stringContaining("is busy") });
    // Both refusals are audited (the second run's own report, then this one), beside the two
    // reports that went through.
    const rows = await auditRows(ws, "agent.tool_failure_reported");
    expect(rows.filter((r) => r.outcome === "denied").map((r) => r.metadata.reason)).toEqual([
      "builder_busy",
      "builder_busy",
    ]);
    expect(rows.filter((r) => r.outcome === "success")).toHaveLength(2);
    expect((await p.c.runs.list.query(target)).length).toBe(calls.length + 1);
  });
});
