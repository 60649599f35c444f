import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { writeFile } from "node:fs/promises";
import postgres from "postgres";
import { createDatabase, type Database } from "../../db/client";
import { withTenant } from "../../db/tenant";
import { type MasterKeys, masterKey } from "../../src/config";
import { createApp } from "../../src/http/app";
import { DecryptError } from "../../src/integrations/crypto";
import type { ToolCall } from "../../src/integrations/executor";
import { resolveToolCredentials } from "../../src/integrations/grants";
import { rotateMasterKey } from "../../src/integrations/rotate";
import { syncIntegrationGrants } from "../../src/integrations/sync";
import { integrationSetupSchema } from "../../src/sdk/integration-setup";
import { newApp } from "../support/apps";
import { setupBuilds } from "../support/builds";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { addMembership } from "../support/factories";
import { client, failure, person, testConfig } from "../support/server";

// One test type-checks and bundles a real app.
setDefaultTimeout(60_000);

const key = (fill: number) => masterKey(Buffer.alloc(32, fill).toString("base64"));
const KEYS: MasterKeys = { current: key(7), previous: [] };
// A secret value that must never come back out: not in a response, a log line or an audit row.
const CANARY = `canary-${crypto.randomUUID()}`;
const lines: string[] = [];
const responses: string[] = [];

let db: TestDatabase;
let app: ReturnType<typeof createApp>;
let server: ReturnType<typeof Bun.serve>;
let url: string;
let runtime: Database;
const builds = setupBuilds(() => db);

beforeAll(async () => {
  db = await createTestDatabase();
  app = createApp(testConfig(db, { logLevel: "debug", masterKeys: KEYS }), {
    logSink: (line) => lines.push(line),
  });
  // Every response body is kept, so the canary test can look through all of them.
  server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch: async (req) => {
      const res = await app.fetch(req);
      const body = await res.text();
      responses.push(body);
      return new Response(body, res);
    },
  });
  url = `http://127.0.0.1:${server.port}`;
  runtime = createDatabase(db.appUrl, { max: 2 });
});
afterAll(async () => {
  await server?.stop(true);
  await app?.close();
  await runtime?.close();
  await db?.drop();
});

async function asOwner<T>(fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(db.ownerUrl, { max: 1, onnotice: () => {} });
  try {
    return await fn(sql);
  } finally {
    await sql.end();
  }
}

async function member(workspaceId: string, role: "member" | "admin", name: string) {
  const c = client(url);
  const user = await c.auth.onboard.mutate({ displayName: name });
  await addMembership(db, workspaceId, user.id, role);
  return c;
}

const SERVICES = [
  {
    name: "HubSpot",
    domain: "api.hubapi.com",
    auth: "static",
    permissionGroups: ["crm.objects.companies.read"],
    secrets: ["HUBSPOT_TOKEN"],
    setupSteps: [
      { text: "Create a private app in HubSpot.", link: "https://app.hubspot.com/private-apps" },
      { text: "Copy its access token here." },
    ],
  },
  { name: "Open-Meteo", domain: "api.open-meteo.com", auth: "none" },
];
const setupFile = (services: unknown[]) => integrationSetupSchema.parse({ version: 1, services });

const sync = (workspaceId: string, appId: string, services: unknown[] | null) =>
  withTenant(runtime.db, { workspaceId }, (tx) =>
    syncIntegrationGrants(tx, {
      workspaceId,
      appId,
      setup: services ? setupFile(services) : null,
      agents: null,
      auditAs: null,
    }),
  );

const resolve = (keys: MasterKeys, workspaceId: string, appId: string, domain = "api.hubapi.com") =>
  withTenant(runtime.db, { workspaceId }, (tx) =>
    resolveToolCredentials(tx, keys, { workspaceId, appId, domain, keySlug: "default" }),
  );

/** A workspace with an app whose grants come from SERVICES. */
async function withGrants(name: string) {
  const p = await person(url, name, `${name}'s team`);
  const { app: a } = await newApp(p.c, p.workspaceId);
  await sync(p.workspaceId, a.id, SERVICES);
  const view = await p.c.integrations.app.query({ workspaceId: p.workspaceId, appId: a.id });
  const hubspot = view.grants.find((g) => g.service === "HubSpot")!;
  return { ...p, app: a, hubspot };
}

const APP = `export default function App() {
  return <main><h1>Companies</h1></main>;
}
`;
const AGENTS = JSON.stringify({
  version: 1,
  agents: [
    {
      id: "enricher",
      name: "Company enricher",
      description: "Looks each new company up in HubSpot.",
      systemPrompt: "Look the company up and write its industry.",
      tools: [
        {
          type: "custom",
          name: "lookup_company",
          description: "Finds a company in HubSpot by domain.",
          method: "GET",
          endpoint: "https://api.hubapi.com/crm/v3/objects/companies/{{input.domain}}",
          headers: { Authorization: "Bearer {{secrets.HUBSPOT_TOKEN}}" },
          integration: { domain: "api.hubapi.com" },
          inputSchema: { type: "object", properties: { domain: { type: "string" } } },
          mockData: [{ name: "Acme" }, { name: "Globex" }, { name: "Initech" }],
        },
      ],
    },
  ],
});

describe("integration grants from integration-setup.json", () => {
  test("a saved build creates this app's grants; done_building refuses a malformed file", async () => {
    const { c, workspaceId, userId } = await person(url, "Builder", "Grants by build");
    const { app: a } = await newApp(c, workspaceId);
    const w = await builds.worker({ workspaceId, appId: a.id, userId });
    await writeFile(w.file("src/App.tsx"), APP);
    await writeFile(w.file("agents.json"), AGENTS);

    // A tool whose service is not declared, then a malformed file: refused before building.
    await writeFile(
      w.file("integration-setup.json"),
      JSON.stringify({ version: 1, services: [SERVICES[1]] }),
    );
    let out = await w.build("Missing service");
    expect(out.status).toBe("failed");
    expect(out.problems[0]).toMatchObject({ file: "integration-setup.json" });
    expect(out.problems[0]!.message).toContain(
      'agents.0.tools.0.integration: api.hubapi.com (key "default") is not a service in integration-setup.json',
    );
    await writeFile(
      w.file("integration-setup.json"),
      JSON.stringify({ version: 1, services: [{ ...SERVICES[0], auth: "basic" }] }),
    );
    out = await w.build("Bad auth");
    expect(out.status).toBe("failed");
    expect(out.problems[0]!.message).toContain("services.0.auth: auth is one of");

    await writeFile(
      w.file("integration-setup.json"),
      JSON.stringify({ version: 1, services: SERVICES }),
    );
    out = await w.build("With integrations");
    expect(out.status).toBe("succeeded");
    const view = await c.integrations.app.query({ workspaceId, appId: a.id });
    expect(view.grants.map((g) => [g.service, g.domain, g.authKind, g.access, g.status])).toEqual([
      ["HubSpot", "api.hubapi.com", "static", "read", "needs_setup"],
      ["Open-Meteo", "api.open-meteo.com", "none", "read", "mock"],
    ]);
    const hubspot = view.grants[0]!;
    expect(hubspot.secrets).toEqual([
      { name: "HUBSPOT_TOKEN", set: false, updatedAt: null, updatedByName: null },
    ]);
    expect(hubspot.setupSteps).toEqual(SERVICES[0]!.setupSteps as never);
    expect(hubspot.usedBy).toEqual([
      {
        kind: "agent",
        agentId: "enricher",
        agentName: "Company enricher",
        tool: "lookup_company",
        method: "GET",
      },
    ]);
    // What list_app_integration_keys tells the builder: names and states, never values.
    const keys = await w.services.integrationKeys!();
    expect(keys).toContain("This app has 2 integration grants");
    expect(await w.services.integrationKeys!("api.open-meteo.com")).toContain(
      "This app has 1 matching integration grant",
    );
    expect(await w.services.integrationKeys!("Jira")).toBe(
      'This app has no grant for "Jira"; its grants are: HubSpot (api.hubapi.com), Open-Meteo (api.open-meteo.com).',
    );
    expect(keys).toContain(
      '- HubSpot: api.hubapi.com, key "default", auth static, read access. Status: needs setup (its tools answer with mock data). Secrets: HUBSPOT_TOKEN (not set). Used by: enricher.lookup_company (GET).',
    );
    const audited = await asOwner(
      (sql) =>
        sql<{ action: string; actor_kind: string }[]>`select action, actor_kind from audit_events
          where workspace_id = ${workspaceId} and action like 'integration.%' order by seq`,
    );
    expect(audited.map((r) => r.action)).toEqual([
      "integration.grant.created",
      "integration.grant.created",
    ]);

    // Approved live by an admin and set up: configured. Grants are never shared between apps.
    await c.agents.approve.mutate({ workspaceId, appId: a.id });
    await c.integrations.setSecret.mutate({
      workspaceId,
      grantId: hubspot.id,
      name: "HUBSPOT_TOKEN",
      value: "pat-123",
    });
    const after = await c.integrations.app.query({ workspaceId, appId: a.id });
    expect(after.grants.map((g) => g.status)).toEqual(["configured", "configured"]);
    const { app: other } = await newApp(c, workspaceId);
    expect(await resolve(KEYS, workspaceId, other.id)).toBeNull();
    // Exactly what the executor is fed for this tool's {domain, keySlug}.
    const credentials: ToolCall["credentials"] = await resolve(KEYS, workspaceId, a.id);
    expect(credentials).toMatchObject({
      grant: { id: hubspot.id, authKind: "static" },
      status: "configured",
      secrets: { HUBSPOT_TOKEN: "pat-123" },
    });
    expect(await w.services.integrationKeys!()).toContain(
      "Status: configured (calls go to the service). Secrets: HUBSPOT_TOKEN (set).",
    );
    expect(await w.services.integrationKeys!()).not.toContain("pat-123");
  });

  test("sync updates changed grants (dropping secrets no longer named) and removes unlisted ones with their secrets", async () => {
    const { c, workspaceId, app: a, hubspot } = await withGrants("Syncer");
    const target = { workspaceId, grantId: hubspot.id };
    await c.integrations.setSecret.mutate({ ...target, name: "HUBSPOT_TOKEN", value: "one" });

    // Nothing changed: nothing written.
    expect(await sync(workspaceId, a.id, SERVICES)).toMatchObject({
      created: 0,
      updated: 0,
      removed: 0,
    });
    // A write scope and a second secret: updated in place, the kept secret kept.
    const changed = [
      {
        ...SERVICES[0],
        permissionGroups: ["crm.objects.companies.write"],
        secrets: ["HUBSPOT_TOKEN", "HUBSPOT_PORTAL"],
      },
      SERVICES[1],
    ];
    expect(await sync(workspaceId, a.id, changed)).toMatchObject({
      created: 0,
      updated: 1,
      removed: 0,
    });
    let view = await c.integrations.app.query({ workspaceId, appId: a.id });
    expect(view.grants[0]).toMatchObject({
      id: hubspot.id,
      access: "write",
      status: "needs_setup",
    });
    expect(view.grants[0]!.secrets.map((s) => [s.name, s.set])).toEqual([
      ["HUBSPOT_TOKEN", true],
      ["HUBSPOT_PORTAL", false],
    ]);
    // A renamed secret: the old one's value is deleted, not kept around.
    const renamed = [{ ...SERVICES[0], secrets: ["HUBSPOT_KEY"] }, SERVICES[1]];
    await sync(workspaceId, a.id, renamed);
    const count = () =>
      asOwner(
        async (sql) =>
          (
            await sql<{ n: number }[]>`select count(*)::int as n from integration_secrets
              where workspace_id = ${workspaceId}`
          )[0]!.n,
      );
    expect(await count()).toBe(0);
    await c.integrations.setSecret.mutate({ ...target, name: "HUBSPOT_KEY", value: "two" });
    expect(await count()).toBe(1);

    // Removed from the file: the grant goes, and its secrets with it.
    expect(await sync(workspaceId, a.id, [SERVICES[1]])).toMatchObject({
      created: 0,
      updated: 0,
      removed: 1,
    });
    view = await c.integrations.app.query({ workspaceId, appId: a.id });
    expect(view.grants.map((g) => g.service)).toEqual(["Open-Meteo"]);
    expect(await count()).toBe(0);
    expect(
      await failure(
        c.integrations.setSecret.mutate({ ...target, name: "HUBSPOT_KEY", value: "x" }),
      ),
    ).toMatchObject({ code: "NOT_FOUND" });
    // No file at all: no grants.
    expect(await sync(workspaceId, a.id, null)).toMatchObject({
      created: 0,
      updated: 0,
      removed: 1,
    });
  });
});

describe("integrations procedures", () => {
  test("app and list: admins and members view; a bad app id is refused; another workspace's app is 404", async () => {
    const { c, workspaceId, app: a } = await withGrants("Viewer");
    const m = await member(workspaceId, "member", "Mia Member");
    // A member who does not make the app sees neither it nor its integrations.
    expect(await failure(m.integrations.app.query({ workspaceId, appId: a.id }))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await m.integrations.list.query({ workspaceId })).toEqual([]);
    const collaborator = await m.auth.session.query();
    await c.apps.addCollaborator.mutate({
      workspaceId,
      appId: a.id,
      userId: collaborator.user!.id,
    });
    const mine = await m.integrations.app.query({ workspaceId, appId: a.id });
    expect((await m.integrations.list.query({ workspaceId })).map((x) => x.appId)).toEqual([a.id]);
    expect(mine.grants.map((g) => g.service)).toEqual(["HubSpot", "Open-Meteo"]);
    const all = await c.integrations.list.query({ workspaceId });
    expect(all.map((x) => [x.appId, x.grants.length])).toEqual([[a.id, 2]]);

    expect(await failure(c.integrations.app.query({ workspaceId, appId: "nope" }))).toMatchObject({
      code: "BAD_REQUEST",
    });
    expect(
      await failure(c.integrations.app.query({ workspaceId, appId: crypto.randomUUID() })),
    ).toMatchObject({ code: "NOT_FOUND" });

    const stranger = await person(url, "Stranger", "Elsewhere");
    expect(
      await failure(stranger.c.integrations.app.query({ workspaceId, appId: a.id })),
    ).toMatchObject({ code: "NOT_FOUND" });
    expect(
      await failure(
        stranger.c.integrations.app.query({ workspaceId: stranger.workspaceId, appId: a.id }),
      ),
    ).toMatchObject({ code: "NOT_FOUND" });
    expect(await stranger.c.integrations.list.query({ workspaceId: stranger.workspaceId })).toEqual(
      [],
    );
    expect(await failure(stranger.c.integrations.list.query({ workspaceId }))).toMatchObject({
      code: "NOT_FOUND",
    });
  });

  test("setSecret / clearSecret: admins only, names the grant declares, audited by name; 404 across workspaces", async () => {
    const { c, workspaceId, app: a, hubspot } = await withGrants("Setter");
    const target = { workspaceId, grantId: hubspot.id, name: "HUBSPOT_TOKEN" };
    const set = await c.integrations.setSecret.mutate({ ...target, value: "  pat-1  " });
    expect(Object.keys(set).sort()).toEqual(["name", "set", "updatedAt"]);
    expect(set).toMatchObject({ name: "HUBSPOT_TOKEN", set: true });
    expect(await resolve(KEYS, workspaceId, a.id)).toMatchObject({
      status: "configured",
      secrets: { HUBSPOT_TOKEN: "pat-1" },
    });
    const view = await c.integrations.app.query({ workspaceId, appId: a.id });
    expect(view.grants[0]!.secrets[0]).toMatchObject({ set: true, updatedByName: "Setter" });
    // Configured, but no live approval of the app's agents: tools still answer with mock data.
    expect(view.grants[0]!.status).toBe("mock");

    const admin = await member(workspaceId, "admin", "Ann Admin");
    await admin.integrations.setSecret.mutate({ ...target, value: "pat-2" });
    expect((await resolve(KEYS, workspaceId, a.id))?.secrets).toEqual({ HUBSPOT_TOKEN: "pat-2" });

    // Errors change nothing.
    const refused: [() => Promise<unknown>, string][] = [
      [
        () => c.integrations.setSecret.mutate({ ...target, name: "OTHER", value: "x" }),
        "BAD_REQUEST",
      ],
      [
        () => c.integrations.setSecret.mutate({ ...target, name: "lower", value: "x" }),
        "BAD_REQUEST",
      ],
      [() => c.integrations.setSecret.mutate({ ...target, value: "   " }), "BAD_REQUEST"],
      [
        () => c.integrations.setSecret.mutate({ ...target, value: "x".repeat(8193) }),
        "BAD_REQUEST",
      ],
      [
        () =>
          c.integrations.setSecret.mutate({ ...target, grantId: crypto.randomUUID(), value: "x" }),
        "NOT_FOUND",
      ],
    ];
    const m = await member(workspaceId, "member", "Max Member");
    refused.push([() => m.integrations.setSecret.mutate({ ...target, value: "x" }), "FORBIDDEN"]);
    refused.push([() => m.integrations.clearSecret.mutate(target), "FORBIDDEN"]);
    const stranger = await person(url, "Thief", "Other team");
    const theirs = { ...target, workspaceId: stranger.workspaceId };
    refused.push([
      () => stranger.c.integrations.setSecret.mutate({ ...theirs, value: "x" }),
      "NOT_FOUND",
    ]);
    refused.push([() => stranger.c.integrations.clearSecret.mutate(theirs), "NOT_FOUND"]);
    refused.push([() => stranger.c.integrations.clearSecret.mutate(target), "NOT_FOUND"]);
    for (const [call, code] of refused) expect((await failure(call())).code).toBe(code);
    expect((await resolve(KEYS, workspaceId, a.id))?.secrets).toEqual({ HUBSPOT_TOKEN: "pat-2" });
    const denied = await failure(m.integrations.setSecret.mutate({ ...target, value: "x" }));
    expect(denied.message).toBe("Only workspace owners and admins can change integration secrets.");

    expect(await c.integrations.clearSecret.mutate(target)).toEqual({
      name: "HUBSPOT_TOKEN",
      set: false,
      updatedAt: null,
    });
    expect(await resolve(KEYS, workspaceId, a.id)).toMatchObject({
      status: "needs_setup",
      secrets: null,
    });
    const audited = await asOwner(
      (sql) =>
        sql<{ action: string; actor_name: string; metadata: Record<string, unknown> }[]>`
          select action, actor_name, metadata from audit_events
          where workspace_id = ${workspaceId} and action like 'integration.secret.%' order by seq`,
    );
    expect(audited.map((r) => [r.action, r.actor_name, r.metadata.name])).toEqual([
      ["integration.secret.set", "Setter", "HUBSPOT_TOKEN"],
      ["integration.secret.set", "Ann Admin", "HUBSPOT_TOKEN"],
      ["integration.secret.cleared", "Setter", "HUBSPOT_TOKEN"],
    ]);
  });
});

describe("secrets at rest in the database", () => {
  test("a ciphertext copied to another grant or workspace fails to decrypt", async () => {
    const one = await withGrants("Tamper one");
    const two = await withGrants("Tamper two");
    for (const p of [one, two])
      await p.c.integrations.setSecret.mutate({
        workspaceId: p.workspaceId,
        grantId: p.hubspot.id,
        name: "HUBSPOT_TOKEN",
        value: `value-of-${p.workspaceId}`,
      });
    const stored = await asOwner(
      (sql) =>
        sql<{ workspace_id: string; ciphertext: string }[]>`
          select workspace_id, ciphertext from integration_secrets
          where workspace_id in (${one.workspaceId}, ${two.workspaceId})`,
    );
    expect(stored.every((r) => !r.ciphertext.includes("value-of"))).toBe(true);
    const ofOne = stored.find((r) => r.workspace_id === one.workspaceId)!.ciphertext;

    // Into the other workspace's grant (its own data key and address): refused.
    await asOwner(
      (sql) => sql`update integration_secrets set ciphertext = ${ofOne}
        where workspace_id = ${two.workspaceId}`,
    );
    await expect(resolve(KEYS, two.workspaceId, two.app.id)).rejects.toThrow(DecryptError);

    // Into another grant of the same workspace (same data key, another address): refused.
    const { app: second } = await newApp(one.c, one.workspaceId);
    await sync(one.workspaceId, second.id, SERVICES);
    const secondGrant = (
      await one.c.integrations.app.query({ workspaceId: one.workspaceId, appId: second.id })
    ).grants[0]!;
    await asOwner(
      (sql) => sql`insert into integration_secrets (workspace_id, grant_id, name, ciphertext)
        values (${one.workspaceId}, ${secondGrant.id}, 'HUBSPOT_TOKEN', ${ofOne})`,
    );
    await expect(resolve(KEYS, one.workspaceId, second.id)).rejects.toThrow(DecryptError);
    // The original still decrypts where it was written.
    expect((await resolve(KEYS, one.workspaceId, one.app.id))?.secrets).toEqual({
      HUBSPOT_TOKEN: `value-of-${one.workspaceId}`,
    });
  });

  test("rotating the master key re-wraps every data key; old secrets decrypt under the new key only", async () => {
    const p = await withGrants("Rotator");
    await p.c.integrations.setSecret.mutate({
      workspaceId: p.workspaceId,
      grantId: p.hubspot.id,
      name: "HUBSPOT_TOKEN",
      value: "before-rotation",
    });
    const next: MasterKeys = { current: key(8), previous: [KEYS.current] };
    // Keys that wrapped nothing here: refused, nothing changed.
    await asOwner(async (sql) => {
      await expect(rotateMasterKey(sql, { current: key(9), previous: [] })).rejects.toThrow(
        /neither SECOND_MASTER_KEY nor in SECOND_MASTER_KEY_PREVIOUS/,
      );
    });
    expect((await resolve(KEYS, p.workspaceId, p.app.id))?.secrets).toEqual({
      HUBSPOT_TOKEN: "before-rotation",
    });

    const result = await asOwner((sql) => rotateMasterKey(sql, next));
    expect(result.rewrapped).toBeGreaterThanOrEqual(1);
    const onlyNew: MasterKeys = { current: key(8), previous: [] };
    expect((await resolve(onlyNew, p.workspaceId, p.app.id))?.secrets).toEqual({
      HUBSPOT_TOKEN: "before-rotation",
    });
    await expect(resolve(KEYS, p.workspaceId, p.app.id)).rejects.toThrow(DecryptError);
    expect(await asOwner((sql) => rotateMasterKey(sql, next))).toEqual({
      rewrapped: 0,
      alreadyCurrent: result.rewrapped,
    });
    // The runtime role cannot rotate: it would see only one workspace.
    await expect(rotateMasterKey(runtime.sql, next)).rejects.toThrow(/superuser or BYPASSRLS/);
    // Put the test's key back for the other tests.
    await asOwner((sql) => rotateMasterKey(sql, { current: KEYS.current, previous: [key(8)] }));
  });

  test("a canary secret never appears in a tRPC response, a log line or an audit row", async () => {
    const { c, workspaceId, app: a, hubspot } = await withGrants("Canary");
    const target = { workspaceId, grantId: hubspot.id, name: "HUBSPOT_TOKEN" };
    await c.integrations.setSecret.mutate({ ...target, value: CANARY });
    await c.integrations.setSecret.mutate({ ...target, value: `${CANARY}-2` });
    await c.integrations.app.query({ workspaceId, appId: a.id });
    await c.integrations.list.query({ workspaceId });
    await c.audit.list.query({ workspaceId });
    // Refusals of a canary value (wrong name, too long, by a member) must not echo it either.
    await failure(c.integrations.setSecret.mutate({ ...target, name: "NOPE", value: CANARY }));
    await failure(
      c.integrations.setSecret.mutate({ ...target, value: `${CANARY}${"x".repeat(9000)}` }),
    );
    const m = await member(workspaceId, "member", "Curious Member");
    const curious = (await m.auth.session.query()).user!;
    await c.apps.addCollaborator.mutate({ workspaceId, appId: a.id, userId: curious.id });
    await failure(m.integrations.setSecret.mutate({ ...target, value: CANARY }));
    await m.integrations.app.query({ workspaceId, appId: a.id });
    await c.integrations.clearSecret.mutate(target);

    expect((await resolve(KEYS, workspaceId, a.id))?.status).toBe("needs_setup");
    expect(responses.length).toBeGreaterThan(10);
    for (const body of responses) expect(body).not.toContain(CANARY);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).not.toContain(CANARY);
    const rows = await asOwner(
      (sql) =>
        sql<
          { row: string }[]
        >`select e::text as row from audit_events e where workspace_id = ${workspaceId}`,
    );
    expect(rows.some((r) => r.row.includes("integration.secret.set"))).toBe(true);
    for (const r of rows) expect(r.row).not.toContain(CANARY);
  });
});
