import { describe, expect, test } from "bun:test";
import { failure } from "../support/server";
import { setupWorld } from "../support/world";

const world = setupWorld();

describe("onboarding and sessions", () => {
  test("onboarding issues an httpOnly signed session cookie and a session", async () => {
    const c = world.client();
    expect((await c.auth.session.query()).user).toBeNull();
    const res = await fetch(`${world.server.url}/trpc/auth.onboard`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ displayName: "Grace" }),
    });
    const cookie = res.headers.getSetCookie()[0] ?? "";
    expect(cookie).toMatch(/^second_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    await c.auth.onboard.mutate({ displayName: "  Grace Hopper  " });
    expect((await c.auth.session.query()).user?.displayName).toBe("Grace Hopper");
  });

  test("names outside 2–80 characters are refused with a message", async () => {
    const c = world.client();
    for (const displayName of ["A", "x".repeat(81), "   "]) {
      const f = await failure(c.auth.onboard.mutate({ displayName }));
      expect(f).toMatchObject({ code: "BAD_REQUEST", reason: "VALIDATION" });
      expect(f.message).toMatch(/Name must be/);
    }
    expect((await c.auth.session.query()).user).toBeNull();
  });

  test("a missing, malformed or tampered cookie is UNAUTHORIZED", async () => {
    const { c } = await world.person("Cookie Monster");
    const real = c.jar.get("second_session")!;
    const forged = world.client();
    expect(await failure(forged.workspaces.list.query())).toMatchObject({ code: "UNAUTHORIZED" });
    for (const value of [
      "garbage",
      `${real.slice(0, -4)}AAAA`,
      `${real[0] === "0" ? "1" : "0"}${real.slice(1)}`,
    ]) {
      forged.jar.set("second_session", value);
      const f = await failure(forged.workspaces.list.query());
      expect(f).toMatchObject({ code: "UNAUTHORIZED" });
      expect(f.message).toMatch(/not signed in/);
    }
  });

  test("signing out revokes the session server-side", async () => {
    const { c } = await world.person("Leaver");
    const stolen = world.client();
    stolen.jar.set("second_session", c.jar.get("second_session")!);
    await c.auth.signOut.mutate();
    expect(c.jar.has("second_session")).toBe(false);
    expect(await failure(stolen.workspaces.list.query())).toMatchObject({ code: "UNAUTHORIZED" });
  });

  test("updating the profile renames the user; signed-out callers are refused", async () => {
    const { c } = await world.person("Old Name");
    expect(await c.auth.updateProfile.mutate({ displayName: "New Name" })).toMatchObject({
      displayName: "New Name",
    });
    expect(
      await failure(world.client().auth.updateProfile.mutate({ displayName: "Nobody" })),
    ).toMatchObject({
      code: "UNAUTHORIZED",
    });
    expect(await failure(c.auth.updateProfile.mutate({ displayName: "N" }))).toMatchObject({
      reason: "VALIDATION",
    });
  });
});

describe("workspaces", () => {
  test("creating a workspace makes the creator owner and a member of the fixed General team", async () => {
    const { c, workspaceId, userId } = await world.person("Founder", "Founders Inc");
    expect(await c.workspaces.get.query({ workspaceId })).toMatchObject({
      name: "Founders Inc",
      role: "owner",
      memberCount: 1,
    });
    const teams = await c.teams.list.query({ workspaceId });
    expect(teams).toHaveLength(1);
    expect(teams[0]).toMatchObject({ name: "General", isDefault: true, members: [{ userId }] });
    const { events } = await c.audit.list.query({ workspaceId });
    expect(events.map((e) => e.action)).toEqual(["workspace.created"]);
  });

  test("a user can create more workspaces and list only their own", async () => {
    const { c, workspaceId } = await world.person("Serial Founder", "First Co");
    const second = await c.workspaces.create.mutate({ name: "Second Co" });
    const other = await world.person("Someone Else", "Elsewhere");
    const mine = await c.workspaces.list.query();
    expect(mine.map((w) => w.id)).toEqual([workspaceId, second.id]);
    expect(mine.map((w) => w.id)).not.toContain(other.workspaceId);
    expect(await failure(c.workspaces.create.mutate({ name: "X" }))).toMatchObject({
      reason: "VALIDATION",
    });
    expect(
      await failure(world.client().workspaces.create.mutate({ name: "Anon Co" })),
    ).toMatchObject({
      code: "UNAUTHORIZED",
    });
  });

  test("owners and admins rename the workspace; members may not", async () => {
    const { c, workspaceId } = await world.person("Renamer", "Before");
    expect(await c.workspaces.rename.mutate({ workspaceId, name: "After" })).toMatchObject({
      name: "After",
    });
    const member = await world.member(workspaceId, "member");
    const f = await failure(member.c.workspaces.rename.mutate({ workspaceId, name: "Hijacked" }));
    expect(f).toMatchObject({ code: "FORBIDDEN" });
    expect((await c.workspaces.get.query({ workspaceId })).name).toBe("After");
    const { events } = await c.audit.list.query({ workspaceId, action: "workspace.renamed" });
    expect(events[0]).toMatchObject({ summary: expect.stringContaining("“Before” to “After”") });
  });

  test("an unknown workspace id is NOT_FOUND and a malformed one is a validation error", async () => {
    const { c } = await world.person("Wanderer");
    expect(
      await failure(c.workspaces.get.query({ workspaceId: crypto.randomUUID() })),
    ).toMatchObject({
      code: "NOT_FOUND",
      message: "Workspace not found.",
    });
    expect(await failure(c.workspaces.get.query({ workspaceId: "not-a-uuid" }))).toMatchObject({
      reason: "VALIDATION",
    });
  });
});
