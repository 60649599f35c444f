import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { withTenant } from "../../db/tenant";
import { migrateDocuments } from "../../src/data/migrate";
import type { ProviderMessage } from "../../worker/providers/types";
import { migrateDataTool } from "../../worker/tools/migrate-data";
import { newApp } from "../support/apps";
import { offlineBuilder, setupBuilds, userSays } from "../support/builds";
import { setupWorld } from "../support/world";

// The first test builds an app twice (type-check and bundle): a minute on a busy machine.
setDefaultTimeout(60_000);

const world = setupWorld();
const builds = setupBuilds(() => world.db);

const actorFor = (workspaceId: string, userId: string) => ({
  kind: "system" as const,
  userId,
  displayName: "Builder agent",
  workspaceId,
  role: "member" as const,
});

describe("a follow-up's renames and type changes keep the records already typed", () => {
  test("rename a field and retype another: values move, convert or stay as typed, audited", async () => {
    const { c, workspaceId, userId } = await world.person("Migrator", "Migrations");
    const { app, at } = await newApp(c, workspaceId);
    const w = await builds.worker({ workspaceId, appId: app.id, userId });
    const say = userSays;
    const builder = offlineBuilder(w);
    const planAndBuild = async (messages: ProviderMessage[]) => {
      const done = await builder.planAndBuild(messages);
      expect(done.built.status).toBe("completed");
      return done;
    };
    const first = await planAndBuild(say([], "Tasks with title, estimate and owner"));

    const typed = [
      { title: "Paint the fence", estimate: "3", owner: "Ann" },
      { title: "Fix the gate", estimate: "about two", owner: "Bo" },
      { title: "Mow", owner: "Cy" },
    ];
    const ids = [];
    for (const data of typed) ids.push((await c.data.insert.mutate({ ...at("tasks"), data }))._id);

    const second = await planAndBuild(
      say(first.built.messages, "Rename the task title to summary and make estimate a number"),
    );
    const plan = second.planned.approvals![0]!.input as { steps: string[] };
    expect(plan.steps.join("\n")).toContain("Existing records move with the change");
    const last = second.built.messages.at(-1)!;
    const told = last.content.flatMap((p) => (p.type === "text" ? [p.text] : [])).join("\n");
    expect(told).toContain("Moved 3 values to renamed fields");
    expect(told).toContain("converted 1 value");
    expect(told).toContain("kept 1 value as typed");

    const docs = await Promise.all(ids.map((id) => c.data.get.query({ ...at("tasks"), id })));
    expect(docs.map((d) => [d.summary, d.estimate, d.owner, "title" in d])).toEqual([
      ["Paint the fence", 3, "Ann", false],
      ["Fix the gate", "about two", "Bo", false],
      ["Mow", undefined, "Cy", false],
    ]);
    const declared = await c.builds.collections.query({ workspaceId, appId: app.id });
    expect(Object.keys(declared.declared!.collections.tasks!.fields)).toContain("summary");

    // Each moved record is an audited update by the builder, naming the fields, never values.
    await world.server.app.deps.sealer.flush(workspaceId);
    const { events } = await c.audit.list.query({ workspaceId, category: "app_data" });
    const updates = events.filter(
      (e) => e.action === "app_data.document.updated" && e.actorName === "Builder agent",
    );
    expect(updates.length).toBe(4);
    expect(JSON.stringify(updates)).not.toContain("Paint the fence");
  });

  test("a rename onto a field that already holds a value keeps both; a renamed collection moves", async () => {
    const { c, workspaceId, userId } = await world.person("Mover", "Moves");
    const { app, at } = await newApp(c, workspaceId);
    const kept = await c.data.insert.mutate({ ...at("tasks"), data: { title: "A", summary: "B" } });
    await c.data.insert.mutate({ ...at("tasks"), data: { title: "C" } });
    const { db } = world.server.app.deps.db;
    const result = await withTenant(db, { workspaceId, userId }, (tx) =>
      migrateDocuments({ tx, actor: actorFor(workspaceId, userId) }, app.id, [
        { op: "rename-field", collection: "tasks", from: "title", to: "summary" },
        { op: "rename-collection", from: "tasks", to: "todos" },
      ]),
    );
    expect(result).toEqual({ moved: 2, renamed: 1, converted: 0, kept: 1 });
    expect((await c.data.list.query({ ...at("tasks") })).documents).toEqual([]);
    const moved = await c.data.get.query({ ...at("todos"), id: kept._id });
    expect(moved).toMatchObject({ title: "A", summary: "B" });
  });

  test("another workspace's app is NOT_FOUND and its records are untouched", async () => {
    const owner = await world.person("Owner", "Theirs");
    const { app, at } = await newApp(owner.c, owner.workspaceId);
    const doc = await owner.c.data.insert.mutate({ ...at("tasks"), data: { title: "Mine" } });
    const other = await world.person("Other", "Ours");
    const { db } = world.server.app.deps.db;
    const attempt = withTenant(db, { workspaceId: other.workspaceId, userId: other.userId }, (tx) =>
      migrateDocuments({ tx, actor: actorFor(other.workspaceId, other.userId) }, app.id, [
        { op: "rename-field", collection: "tasks", from: "title", to: "name" },
      ]),
    );
    await expect(attempt).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await owner.c.data.get.query({ ...at("tasks"), id: doc._id })).toMatchObject({
      title: "Mine",
      _version: 1,
    });
  });

  test("bad operations are refused by the tool with a clear error and change nothing", async () => {
    const { c, workspaceId, userId } = await world.person("Careful", "Careful");
    const { app, at } = await newApp(c, workspaceId);
    const doc = await c.data.insert.mutate({ ...at("tasks"), data: { title: "Keep" } });
    const w = await builds.worker({ workspaceId, appId: app.id, userId });
    const ctx = { root: w.root, build: w.services };
    const bad = await migrateDataTool.invoke(ctx, {
      operations: [
        { op: "rename-field", collection: "tasks", from: "title", to: "1 bad" },
        { op: "drop-everything", collection: "tasks" },
      ],
    });
    expect(bad.isError).toBe(true);
    expect(bad.output).toContain("invalid input for migrate_data");
    const tooMany = await migrateDataTool.invoke(ctx, {
      operations: Array.from({ length: 21 }, () => ({
        op: "rename-field",
        collection: "tasks",
        from: "title",
        to: "name",
      })),
    });
    expect(tooMany.output).toContain("At most 20 changes at once.");
    const limit = await migrateDataTool.invoke(ctx, {
      operations: Array.from({ length: 20 }, (_, i) => ({
        op: "rename-field",
        collection: "tasks",
        from: i === 0 ? "title" : `name${i}`,
        to: `name${i + 1}`,
      })),
    });
    expect(limit.isError).toBe(false);
    const after = await c.data.get.query({ ...at("tasks"), id: doc._id });
    expect(after).toMatchObject({ name20: "Keep" });
  });
});
