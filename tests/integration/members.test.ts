import { describe, expect, test } from "bun:test";
import { failure } from "../support/server";
import { setupWorld } from "../support/world";

const world = setupWorld();

describe("members and roles", () => {
  test("members are listed with role and teams, owners first", async () => {
    const { c, workspaceId, userId } = await world.person("Lister", "Listing");
    const admin = await world.member(workspaceId, "admin", "Zed Admin");
    const list = await c.members.list.query({ workspaceId });
    expect(list.map((m) => [m.displayName, m.role, m.isYou])).toEqual([
      ["Lister", "owner", true],
      ["Zed Admin", "admin", false],
    ]);
    expect(list[0]).toMatchObject({ userId, teams: [{ name: "General" }] });
    expect(list[1]?.userId).toBe(admin.userId);
    const viewer = await world.member(workspaceId, "member");
    expect(await viewer.c.members.list.query({ workspaceId })).toHaveLength(3);
  });

  test("an admin can promote a member to admin, and it is audited", async () => {
    const { c, workspaceId } = await world.person("Owner One", "Promotions");
    const admin = await world.member(workspaceId, "admin", "Admin Ann");
    const member = await world.member(workspaceId, "member", "Member Max");
    const out = await admin.c.members.changeRole.mutate({
      workspaceId,
      userId: member.userId,
      role: "admin",
    });
    expect(out).toEqual({ userId: member.userId, role: "admin", changed: true });
    const { events } = await c.audit.list.query({ workspaceId, action: "member.role_changed" });
    expect(events[0]).toMatchObject({
      actorName: "Admin Ann",
      targetName: "Member Max",
      metadata: { from: "member", to: "admin" },
      changedFields: ["role"],
    });
  });

  test("only an owner grants or removes the owner role", async () => {
    const { c, workspaceId } = await world.person("Owner Two", "Ownership");
    const admin = await world.member(workspaceId, "admin");
    const member = await world.member(workspaceId, "member");
    const grant = await failure(
      admin.c.members.changeRole.mutate({ workspaceId, userId: member.userId, role: "owner" }),
    );
    expect(grant).toMatchObject({ code: "FORBIDDEN", message: expect.stringMatching(/owner/) });
    await c.members.changeRole.mutate({ workspaceId, userId: member.userId, role: "owner" });
    const demote = await failure(
      admin.c.members.changeRole.mutate({ workspaceId, userId: member.userId, role: "member" }),
    );
    expect(demote).toMatchObject({ code: "FORBIDDEN" });
    const roles = await c.members.list.query({ workspaceId });
    expect(roles.find((m) => m.userId === member.userId)?.role).toBe("owner");
  });

  test("nobody changes their own role, and members change no one's", async () => {
    const { c, workspaceId, userId } = await world.person("Self Changer", "Selfie");
    expect(
      await failure(c.members.changeRole.mutate({ workspaceId, userId, role: "admin" })),
    ).toMatchObject({ code: "FORBIDDEN", message: "You can't change your own role." });
    const member = await world.member(workspaceId, "member");
    const other = await world.member(workspaceId, "member");
    expect(
      await failure(
        member.c.members.changeRole.mutate({ workspaceId, userId: other.userId, role: "admin" }),
      ),
    ).toMatchObject({ code: "FORBIDDEN" });
  });

  test("the last owner can't be demoted or removed; a second owner can be", async () => {
    const { c, workspaceId, userId } = await world.person("Sole Owner", "Solo");
    const co = await world.member(workspaceId, "owner", "Co Owner");
    // The co-owner demotes the founder: allowed while another owner (the co-owner) remains.
    await co.c.members.changeRole.mutate({ workspaceId, userId, role: "admin" });
    // Now the co-owner is the last owner: the founder (admin) cannot touch them.
    expect(
      await failure(
        c.members.changeRole.mutate({ workspaceId, userId: co.userId, role: "member" }),
      ),
    ).toMatchObject({ code: "FORBIDDEN" });
    expect(
      await failure(c.members.remove.mutate({ workspaceId, userId: co.userId })),
    ).toMatchObject({
      code: "FORBIDDEN",
    });
  });

  test("removing a member removes their team memberships and access", async () => {
    const { c, workspaceId } = await world.person("Remover", "Removals");
    const member = await world.member(workspaceId, "member", "Soon Gone");
    const team = await c.teams.create.mutate({ workspaceId, name: "Ops" });
    await c.teams.addMember.mutate({ workspaceId, teamId: team.id, userId: member.userId });
    await c.members.remove.mutate({ workspaceId, userId: member.userId });
    expect((await c.members.list.query({ workspaceId })).map((m) => m.displayName)).toEqual([
      "Remover",
    ]);
    const teams = await c.teams.list.query({ workspaceId });
    expect(teams.flatMap((t) => t.members.map((m) => m.userId))).not.toContain(member.userId);
    expect(await failure(member.c.workspaces.get.query({ workspaceId }))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(
      await failure(c.members.remove.mutate({ workspaceId, userId: member.userId })),
    ).toMatchObject({
      code: "NOT_FOUND",
      message: "Member not found.",
    });
  });

  test("nobody removes themself; members remove no one", async () => {
    const { c, workspaceId, userId } = await world.person("Stayer", "Staying");
    expect(await failure(c.members.remove.mutate({ workspaceId, userId }))).toMatchObject({
      code: "FORBIDDEN",
    });
    const member = await world.member(workspaceId, "member");
    const admin = await world.member(workspaceId, "admin");
    expect(
      await failure(member.c.members.remove.mutate({ workspaceId, userId: admin.userId })),
    ).toMatchObject({
      code: "FORBIDDEN",
    });
  });

  test("sample members join as members of General; the count is bounded", async () => {
    const { c, workspaceId } = await world.person("Sampler", "Samples");
    const { added } = await c.members.addSamples.mutate({ workspaceId, count: 3 });
    expect(added).toHaveLength(3);
    const list = await c.members.list.query({ workspaceId });
    expect(list.filter((m) => m.role === "member")).toHaveLength(3);
    expect(list.every((m) => m.teams.some((t) => t.name === "General"))).toBe(true);
    expect(await failure(c.members.addSamples.mutate({ workspaceId, count: 11 }))).toMatchObject({
      reason: "VALIDATION",
    });
    const member = await world.member(workspaceId, "member");
    expect(
      await failure(member.c.members.addSamples.mutate({ workspaceId, count: 1 })),
    ).toMatchObject({
      code: "FORBIDDEN",
    });
    // Names never repeat within a workspace.
    await c.members.addSamples.mutate({ workspaceId, count: 10 });
    const names = (await c.members.list.query({ workspaceId })).map((m) => m.displayName);
    expect(new Set(names).size).toBe(names.length);
  });
});
