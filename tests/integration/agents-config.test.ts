import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { readFile, writeFile } from "node:fs/promises";
import postgres from "postgres";
import { allBuilderTools } from "../../worker/tools/builder-specs";
import { runTool } from "../../worker/tools/registry";
import { addCollaborator, newApp } from "../support/apps";
import { setupBuilds } from "../support/builds";
import { failure } from "../support/server";
import { setupWorld } from "../support/world";

// Each test type-checks and bundles a real app: seconds apiece, more on a busy machine.
setDefaultTimeout(60_000);

const world = setupWorld();
const builds = setupBuilds(() => world.db);

const APP = `export default function App() {
  return <main><h1>Tickets</h1></main>;
}
`;
const COLLECTIONS = JSON.stringify({
  version: 1,
  collections: {
    tickets: { fields: { title: { type: "string" } }, access: { agents: "write" } },
    customers: { fields: { name: { type: "string" } } },
  },
});
const AGENTS = JSON.stringify({
  version: 1,
  agents: [
    {
      id: "triage",
      name: "Triage",
      description: "Sets the priority of new tickets.",
      systemPrompt: "Set the priority.",
      model: "claude-sonnet-4-6",
      tools: [
        {
          type: "custom",
          name: "lookup_customer",
          description: "Looks a customer up in the CRM.",
          method: "GET",
          endpoint: "https://api.crm.example.com/customers/{{input.email}}",
          headers: { Authorization: "Bearer {{secrets.CRM_TOKEN}}" },
          integration: { domain: "api.crm.example.com" },
          inputSchema: { type: "object", properties: { email: { type: "string" } } },
          mockData: [{ tier: "gold" }, { tier: "silver" }, { tier: "bronze" }],
        },
        { type: "builtin", name: "WebSearch", enabled: false },
      ],
      dataCollections: [
        { name: "tickets", access: "write" },
        { name: "customers", access: "read" },
      ],
      triggers: [
        { type: "manual" },
        { type: "document", collection: "tickets", on: "inserted" },
        { type: "schedule", cron: "0 9 * * 1-5" },
      ],
    },
  ],
});

async function auditRows(appId: string, action: string) {
  const sql = postgres(world.db.ownerUrl, { max: 1, onnotice: () => {} });
  try {
    return await sql<{ actor_id: string; metadata: Record<string, unknown> }[]>`
      select actor_id, metadata from audit_events
      where target_id = ${appId} and action = ${action} order by occurred_at`;
  } finally {
    await sql.end();
  }
}

async function appWithAgents(name: string) {
  const owner = await world.person(name, `${name}'s workspace`);
  const { app } = await newApp(owner.c, owner.workspaceId);
  const w = await builds.worker({
    workspaceId: owner.workspaceId,
    appId: app.id,
    userId: owner.userId,
  });
  await writeFile(w.file("src/App.tsx"), APP);
  await writeFile(w.file("collections.json"), COLLECTIONS);
  await writeFile(w.file("agents.json"), AGENTS);
  expect((await w.build("Agents")).status).toBe("succeeded");
  return { ...owner, app, w, target: { workspaceId: owner.workspaceId, appId: app.id } };
}

describe("present_agents", () => {
  test("refuses without a built agents.json or when the workspace's copy changed since the build; else shows the build's file", async () => {
    const { c, workspaceId, userId } = await world.person("Priya Present", "Presenting");
    const { app } = await newApp(c, workspaceId);
    const w = await builds.worker({ workspaceId, appId: app.id, userId });
    const present = () =>
      runTool("present_agents", { root: w.root, build: w.services }, {}, allBuilderTools);
    expect(await present()).toEqual({
      output: expect.stringContaining("has no agents.json. Write it, call done_building"),
      isError: true,
    });
    await writeFile(w.file("src/App.tsx"), APP);
    await writeFile(w.file("collections.json"), COLLECTIONS);
    await writeFile(w.file("agents.json"), AGENTS);
    expect((await present()).output).toContain("has no agents.json");
    expect((await w.build("Agents")).status).toBe("succeeded");
    const { declared } = await c.agents.config.query({ workspaceId, appId: app.id });
    expect(await w.services.reviewAgents!()).toEqual(declared!);
    expect(await present()).toEqual({
      output: "Presented 1 agent(s) for approval; waiting for the user's answer.",
      isError: false,
    });
    await writeFile(w.file("agents.json"), AGENTS.replace("Set the priority.", "Close spam."));
    expect(await present()).toEqual({
      output: expect.stringContaining(
        "agents.json changed since the last build. Call done_building",
      ),
      isError: true,
    });
  });
});

describe("agents.config, agents.setToolEnabled and agents.revoke", () => {
  test("config lists agents, tools with domains, collections with access and triggers; a tool switched off makes a new version and a stale approval, audited with both hashes; revoke withdraws it", async () => {
    const { c, userId, app, w, target } = await appWithAgents("Olga Owner");
    const config = await c.agents.config.query(target);
    expect(config).toMatchObject({
      canApproveLive: true,
      canEdit: true,
      approval: { state: "none" },
      declared: {
        agents: [
          {
            id: "triage",
            name: "Triage",
            model: "claude-sonnet-4-6",
            tools: [
              {
                type: "custom",
                name: "lookup_customer",
                method: "GET",
                domain: "api.crm.example.com",
                enabled: true,
              },
              { type: "builtin", name: "WebSearch", enabled: false },
            ],
            dataCollections: [
              { name: "tickets", access: "write" },
              { name: "customers", access: "read" },
            ],
            triggers: [
              { type: "manual" },
              { type: "document", collection: "tickets", on: "inserted" },
              { type: "schedule", cron: "0 9 * * 1-5" },
            ],
          },
        ],
        appTools: [],
      },
    });
    const first = config.declared!.hash;
    expect(config.approval.currentHash).toBe(first);
    // The card and the tab never show the system prompt or the mock data.
    expect(JSON.stringify(config)).not.toContain("Set the priority.");
    expect(JSON.stringify(config)).not.toContain("gold");
    await c.agents.approve.mutate({ ...target, hash: first });
    const before = await c.builds.status.query(target);

    const toggle = { ...target, agentId: "triage", toolName: "lookup_customer" };
    // A hash the file no longer has, an unknown agent or tool: refused, nothing changes.
    expect(
      await failure(
        c.agents.setToolEnabled.mutate({ ...toggle, enabled: false, hash: `v1:${"0".repeat(64)}` }),
      ),
    ).toMatchObject({ code: "CONFLICT" });
    expect(
      await failure(
        c.agents.setToolEnabled.mutate({ ...toggle, agentId: "nope", enabled: false, hash: first }),
      ),
    ).toMatchObject({ code: "NOT_FOUND" });
    expect(
      await failure(
        c.agents.setToolEnabled.mutate({
          ...toggle,
          toolName: "nope",
          enabled: false,
          hash: first,
        }),
      ),
    ).toMatchObject({ code: "NOT_FOUND" });
    expect((await c.builds.status.query(target)).current?.id).toBe(before.current!.id);
    expect((await c.agents.approval.query(target)).state).toBe("live");

    const off = await c.agents.setToolEnabled.mutate({ ...toggle, enabled: false, hash: first });
    expect(off.changed).toBe(true);
    expect(off.hash).not.toBe(first);
    const after = await c.agents.config.query(target);
    expect(after.declared?.hash).toBe(off.hash);
    expect(after.declared?.agents[0]?.tools[0]?.enabled).toBe(false);
    expect(after.approval).toMatchObject({ state: "stale", approval: { hash: first } });
    // A new current build, same bundle, whose saved source differs only in agents.json.
    const now = await c.builds.status.query(target);
    expect(now.current?.id).not.toBe(before.current!.id);
    expect(now.current?.summary).toContain("lookup_customer");
    const stored = await c.builds.file.query({ ...target, path: "agents.json" });
    expect(JSON.parse(stored.content!).agents[0].tools[0].enabled).toBe(false);
    expect((await c.builds.file.query({ ...target, path: "src/App.tsx" })).content).toBe(APP);
    // The builder's workspace takes the new version on its next run.
    const prepared = await w.prepare();
    expect(prepared.origin).toBe("snapshot");
    expect(
      JSON.parse(await readFile(w.file("agents.json"), "utf8")).agents[0].tools[0].enabled,
    ).toBe(false);
    expect((await auditRows(app.id, "app.agents_config.stale")).map((r) => r.metadata)).toEqual([
      { approvedHash: first, currentHash: off.hash },
    ]);
    expect(
      (await auditRows(app.id, "app.agents_config.tool_toggled")).map((r) => r.metadata),
    ).toEqual([
      expect.objectContaining({
        agentId: "triage",
        toolName: "lookup_customer",
        enabled: false,
        previousHash: first,
        hash: off.hash,
      }),
    ]);
    // Switching it to what it already is changes nothing.
    expect(
      await c.agents.setToolEnabled.mutate({ ...toggle, enabled: false, hash: off.hash }),
    ).toEqual({ hash: off.hash, changed: false });

    // Switched on again, the file has the approved hash, but once stale it is reviewed again.
    const on = await c.agents.setToolEnabled.mutate({ ...toggle, enabled: true, hash: off.hash });
    expect(on.hash).toBe(first);
    expect((await c.agents.approval.query(target)).state).toBe("stale");
    await c.agents.approve.mutate({ ...target, hash: on.hash });
    expect((await c.agents.approval.query(target)).state).toBe("live");

    // Revoking withdraws the approval; the runtime then has nothing to run on.
    expect(await c.agents.revoke.mutate(target)).toEqual({ revoked: true, hash: first });
    expect(await c.agents.approval.query(target)).toMatchObject({ state: "none", approval: null });
    expect(await failure(c.agents.revoke.mutate(target))).toMatchObject({
      code: "PRECONDITION_FAILED",
    });
    expect((await auditRows(app.id, "app.agents_config.revoked")).map((r) => r.actor_id)).toEqual([
      userId,
    ]);
  });

  test("members may not revoke or edit another's app; an edit that breaks the file is refused", async () => {
    const { c, workspaceId, target } = await appWithAgents("Rita Restrict");
    const { declared } = await c.agents.config.query(target);
    const hash = declared!.hash;
    await c.agents.approve.mutate({ ...target, hash });
    const member = await world.member(workspaceId, "member", "Mia Member");
    await addCollaborator(c, target, member.userId);
    const seen = await member.c.agents.config.query(target);
    expect(seen).toMatchObject({ canApproveLive: false, canEdit: false });
    expect(await failure(member.c.agents.revoke.mutate(target))).toMatchObject({
      code: "FORBIDDEN",
    });
    const toggle = { ...target, agentId: "triage", toolName: "lookup_customer", hash };
    expect(
      await failure(member.c.agents.setToolEnabled.mutate({ ...toggle, enabled: false })),
    ).toMatchObject({ code: "FORBIDDEN" });
    expect((await c.agents.approval.query(target)).state).toBe("live");
    // The open web beside the organisation's credentials is not allowed: the file stays as it was.
    expect(
      await failure(
        c.agents.setToolEnabled.mutate({ ...toggle, toolName: "WebSearch", enabled: true }),
      ),
    ).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("WebSearch") });
    expect((await c.agents.config.query(target)).declared?.hash).toBe(hash);
    const admin = await world.member(workspaceId, "admin", "Ada Admin");
    expect(await admin.c.agents.config.query(target)).toMatchObject({
      canApproveLive: true,
      canEdit: true,
    });
  });

  test("an app without agents.json has nothing declared; bad input and other workspaces are refused", async () => {
    const { c, workspaceId } = await world.person("Nadia None", "Nothing");
    const { app } = await newApp(c, workspaceId);
    const target = { workspaceId, appId: app.id };
    expect(await c.agents.config.query(target)).toMatchObject({
      declared: null,
      approval: { state: "none", currentHash: null },
    });
    const hash = `v1:${"a".repeat(64)}`;
    const toggle = { ...target, agentId: "a", toolName: "b", enabled: false, hash };
    expect(await failure(c.agents.setToolEnabled.mutate(toggle))).toMatchObject({
      code: "PRECONDITION_FAILED",
    });
    expect(await failure(c.agents.revoke.mutate(target))).toMatchObject({
      code: "PRECONDITION_FAILED",
    });
    expect(
      await failure(c.agents.setToolEnabled.mutate({ ...toggle, hash: "sha1:x" })),
    ).toMatchObject({ code: "BAD_REQUEST" });
    expect(await failure(c.agents.config.query({ workspaceId, appId: "nope" }))).toMatchObject({
      code: "BAD_REQUEST",
    });
    expect(
      await failure(c.agents.config.query({ workspaceId, appId: crypto.randomUUID() })),
    ).toMatchObject({ code: "NOT_FOUND" });

    const other = await world.person("Oscar Outsider", "Elsewhere");
    expect(await failure(other.c.agents.config.query(target))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await failure(other.c.agents.revoke.mutate(target))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await failure(other.c.agents.setToolEnabled.mutate(toggle))).toMatchObject({
      code: "NOT_FOUND",
    });
    // Their own workspace id with this app's id: still not found.
    expect(
      await failure(other.c.agents.config.query({ workspaceId: other.workspaceId, appId: app.id })),
    ).toMatchObject({ code: "NOT_FOUND" });
  });
});
