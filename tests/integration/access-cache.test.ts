import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import postgres from "postgres";
import { newApp } from "../support/apps";
import { addMembership } from "../support/factories";
import { type Client, client, failure } from "../support/server";
import { type SpawnedServer, spawnServer } from "../support/spawn";
import { setupWorld } from "../support/world";

// Sessions and memberships are remembered per process (src/auth/access-cache.ts). Process A is
// this test's in-process server, B a separate server process on the same database; access
// changes go through A. A refuses at once; B within the bound streams have (DESIGN.md §6).
const world = setupWorld();
let b: SpawnedServer;
const BOUND_MS = 2_000;

beforeAll(async () => {
  b = await spawnServer(world.db, {
    SESSION_SECRET: "test-session-secret-that-is-long-enough-0123456789",
    LOG_LEVEL: "silent",
  });
});
afterAll(() => b?.stop());

/** Calls until the call fails with `code`; the milliseconds that took. Throws past the bound. */
async function refusedWithin(call: () => Promise<unknown>, code: string) {
  const t0 = performance.now();
  for (;;) {
    const outcome = await call().then(
      () => "ok",
      (err: unknown) => (err as { data?: { code?: string } }).data?.code ?? String(err),
    );
    const ms = performance.now() - t0;
    if (outcome === code) return ms;
    if (outcome !== "ok") throw new Error(`failed with ${outcome}, not ${code}`);
    if (ms > 3 * BOUND_MS) throw new Error(`still served after ${Math.round(ms)} ms`);
  }
}

/** An owner, and a member whose one cookie jar works on both processes. */
async function scene(name: string, role: "member" | "admin" = "member") {
  const owner = await world.person(`${name} Owner`, `${name} works`);
  const jar = new Map<string, string>();
  const onA = client(world.server.url, jar);
  const member = await onA.auth.onboard.mutate({ displayName: `${name} Member` });
  await addMembership(world.db, owner.workspaceId, member.id, role);
  const onB = client(b.url, jar);
  const workspaceId = owner.workspaceId;
  // Both processes have checked and remembered the member.
  for (const c of [onA, onB, onA, onB]) await c.workspaces.get.query({ workspaceId });
  return { owner, member, jar, onA, onB, workspaceId };
}

const get = (c: Client, workspaceId: string) => () => c.workspaces.get.query({ workspaceId });

describe("remembered sessions and memberships follow access changes", () => {
  test("a session signed out on A is refused at once on A and within the bound on B", async () => {
    const { jar, onA, workspaceId } = await scene("Signout");
    expect(world.server.app.deps.access.size).toBeGreaterThan(0);
    const old = new Map(jar);
    await onA.auth.session.query();
    await client(b.url, old).auth.session.query();
    await onA.auth.signOut.mutate();

    expect(await failure(get(client(world.server.url, old), workspaceId)())).toMatchObject({
      code: "UNAUTHORIZED",
    });
    expect((await client(world.server.url, old).auth.session.query()).user).toBeNull();
    const onB = client(b.url, old);
    expect(await refusedWithin(get(onB, workspaceId), "UNAUTHORIZED")).toBeLessThan(BOUND_MS);
    expect((await onB.auth.session.query()).user).toBeNull();
  });

  test("a member removed on A is not found at once on A and within the bound on B", async () => {
    const { owner, member, onA, onB, workspaceId } = await scene("Removed");
    const { at } = await newApp(owner.c, workspaceId);
    await owner.c.members.remove.mutate({ workspaceId, userId: member.id });
    expect(await failure(get(onA, workspaceId)())).toMatchObject({ code: "NOT_FOUND" });
    expect(await refusedWithin(get(onB, workspaceId), "NOT_FOUND")).toBeLessThan(BOUND_MS);
    expect(await failure(onB.data.list.query(at("notes")))).toMatchObject({ code: "NOT_FOUND" });
  });

  test("a role changed on A takes effect at once on A and within the bound on B", async () => {
    const { owner, member, onA, onB, workspaceId } = await scene("Demoted", "admin");
    await onA.audit.list.query({ workspaceId });
    await onB.audit.list.query({ workspaceId });
    await owner.c.members.changeRole.mutate({ workspaceId, userId: member.id, role: "member" });
    expect(await failure(onA.audit.list.query({ workspaceId }))).toMatchObject({
      code: "FORBIDDEN",
    });
    const audit = () => onB.audit.list.query({ workspaceId });
    expect(await refusedWithin(audit, "FORBIDDEN")).toBeLessThan(BOUND_MS);
    expect((await onB.workspaces.get.query({ workspaceId })).role).toBe("member");
  });

  test("backstop: a membership deleted behind the product's back is refused on B within the bound", async () => {
    const { member, onB, workspaceId } = await scene("Backstop");
    const sql = postgres(world.db.ownerUrl, { max: 1, onnotice: () => {} });
    try {
      await sql`delete from memberships where workspace_id = ${workspaceId} and user_id = ${member.id}`;
    } finally {
      await sql.end();
    }
    expect(await refusedWithin(get(onB, workspaceId), "NOT_FOUND")).toBeLessThan(BOUND_MS);
  });

  test("one workspace's remembered membership never answers for another", async () => {
    const ada = await world.person("Ada Cache", "Ada's own");
    const other = await world.person("Other Owner", "Other works");
    // Ada owns her workspace and is a plain member of the other one.
    await addMembership(world.db, other.workspaceId, ada.userId, "member");
    for (const c of [ada.c, client(b.url, ada.c.jar)]) {
      await c.audit.list.query({ workspaceId: ada.workspaceId });
      expect((await c.workspaces.get.query({ workspaceId: other.workspaceId })).role).toBe(
        "member",
      );
      expect(await failure(c.audit.list.query({ workspaceId: other.workspaceId }))).toMatchObject({
        code: "FORBIDDEN",
      });
      // Someone else's session on a workspace Ada's is remembered for: not found.
      const stranger = await world.person("Stranger", "Strangers");
      const theirs = client(c === ada.c ? world.server.url : b.url, stranger.c.jar);
      expect(
        await failure(theirs.workspaces.get.query({ workspaceId: ada.workspaceId })),
      ).toMatchObject({ code: "NOT_FOUND" });
    }
  });
});
