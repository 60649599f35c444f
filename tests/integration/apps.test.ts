import { describe, expect, test } from "bun:test";
import { newApp } from "../support/apps";
import { failure } from "../support/server";
import { setupWorld } from "../support/world";

const world = setupWorld();

describe("apps", () => {
  test("create, list, get, rename and delete an app, each audited", async () => {
    const { c, workspaceId } = await world.person("App Maker", "Apps Inc");
    expect(await c.apps.list.query({ workspaceId })).toEqual([]);
    const app = await c.apps.create.mutate({
      workspaceId,
      name: "Lead Tracker",
      description: "Sales leads",
    });
    expect(app).toMatchObject({ name: "Lead Tracker", description: "Sales leads" });
    expect((await c.apps.list.query({ workspaceId })).map((a) => a.id)).toEqual([app.id]);
    await c.apps.rename.mutate({ workspaceId, appId: app.id, name: "Lead Desk" });
    expect((await c.apps.get.query({ workspaceId, appId: app.id })).name).toBe("Lead Desk");
    await c.apps.delete.mutate({ workspaceId, appId: app.id });
    expect(await failure(c.apps.get.query({ workspaceId, appId: app.id }))).toMatchObject({
      code: "NOT_FOUND",
      message: "App not found.",
    });
    const { events } = await c.audit.list.query({ workspaceId, category: "apps" });
    expect(events.map((e) => e.action)).toEqual(["app.deleted", "app.renamed", "app.created"]);
  });

  test("names are validated and unique per workspace", async () => {
    const { c, workspaceId } = await world.person("Namer", "Names");
    await c.apps.create.mutate({ workspaceId, name: "CRM" });
    expect(await failure(c.apps.create.mutate({ workspaceId, name: "CRM" }))).toMatchObject({
      code: "CONFLICT",
    });
    expect(await failure(c.apps.create.mutate({ workspaceId, name: "C" }))).toMatchObject({
      reason: "VALIDATION",
    });
    expect(
      await failure(
        c.apps.create.mutate({ workspaceId, name: "Ok name", description: "d".repeat(301) }),
      ),
    ).toMatchObject({ reason: "VALIDATION" });
  });

  test("only the creator or an admin renames or deletes an app", async () => {
    const { c, workspaceId } = await world.person("Admin Owner", "Managed Apps");
    const { app } = await newApp(c, workspaceId, "Owner App");
    const member = await world.member(workspaceId, "member");
    // A member who does not make the app does not see it at all.
    expect(
      await failure(member.c.apps.rename.mutate({ workspaceId, appId: app.id, name: "Mine now" })),
    ).toMatchObject({ code: "NOT_FOUND" });
    // A collaborator makes it, but renaming and deleting stay with its creator and admins.
    await c.apps.addCollaborator.mutate({ workspaceId, appId: app.id, userId: member.userId });
    const f = await failure(
      member.c.apps.rename.mutate({ workspaceId, appId: app.id, name: "Mine now" }),
    );
    expect(f).toMatchObject({ code: "FORBIDDEN" });
    expect(
      await failure(member.c.apps.delete.mutate({ workspaceId, appId: app.id })),
    ).toMatchObject({
      code: "FORBIDDEN",
    });
    const own = await member.c.apps.create.mutate({ workspaceId, name: "Member App" });
    await member.c.apps.rename.mutate({ workspaceId, appId: own.id, name: "Member App 2" });
    await c.apps.delete.mutate({ workspaceId, appId: own.id });
    expect((await c.apps.list.query({ workspaceId })).map((a) => a.name)).toEqual(["Owner App"]);
  });

  test("deleting an app deletes its data", async () => {
    const { c, workspaceId } = await world.person("Cleaner", "Clean");
    const { app, at } = await newApp(c, workspaceId);
    await c.data.insert.mutate({ ...at("notes"), data: { text: "bye" } });
    await c.apps.delete.mutate({ workspaceId, appId: app.id });
    const again = await newApp(c, workspaceId);
    expect(
      await c.data.collections.query({ workspaceId, appId: again.app.id, scope: "draft" }),
    ).toEqual([]);
    expect(await failure(c.data.list.query(at("notes")))).toMatchObject({ code: "NOT_FOUND" });
  });
});
