import { describe, expect, test } from "bun:test";
import { failure } from "../support/server";
import { setupWorld } from "../support/world";

const world = setupWorld();

describe("audit log queries", () => {
  test("filters by category, action, actor, target, text and time; pages with a cursor", async () => {
    const { c, workspaceId, userId } = await world.person("Filter Owner", "Filtering");
    const admin = await world.member(workspaceId, "admin", "Filter Admin");
    const team = await c.teams.create.mutate({ workspaceId, name: "Alpha" });
    await admin.c.teams.create.mutate({ workspaceId, name: "Beta" });
    await c.teams.rename.mutate({ workspaceId, teamId: team.id, name: "Alpha Prime" });
    await c.members.addSamples.mutate({ workspaceId, count: 2 });

    const all = await c.audit.list.query({ workspaceId });
    expect(all.events.map((e) => e.action)).toEqual([
      "member.added",
      "member.added",
      "team.renamed",
      "team.created",
      "team.created",
      "workspace.created",
    ]);
    expect((await c.audit.list.query({ workspaceId, category: "members" })).events).toHaveLength(2);
    expect(
      (await c.audit.list.query({ workspaceId, actorId: admin.userId })).events.map(
        (e) => e.summary,
      ),
    ).toEqual(["Filter Admin created the team “Beta”"]);
    expect((await c.audit.list.query({ workspaceId, targetId: team.id })).events).toHaveLength(2);
    expect((await c.audit.list.query({ workspaceId, q: "alpha prime" })).events).toHaveLength(1);
    expect((await c.audit.list.query({ workspaceId, q: "100%_" })).events).toHaveLength(0);
    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await c.audit.list.query({ workspaceId, from: future })).events).toHaveLength(0);
    expect((await c.audit.list.query({ workspaceId, to: future })).events).toHaveLength(6);

    const page1 = await c.audit.list.query({ workspaceId, limit: 4 });
    expect(page1.events).toHaveLength(4);
    const page2 = await c.audit.list.query({ workspaceId, limit: 4, cursor: page1.nextCursor! });
    expect(page2.nextCursor).toBeNull();
    expect([...page1.events, ...page2.events].map((e) => e.id)).toEqual(
      all.events.map((e) => e.id),
    );
    expect(all.events.every((e) => e.actorId === userId || e.actorId === admin.userId)).toBe(true);
  });

  test("an event's detail shows its seal once sealed", async () => {
    const { c, workspaceId } = await world.person("Detail Owner", "Details");
    const { events } = await c.audit.list.query({ workspaceId });
    await world.server.app.deps.sealer.settle(workspaceId);
    const detail = await c.audit.get.query({ workspaceId, eventId: events[0]!.id });
    expect(detail).toMatchObject({ action: "workspace.created", seal: { batchNo: 1 } });
    expect(await c.audit.verify.query({ workspaceId })).toMatchObject({
      ok: true,
      events: 1,
      unsealed: 0,
    });
    expect(
      await failure(c.audit.get.query({ workspaceId, eventId: crypto.randomUUID() })),
    ).toMatchObject({
      code: "NOT_FOUND",
      message: "Audit event not found.",
    });
  });

  test("members cannot read the audit log", async () => {
    const { workspaceId } = await world.person("Private Owner", "Private");
    const member = await world.member(workspaceId, "member");
    for (const call of [
      () => member.c.audit.list.query({ workspaceId }),
      () => member.c.audit.verify.query({ workspaceId }),
      () => member.c.audit.get.query({ workspaceId, eventId: crypto.randomUUID() }),
    ]) {
      expect(await failure(call())).toMatchObject({
        code: "FORBIDDEN",
        message: "Only workspace owners and admins can read the audit log.",
      });
    }
  });

  test("bad filters are validation errors", async () => {
    const { c, workspaceId } = await world.person("Validator", "Validation");
    expect(await failure(c.audit.list.query({ workspaceId, limit: 201 }))).toMatchObject({
      reason: "VALIDATION",
      message: "At most 200 events per page.",
    });
    expect(await failure(c.audit.list.query({ workspaceId, from: "yesterday" }))).toMatchObject({
      reason: "VALIDATION",
    });
    expect(
      await failure(c.audit.list.query({ workspaceId, category: "nope" as never })),
    ).toMatchObject({
      reason: "VALIDATION",
    });
    const catalog = await c.audit.catalog.query();
    expect(catalog.actions).toContainEqual({ action: "member.role_changed", category: "members" });
  });

  test("a failed mutation leaves no audit row behind", async () => {
    const { c, workspaceId } = await world.person("Atomic", "Atomicity");
    await c.teams.create.mutate({ workspaceId, name: "Once" });
    await failure(c.teams.create.mutate({ workspaceId, name: "once" }));
    const { events } = await c.audit.list.query({ workspaceId, action: "team.created" });
    expect(events).toHaveLength(1);
  });
});
