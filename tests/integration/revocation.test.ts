import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import postgres from "postgres";
import { addCollaborator, newApp } from "../support/apps";
import { addMembership } from "../support/factories";
import { follow } from "../support/live";
import { client, failure } from "../support/server";
import { type SpawnedServer, spawnServer } from "../support/spawn";
import { setupWorld } from "../support/world";

// Process A is this test's in-process server; process B is a separate server process on the
// same database. Access changes go through A, streams are held open on B.
const world = setupWorld();
let b: SpawnedServer;

beforeAll(async () => {
  b = await spawnServer(world.db, {
    SESSION_SECRET: "test-session-secret-that-is-long-enough-0123456789",
    LOG_LEVEL: "silent",
  });
});
afterAll(() => b?.stop());

/** An owner with an app, and a member whose one cookie works on both processes. */
async function scene(name: string) {
  const owner = await world.person(`${name} Owner`, `${name} works`);
  const { app, at } = await newApp(owner.c, owner.workspaceId);
  const jar = new Map<string, string>();
  const onA = client(world.server.url, jar);
  const member = await onA.auth.onboard.mutate({ displayName: `${name} Member` });
  await addMembership(world.db, owner.workspaceId, member.id, "member");
  // The member makes the app with its owner: they may follow its draft data.
  await addCollaborator(owner.c, { workspaceId: owner.workspaceId, appId: app.id }, member.id);
  const onB = client(b.url, jar);
  const topics = [{ kind: "data" as const, key: "d", appId: app.id, scope: "draft" as const }];
  const open = () => follow(onB, { workspaceId: owner.workspaceId, topics });
  return { owner, app, at, member, onA, onB, open, topics };
}

/** Milliseconds from `since` until the stream has ended. */
async function endsWithin(s: ReturnType<typeof follow>, since: number) {
  await s.ends(5_000);
  return performance.now() - since;
}

describe("open streams end when access does, on every server process", () => {
  test("a member removed through process A loses the stream held on process B", async () => {
    const { owner, at, member, onB, open, topics } = await scene("Removal");
    const s = open();
    await s.ready();
    await owner.c.data.insert.mutate({ ...at("notes"), data: { n: 1 } });
    await s.until(() => s.messages.length >= 2, "the first change");

    const t0 = performance.now();
    await owner.c.members.remove.mutate({ workspaceId: owner.workspaceId, userId: member.id });
    expect(await endsWithin(s, t0)).toBeLessThan(2_000);
    const delivered = s.messages.length;
    await owner.c.data.insert.mutate({ ...at("notes"), data: { n: 2 } });
    expect(s.messages.length).toBe(delivered);
    s.close();

    // Reconnecting is refused like any non-member: not found.
    const again = follow(onB, { workspaceId: owner.workspaceId, topics });
    await expect(again.ready()).rejects.toThrow(/Workspace not found/);
    again.close();
    expect(await failure(onB.data.list.query({ ...at("notes") })).then((f) => f.code)).toBe(
      "NOT_FOUND",
    );
  });

  test("signing out through process A ends the session's stream on process B", async () => {
    const { onA, open, onB, owner, topics } = await scene("Signout");
    const s = open();
    await s.ready();
    const t0 = performance.now();
    await onA.auth.signOut.mutate();
    expect(await endsWithin(s, t0)).toBeLessThan(2_000);
    s.close();
    // The cookie is gone from the jar; the old one is revoked server-side too.
    const again = follow(onB, { workspaceId: owner.workspaceId, topics });
    await expect(again.ready()).rejects.toThrow(/not signed in/);
    again.close();
  });

  test("a role change through process A ends the stream on B; reopening checks the new role", async () => {
    const { owner, member, open, at } = await scene("Role");
    const s = open();
    await s.ready();
    const t0 = performance.now();
    await owner.c.members.changeRole.mutate({
      workspaceId: owner.workspaceId,
      userId: member.id,
      role: "admin",
    });
    expect(await endsWithin(s, t0)).toBeLessThan(2_000);
    expect(s.ended).toBe("completed");
    s.close();
    const again = open();
    await again.ready();
    await owner.c.data.insert.mutate({ ...at("notes"), data: { n: 1 } });
    await again.until(() => again.messages.length >= 2, "a change after reopening");
    again.close();
  });

  test("backstop: a membership deleted without any notification still ends the stream on delivery", async () => {
    const { owner, member, open, at } = await scene("Backstop");
    const s = open();
    await s.ready();
    const sql = postgres(world.db.ownerUrl, { max: 1, onnotice: () => {} });
    try {
      await sql`delete from memberships where workspace_id = ${owner.workspaceId} and user_id = ${member.id}`;
    } finally {
      await sql.end();
    }
    // Writes keep coming; within the re-check interval (2 s) plus one delivery the stream ends.
    // The count only bounds the loop: deliveries can be fast enough for 200 to fit in 2 s.
    const t0 = performance.now();
    for (let n = 0; s.ended === null && n < 2000; n++) {
      await owner.c.data.insert.mutate({ ...at("notes"), data: { n } });
      await s.until(() => s.ended !== null || s.messages.length > n + 1, "a delivery or the end");
    }
    expect(s.ended).toBe("completed");
    expect(performance.now() - t0).toBeLessThan(4_000);
    s.close();
  });

  test("a collaborator removed through process A loses the app's stream on B; reopening is not found", async () => {
    const { owner, app, member, onB, open, topics, at } = await scene("Uncollab");
    const s = open();
    await s.ready();
    const t0 = performance.now();
    await owner.c.apps.removeCollaborator.mutate({
      workspaceId: owner.workspaceId,
      appId: app.id,
      userId: member.id,
    });
    expect(await endsWithin(s, t0)).toBeLessThan(2_000);
    s.close();
    const again = follow(onB, { workspaceId: owner.workspaceId, topics });
    await expect(again.ready()).rejects.toThrow(/App not found/);
    again.close();
    expect(await failure(onB.data.list.query(at("notes"))).then((f) => f.code)).toBe("NOT_FOUND");
  });

  test("backstop: a collaborator row deleted without any notification ends the stream on delivery", async () => {
    const { owner, member, open, at, app } = await scene("CollabBackstop");
    const s = open();
    await s.ready();
    const sql = postgres(world.db.ownerUrl, { max: 1, onnotice: () => {} });
    try {
      await sql`delete from app_collaborators
        where workspace_id = ${owner.workspaceId} and app_id = ${app.id} and user_id = ${member.id}`;
    } finally {
      await sql.end();
    }
    const t0 = performance.now();
    for (let n = 0; s.ended === null && n < 2000; n++) {
      await owner.c.data.insert.mutate({ ...at("notes"), data: { n } });
      await s.until(() => s.ended !== null || s.messages.length > n + 1, "a delivery or the end");
    }
    expect(s.ended).toBe("completed");
    expect(performance.now() - t0).toBeLessThan(4_000);
    s.close();
  });

  test("other members' streams are untouched", async () => {
    const { owner, member, at, app } = await scene("Bystander");
    const topics = [{ kind: "data" as const, key: "d", appId: app.id, scope: "draft" as const }];
    const mine = follow(owner.c, { workspaceId: owner.workspaceId, topics });
    await mine.ready();
    await owner.c.members.remove.mutate({ workspaceId: owner.workspaceId, userId: member.id });
    await owner.c.data.insert.mutate({ ...at("notes"), data: { n: 1 } });
    await mine.until(() => mine.messages.length >= 2, "the owner's change");
    expect(mine.ended).toBeNull();
    mine.close();
  });
});
