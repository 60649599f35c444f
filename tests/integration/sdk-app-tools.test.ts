import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import postgres from "postgres";
import { createDatabase, type Database } from "../../db/client";
import { withTenant } from "../../db/tenant";
import { syncIntegrationGrants } from "../../src/integrations/sync";
import { agentsFileSchema } from "../../src/sdk/agents";
import { integrationSetupSchema } from "../../src/sdk/integration-setup";
import type { PlatformMessage } from "../../src/sdk/protocol";
import { AppBridge, type BridgeClient, type Pin } from "../../web/src/bridge/relay";
import { type FakeApi, fakeApi } from "../fixtures/fake-api";
import { LOOKUP_TOOL, storeAgentBuild, TICKETS_COLLECTIONS } from "../support/agent-apps";
import { newApp } from "../support/apps";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { addMembership } from "../support/factories";
import { publishForTest } from "../support/published";
import { type Client, client, person, startServer, type TestServer } from "../support/server";

// An app's backend function called the way a generated app calls it: a message from the iframe
// to the bridge (name and input only), relayed with the viewer's session and the frame's pinned
// app and scope to appTools.run, run by the guarded executor against a fake API on loopback.
const PORT = 4431;
const DOMAIN = "crm.example.com";
const TOKEN = `sdk-tool-${crypto.randomUUID()}`;

let db: TestDatabase;
let server: TestServer;
let api: FakeApi;
let runtime: Database;
let answer: () => Response = () => Response.json({ plan: "enterprise (live)" });

beforeAll(async () => {
  db = await createTestDatabase();
  server = startServer(db, { testLoopbackApis: [{ host: DOMAIN, port: PORT }] });
  api = fakeApi(() => answer(), { port: PORT });
  runtime = createDatabase(db.appUrl, { max: 1 });
});
afterAll(async () => {
  await server?.close();
  await api?.stop();
  await runtime?.close();
  await db?.drop();
});

const liveTool = {
  ...LOOKUP_TOOL,
  endpoint: `https://${DOMAIN}:${PORT}/customers`,
  headers: { Authorization: "Bearer {{secrets.CRM_TOKEN}}" },
};
const AGENTS = { version: 1, appTools: [liveTool] };
const SETUP = {
  version: 1,
  services: [{ name: "Acme CRM", domain: DOMAIN, auth: "static", secrets: ["CRM_TOKEN"] }],
};

/** An app whose current build declares the tool and its service, approved live. */
async function toolApp(name: string) {
  const p = await person(server.url, name, `${name} Co`);
  const { app } = await newApp(p.c, p.workspaceId);
  const target = { workspaceId: p.workspaceId, appId: app.id };
  await storeAgentBuild(runtime, target, {
    "collections.json": TICKETS_COLLECTIONS,
    "agents.json": AGENTS,
    "integration-setup.json": SETUP,
  });
  // What saving that build does (the build path itself is covered in integrations.test.ts).
  await withTenant(runtime.db, { workspaceId: p.workspaceId }, (tx) =>
    syncIntegrationGrants(tx, {
      ...target,
      setup: integrationSetupSchema.parse(SETUP),
      agents: agentsFileSchema.parse(AGENTS),
      auditAs: null,
    }),
  );
  await p.c.agents.approve.mutate(target);
  const [grant] = (await p.c.integrations.app.query(target)).grants;
  return { ...p, appId: app.id, grantId: grant!.id };
}

/** The bridge as the preview's parent runs it, with a real session's tRPC client. */
function bridgeFor(c: Client, pin: Pin) {
  const frame = {};
  const posted: PlatformMessage[] = [];
  const bridge = new AppBridge({
    pin,
    client: c as unknown as BridgeClient,
    watch: () => () => {},
    watchRuns: () => () => {},
    frame: () => frame as MessageEventSource,
    post: (m) => posted.push(m),
    theme: () => "light",
  });
  let n = 0;
  /** Sends one request from the app and returns the bridge's answer to it. */
  return async (op: string, params: unknown) => {
    const id = `r${++n}`;
    await bridge.onMessage({
      source: frame as MessageEventSource,
      data: { source: "second-app", id, op, params },
    });
    const found = posted.find((m) => m.kind === "response" && m.id === id);
    if (!found) throw new Error(`no answer to ${op}`);
    return found;
  };
}

async function toolAudit(workspaceId: string) {
  const sql = postgres(db.ownerUrl, { max: 1, onnotice: () => {} });
  try {
    return await sql<{ action: string; actor_id: string; metadata: Record<string, unknown> }[]>`
      select action, actor_id, metadata from audit_events
      where workspace_id = ${workspaceId} and action like 'integration.tool.%'
      order by occurred_at, id`;
  } finally {
    await sql.end();
  }
}

describe("useAppTool / callAppTool through the bridge", () => {
  test("mock data until the secret is set, then the live answer; the app sent only name and input, the secret reached only the API", async () => {
    const p = await toolApp("Sdk Tools");
    const ask = bridgeFor(p.c, { workspaceId: p.workspaceId, appId: p.appId, scope: "draft" });

    const before = api.requests.length;
    const mocked = await ask("tool.call", { name: "lookup_customer", input: { name: "Ada" } });
    expect(mocked).toMatchObject({
      ok: true,
      result: { kind: "mocked", reason: "secrets_missing", message: expect.any(String) },
    });
    expect(api.requests.length).toBe(before);

    await p.c.integrations.setSecret.mutate({
      workspaceId: p.workspaceId,
      grantId: p.grantId,
      name: "CRM_TOKEN",
      value: TOKEN,
    });
    const live = await ask("tool.call", { name: "lookup_customer", input: { name: "Ada" } });
    expect(live).toEqual({
      source: "second-platform",
      kind: "response",
      id: expect.any(String),
      ok: true,
      result: { kind: "executed", status: 200, data: { plan: "enterprise (live)" } },
    });
    const sent = api.requests.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ method: "GET", path: "/customers?name=Ada" });
    expect(sent[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(JSON.stringify([mocked, live])).not.toContain(TOKEN);

    // Audited as the person using the app, from the app, in the frame's scope.
    const rows = await toolAudit(p.workspaceId);
    expect(rows.map((r) => r.action)).toEqual([
      "integration.tool.mocked",
      "integration.tool.executed",
    ]);
    expect(rows[1]).toMatchObject({
      actor_id: p.userId,
      metadata: { source: "app", scope: "draft", tool: "lookup_customer", httpStatus: 200 },
    });
    expect(JSON.stringify(rows)).not.toContain(TOKEN);
  });

  test("a failing service reaches the app classified, with a hint; a missing input is the tool's typed failure", async () => {
    const p = await toolApp("Sdk Failing");
    await p.c.integrations.setSecret.mutate({
      workspaceId: p.workspaceId,
      grantId: p.grantId,
      name: "CRM_TOKEN",
      value: TOKEN,
    });
    const ask = bridgeFor(p.c, { workspaceId: p.workspaceId, appId: p.appId, scope: "draft" });
    answer = () => Response.json({ error: "bad token" }, { status: 401 });
    try {
      expect(await ask("tool.call", { name: "lookup_customer", input: { name: "Ada" } })).toEqual(
        expect.objectContaining({
          ok: true,
          result: {
            kind: "failed",
            code: "auth",
            status: 401,
            message: expect.any(String),
            hint: expect.stringMatching(/\S/),
          },
        }),
      );
    } finally {
      answer = () => Response.json({ plan: "enterprise (live)" });
    }
    expect(await ask("tool.call", { name: "lookup_customer" })).toMatchObject({
      ok: true,
      result: { kind: "failed", code: "input_missing", message: expect.stringContaining("name") },
    });
  });

  test("the app names a tool and its input, never a spec, an app or a scope; the input is limited to 16 KB", async () => {
    const p = await toolApp("Sdk Limits");
    const ask = bridgeFor(p.c, { workspaceId: p.workspaceId, appId: p.appId, scope: "draft" });
    const other = "00000000-0000-4000-8000-000000000000";
    for (const extra of [
      { endpoint: "https://evil.test/" },
      { appId: other },
      { scope: "published" },
      { workspaceId: other },
    ])
      expect(await ask("tool.call", { name: "lookup_customer", ...extra })).toMatchObject({
        ok: false,
        error: { code: "VALIDATION" },
      });
    expect(await ask("tool.call", { name: "Lookup Customer" })).toMatchObject({
      ok: false,
      error: { code: "VALIDATION", message: expect.stringContaining("Tool names") },
    });

    // {"name":"…"} is 11 bytes of JSON around the string: exactly 16 KB passes the bridge and
    // the server; one byte more is refused by the bridge, and by the server on its own.
    const limit = 16 * 1024;
    expect(
      await ask("tool.call", { name: "lookup_customer", input: { name: "x".repeat(limit - 11) } }),
    ).toMatchObject({ ok: true, result: { kind: "mocked" } });
    expect(
      await ask("tool.call", { name: "lookup_customer", input: { name: "x".repeat(limit - 10) } }),
    ).toMatchObject({
      ok: false,
      error: {
        code: "VALIDATION",
        message: "params.input: Tool input is 17 KB; the limit is 16 KB.",
      },
    });
    const direct = await p.c.appTools.run
      .mutate({
        workspaceId: p.workspaceId,
        appId: p.appId,
        scope: "draft",
        name: "lookup_customer",
        input: { name: "x".repeat(limit - 10) },
      })
      .then(
        () => null,
        (err: { data?: { reason?: string }; message: string }) => err,
      );
    expect(direct?.data?.reason).toBe("LIMIT_EXCEEDED");
    expect(direct?.message).toContain("16 KB");

    // An unknown tool is a typed NOT_FOUND naming it; audited as a refusal.
    expect(await ask("tool.call", { name: "delete_everything" })).toMatchObject({
      ok: false,
      error: {
        code: "NOT_FOUND",
        message: expect.stringContaining("no approved tool named “delete_everything”"),
      },
    });
    const refused = (await toolAudit(p.workspaceId)).filter(
      (r) => r.action === "integration.tool.denied",
    );
    expect(refused).toMatchObject([
      { metadata: { tool: "delete_everything", code: "unknown_tool", scope: "draft" } },
    ]);
  });

  test("the scope follows the frame: the published app runs its version's tools for its viewers; the draft is its makers' only", async () => {
    const p = await toolApp("Sdk Scope");
    const viewer = client(server.url);
    const user = await viewer.auth.onboard.mutate({ displayName: "Published viewer" });
    await addMembership(db, p.workspaceId, user.id, "member");
    const team = await p.c.teams.create.mutate({ workspaceId: p.workspaceId, name: "Readers" });
    await p.c.teams.addMember.mutate({
      workspaceId: p.workspaceId,
      teamId: team.id,
      userId: user.id,
    });

    const pin = { workspaceId: p.workspaceId, appId: p.appId };
    const published = bridgeFor(viewer, { ...pin, scope: "published" });
    // Not published yet: the viewer sees no app at all; the maker is told why.
    expect(await published("tool.call", { name: "lookup_customer" })).toMatchObject({
      ok: false,
      error: { code: "NOT_FOUND" },
    });
    expect(
      await bridgeFor(p.c, { ...pin, scope: "published" })("tool.call", {
        name: "lookup_customer",
        input: { name: "Ada" },
      }),
    ).toMatchObject({
      ok: false,
      error: { code: "PRECONDITION_FAILED", message: expect.stringContaining("no published") },
    });

    await publishForTest(db, pin, [team.id]);
    expect(
      await published("tool.call", { name: "lookup_customer", input: { name: "Ada" } }),
    ).toMatchObject({ ok: true, result: { kind: "mocked", reason: "secrets_missing" } });
    // The draft stays its makers' own.
    expect(
      await bridgeFor(viewer, { ...pin, scope: "draft" })("tool.call", {
        name: "lookup_customer",
        input: { name: "Ada" },
      }),
    ).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });

    // The draft moves on (its approval goes stale): the published version's approval still holds.
    await storeAgentBuild(runtime, pin, {
      "collections.json": TICKETS_COLLECTIONS,
      "agents.json": { version: 1, appTools: [{ ...liveTool, description: "Changed." }] },
      "integration-setup.json": SETUP,
    });
    expect(
      await bridgeFor(p.c, { ...pin, scope: "draft" })("tool.call", {
        name: "lookup_customer",
        input: { name: "Ada" },
      }),
    ).toMatchObject({ ok: false, error: { code: "PRECONDITION_FAILED" } });
    expect(
      await published("tool.call", { name: "lookup_customer", input: { name: "Ada" } }),
    ).toMatchObject({ ok: true, result: { kind: "mocked" } });
    const rows = await toolAudit(p.workspaceId);
    expect(rows.filter((r) => r.actor_id === user.id).map((r) => r.metadata.scope)).toEqual([
      "published",
      "published",
    ]);

    // Someone from another workspace, pinned to this app: not found, nothing audited there.
    const stranger = await person(server.url, "Sdk Stranger", "Elsewhere");
    const before = (await toolAudit(p.workspaceId)).length;
    for (const scope of ["draft", "published"] as const)
      expect(
        await bridgeFor(stranger.c, { ...pin, scope })("tool.call", { name: "lookup_customer" }),
      ).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect((await toolAudit(p.workspaceId)).length).toBe(before);
  });
});
