import { describe, expect, test } from "bun:test";
import postgres from "postgres";
import { LOOKUP_TOOL, setupAgentApps, TICKETS_COLLECTIONS } from "../support/agent-apps";
import { addCollaborator, newApp } from "../support/apps";
import { publishForTest } from "../support/published";
import { failure } from "../support/server";
import { setupWorld } from "../support/world";

const world = setupWorld();
const storeBuild = setupAgentApps(() => world.db);

const FILE = { version: 1, appTools: [LOOKUP_TOOL] };

async function appWithTools(name: string, file: object = FILE) {
  const person = await world.person(name, `${name} Co`);
  const { app } = await newApp(person.c, person.workspaceId);
  const target = { workspaceId: person.workspaceId, appId: app.id, scope: "draft" as const };
  await storeBuild(target, { "collections.json": TICKETS_COLLECTIONS, "agents.json": file });
  return { ...person, app, target };
}

/** A member of a team the app is published to: a viewer of the published app only. */
async function viewerOf(p: Awaited<ReturnType<typeof appWithTools>>, name = "Viewer") {
  const viewer = await world.member(p.workspaceId, "member", name);
  const team = await p.c.teams.create.mutate({ workspaceId: p.workspaceId, name: `${name}s` });
  await p.c.teams.addMember.mutate({
    workspaceId: p.workspaceId,
    teamId: team.id,
    userId: viewer.userId,
  });
  await publishForTest(world.db, p.target, [team.id]);
  return viewer;
}

async function toolAudit(workspaceId: string) {
  const sql = postgres(world.db.ownerUrl, { max: 1, onnotice: () => {} });
  try {
    return await sql<
      { action: string; actor_kind: string; actor_id: string; metadata: Record<string, unknown> }[]
    >`
      select action, actor_kind, actor_id, metadata from audit_events
      where workspace_id = ${workspaceId} and action like 'integration.tool.%' order by occurred_at`;
  } finally {
    await sql.end();
  }
}

describe("appTools.run", () => {
  test("an approved app tool answers for the viewer of the published app (mock data until its integration is set up), audited as the viewer from the app", async () => {
    const p = await appWithTools("Caller");
    await p.c.agents.approve.mutate(p.target);
    const member = await viewerOf(p);
    const result = await member.c.appTools.run.mutate({
      ...p.target,
      scope: "published",
      name: "lookup_customer",
      input: { name: "Ada" },
    });
    expect(result).toMatchObject({ kind: "mocked", reason: "no_grant" });
    expect(LOOKUP_TOOL.mockData as unknown[]).toContainEqual((result as { data: unknown }).data);
    const rows = await toolAudit(p.workspaceId);
    expect(rows).toMatchObject([
      {
        action: "integration.tool.mocked",
        actor_kind: "user",
        actor_id: member.userId,
        metadata: {
          appId: p.app.id,
          scope: "published",
          source: "app",
          tool: "lookup_customer",
          code: "no_grant",
        },
      },
    ]);
  });

  test("approved for mock data only: mock data, said so", async () => {
    const p = await appWithTools("Mocker");
    const member = await world.member(p.workspaceId, "member");
    await addCollaborator(p.c, p.target, member.userId);
    await member.c.agents.approve.mutate(p.target);
    expect(
      await p.c.appTools.run.mutate({
        ...p.target,
        name: "lookup_customer",
        input: { name: "Bo" },
      }),
    ).toMatchObject({ kind: "mocked", reason: "mock_only_approval" });
  });

  test("refusals: not approved, stale, unknown tool, bad name, missing input, oversized input", async () => {
    const p = await appWithTools("Refusals");
    const call = (extra: Record<string, unknown> = {}) =>
      p.c.appTools.run.mutate({
        ...p.target,
        name: "lookup_customer",
        input: { name: "Ada" },
        ...extra,
      } as never);
    expect(await failure(call())).toMatchObject({
      code: "PRECONDITION_FAILED",
      message: expect.stringContaining("not approved"),
    });
    await p.c.agents.approve.mutate(p.target);
    expect(await failure(call({ name: "nope" }))).toMatchObject({
      code: "NOT_FOUND",
      message: expect.stringContaining("no approved tool named “nope”"),
    });
    expect(await failure(call({ name: "Bad Name" }))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await failure(call({ input: "text" }))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await failure(call({ input: { name: "x".repeat(17 * 1024) } }))).toMatchObject({
      message: expect.stringContaining("16 KB"),
    });
    // Missing input is the tool's typed failure, not a transport error.
    expect(await call({ input: {} })).toMatchObject({ kind: "mocked" });
    const changed = { version: 1, appTools: [{ ...LOOKUP_TOOL, description: "Changed." }] };
    await storeBuild(p.target, { "collections.json": TICKETS_COLLECTIONS, "agents.json": changed });
    expect(await failure(call())).toMatchObject({ code: "PRECONDITION_FAILED" });
  });

  test("another workspace's app is not found, and nothing is audited there", async () => {
    const owner = await appWithTools("Owner");
    await owner.c.agents.approve.mutate(owner.target);
    const stranger = await world.person("Stranger", "Stranger Co");
    expect(
      await failure(
        stranger.c.appTools.run.mutate({
          ...owner.target,
          name: "lookup_customer",
          input: { name: "Ada" },
        }),
      ),
    ).toMatchObject({ code: "NOT_FOUND" });
    expect(
      await failure(
        stranger.c.appTools.run.mutate({
          workspaceId: stranger.workspaceId,
          appId: owner.app.id,
          scope: "draft",
          name: "lookup_customer",
          input: { name: "Ada" },
        }),
      ),
    ).toMatchObject({ code: "NOT_FOUND", message: "App not found." });
    expect((await toolAudit(owner.workspaceId)).length).toBe(0);
  });
});
