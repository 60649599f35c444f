import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { writeFile } from "node:fs/promises";
import postgres from "postgres";
import { addCollaborator, newApp } from "../support/apps";
import { setupBuilds } from "../support/builds";
import { failure } from "../support/server";
import { setupWorld } from "../support/world";

// Each test type-checks and bundles real apps: seconds apiece, more on a busy machine.
setDefaultTimeout(60_000);

const world = setupWorld();
const builds = setupBuilds(() => world.db);

const APP = `export default function App() {
  return <main><h1>Tickets</h1></main>;
}
`;
const COLLECTIONS = JSON.stringify({
  version: 1,
  collections: { tickets: { fields: { title: { type: "string" } }, access: { agents: "write" } } },
});
const agents = (systemPrompt: string) =>
  JSON.stringify({
    version: 1,
    agents: [
      {
        id: "triage",
        name: "Triage",
        description: "Sets the priority of new tickets.",
        systemPrompt,
        dataCollections: [{ name: "tickets", access: "write" }],
        triggers: [{ type: "document", collection: "tickets", on: "inserted" }],
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

describe("agents.json approval", () => {
  test("owners approve live, members mock-only, for the exact hash; a changed file makes it stale, audited once with both hashes", async () => {
    const { c, workspaceId, userId } = await world.person("Approver", "Approvals");
    const { app } = await newApp(c, workspaceId);
    const target = { workspaceId, appId: app.id };
    const w = await builds.worker({ workspaceId, appId: app.id, userId });

    expect(await c.agents.approval.query(target)).toEqual({
      state: "none",
      currentHash: null,
      approval: null,
      problems: [],
    });
    expect(await failure(c.agents.approve.mutate(target))).toMatchObject({
      code: "PRECONDITION_FAILED",
    });

    await writeFile(w.file("src/App.tsx"), APP);
    await writeFile(w.file("collections.json"), COLLECTIONS);
    await writeFile(w.file("agents.json"), agents("Set the priority."));
    expect((await w.build("Agents")).status).toBe("succeeded");
    const first = await c.agents.approval.query(target);
    expect(first.state).toBe("none");
    expect(first.currentHash).toMatch(/^v1:[0-9a-f]{64}$/);

    // A member approves for mock data only.
    const member = await world.member(workspaceId, "member", "Mo Member");
    await addCollaborator(c, target, member.userId);
    expect(await member.c.agents.approve.mutate({ ...target, hash: first.currentHash! })).toEqual({
      hash: first.currentHash!,
      mode: "mock",
    });
    expect(await c.agents.approval.query(target)).toMatchObject({
      state: "mock",
      approval: { mode: "mock", approvedBy: member.userId, approvedByName: "Mo Member" },
    });

    // The owner approves live; a hash the file no longer has is refused and changes nothing.
    expect(
      await failure(c.agents.approve.mutate({ ...target, hash: `v1:${"0".repeat(64)}` })),
    ).toMatchObject({ code: "CONFLICT" });
    expect((await c.agents.approval.query(target)).state).toBe("mock");
    await c.agents.approve.mutate({ ...target, source: "build_chat" });
    const live = await c.agents.approval.query(target);
    expect(live).toMatchObject({
      state: "live",
      currentHash: first.currentHash,
      approval: { hash: first.currentHash, mode: "live", source: "build_chat", approvedBy: userId },
    });
    const approvedRows = await auditRows(app.id, "app.agents_config.approved");
    expect(approvedRows.map((r) => [r.actor_id, r.metadata.mode])).toEqual([
      [member.userId, "mock"],
      [userId, "live"],
    ]);

    // A build that leaves agents.json alone (reformatted only) keeps the approval.
    await writeFile(
      w.file("agents.json"),
      JSON.stringify(JSON.parse(agents("Set the priority.")), null, 8),
    );
    expect((await w.build("Same agents")).status).toBe("succeeded");
    expect((await c.agents.approval.query(target)).state).toBe("live");

    // A build that changes it makes the approval stale, audited once with both hashes.
    await writeFile(w.file("agents.json"), agents("Set the priority and close spam."));
    expect((await w.build("Changed agents")).status).toBe("succeeded");
    const stale = await c.agents.approval.query(target);
    expect(stale.state).toBe("stale");
    expect(stale.currentHash).not.toBe(first.currentHash);
    expect(stale.approval?.hash).toBe(first.currentHash!);
    await writeFile(w.file("src/App.tsx"), APP.replace("Tickets", "Tickets!"));
    expect((await w.build("Unrelated")).status).toBe("succeeded");
    expect((await auditRows(app.id, "app.agents_config.stale")).map((r) => r.metadata)).toEqual([
      { approvedHash: first.currentHash, currentHash: stale.currentHash },
    ]);

    // Approving again pins the new hash.
    await c.agents.approve.mutate({ ...target, hash: stale.currentHash! });
    expect(await c.agents.approval.query(target)).toMatchObject({
      state: "live",
      approval: { hash: stale.currentHash },
    });
  });

  test("bad input, unknown apps and other workspaces' apps are refused", async () => {
    const { c, workspaceId } = await world.person("Refuser", "Refusals");
    const { app } = await newApp(c, workspaceId);
    expect(await failure(c.agents.approve.mutate({ workspaceId, appId: "nope" }))).toMatchObject({
      code: "BAD_REQUEST",
    });
    expect(
      await failure(c.agents.approve.mutate({ workspaceId, appId: app.id, hash: "sha1:abc" })),
    ).toMatchObject({ code: "BAD_REQUEST" });
    expect(
      await failure(c.agents.approval.query({ workspaceId, appId: crypto.randomUUID() })),
    ).toMatchObject({ code: "NOT_FOUND" });
    const other = await world.person("Outsider", "Elsewhere");
    expect(
      await failure(other.c.agents.approve.mutate({ workspaceId, appId: app.id })),
    ).toMatchObject({ code: "NOT_FOUND" });
    expect(
      await failure(other.c.agents.approval.query({ workspaceId, appId: app.id })),
    ).toMatchObject({ code: "NOT_FOUND" });
  });
});
