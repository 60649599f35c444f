import { describe, expect, test } from "bun:test";
import { failure } from "../support/server";
import { setupWorld } from "../support/world";

const world = setupWorld();

describe("teams", () => {
  test("create, rename and delete a team, each audited", async () => {
    const { c, workspaceId } = await world.person("Team Lead", "Teamwork");
    const team = await c.teams.create.mutate({ workspaceId, name: "Design" });
    await c.teams.rename.mutate({ workspaceId, teamId: team.id, name: "Product Design" });
    expect((await c.teams.list.query({ workspaceId })).map((t) => t.name)).toEqual([
      "General",
      "Product Design",
    ]);
    await c.teams.delete.mutate({ workspaceId, teamId: team.id });
    expect((await c.teams.list.query({ workspaceId })).map((t) => t.name)).toEqual(["General"]);
    const { events } = await c.audit.list.query({ workspaceId, category: "teams" });
    expect(events.map((e) => e.action)).toEqual(["team.deleted", "team.renamed", "team.created"]);
  });

  test("team names are unique per workspace (case-insensitively) but not across workspaces", async () => {
    const a = await world.person("A Lead", "A Corp");
    const b = await world.person("B Lead", "B Corp");
    await a.c.teams.create.mutate({ workspaceId: a.workspaceId, name: "Sales" });
    const clash = await failure(
      a.c.teams.create.mutate({ workspaceId: a.workspaceId, name: "sales" }),
    );
    expect(clash).toMatchObject({
      code: "CONFLICT",
      message: "A team named “sales” already exists.",
    });
    await b.c.teams.create.mutate({ workspaceId: b.workspaceId, name: "Sales" });
    const general = await failure(
      a.c.teams.create.mutate({ workspaceId: a.workspaceId, name: "General" }),
    );
    expect(general).toMatchObject({ code: "CONFLICT" });
    expect(
      await failure(a.c.teams.create.mutate({ workspaceId: a.workspaceId, name: "S" })),
    ).toMatchObject({
      reason: "VALIDATION",
    });
  });

  test("General is fixed: not renamed, deleted, or left", async () => {
    const { c, workspaceId, userId } = await world.person("Fixer", "Fixed");
    const [general] = await c.teams.list.query({ workspaceId });
    const teamId = general!.id;
    for (const call of [
      () => c.teams.rename.mutate({ workspaceId, teamId, name: "Everyone" }),
      () => c.teams.delete.mutate({ workspaceId, teamId }),
      () => c.teams.removeMember.mutate({ workspaceId, teamId, userId }),
    ]) {
      expect(await failure(call())).toMatchObject({ code: "PRECONDITION_FAILED" });
    }
    expect((await c.teams.list.query({ workspaceId }))[0]).toMatchObject({
      name: "General",
      members: [{ userId }],
    });
  });

  test("add and remove team members; only workspace members can join", async () => {
    const { c, workspaceId } = await world.person("Coach", "Coaching");
    const member = await world.member(workspaceId, "member", "Player");
    const outsider = await world.person("Outsider", "Outside");
    const team = await c.teams.create.mutate({ workspaceId, name: "Squad" });
    await c.teams.addMember.mutate({ workspaceId, teamId: team.id, userId: member.userId });
    expect(
      await failure(
        c.teams.addMember.mutate({ workspaceId, teamId: team.id, userId: member.userId }),
      ),
    ).toMatchObject({ code: "CONFLICT", message: "Player is already in Squad." });
    expect(
      await failure(
        c.teams.addMember.mutate({ workspaceId, teamId: team.id, userId: outsider.userId }),
      ),
    ).toMatchObject({ code: "NOT_FOUND", message: "Member not found." });
    const squad = (await c.teams.list.query({ workspaceId })).find((t) => t.id === team.id);
    expect(squad?.members.map((m) => m.displayName)).toEqual(["Player"]);
    await c.teams.removeMember.mutate({ workspaceId, teamId: team.id, userId: member.userId });
    expect(
      await failure(
        c.teams.removeMember.mutate({ workspaceId, teamId: team.id, userId: member.userId }),
      ),
    ).toMatchObject({ code: "NOT_FOUND" });
    const { events } = await c.audit.list.query({
      workspaceId,
      targetType: "team",
      targetId: team.id,
    });
    expect(events.map((e) => e.action)).toEqual([
      "member.team_removed",
      "member.team_added",
      "team.created",
    ]);
  });

  test("members can see teams but not change them", async () => {
    const { c, workspaceId } = await world.person("Manager", "Managed");
    const team = await c.teams.create.mutate({ workspaceId, name: "Core" });
    const member = await world.member(workspaceId, "member");
    expect(await member.c.teams.list.query({ workspaceId })).toHaveLength(2);
    for (const call of [
      () => member.c.teams.create.mutate({ workspaceId, name: "Rogue" }),
      () => member.c.teams.rename.mutate({ workspaceId, teamId: team.id, name: "Mine" }),
      () => member.c.teams.delete.mutate({ workspaceId, teamId: team.id }),
      () =>
        member.c.teams.addMember.mutate({ workspaceId, teamId: team.id, userId: member.userId }),
      () =>
        member.c.teams.removeMember.mutate({ workspaceId, teamId: team.id, userId: member.userId }),
    ]) {
      expect(await failure(call())).toMatchObject({ code: "FORBIDDEN" });
    }
    expect(
      await failure(c.teams.delete.mutate({ workspaceId, teamId: crypto.randomUUID() })),
    ).toMatchObject({
      code: "NOT_FOUND",
      message: "Team not found.",
    });
  });
});
