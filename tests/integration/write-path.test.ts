import { describe, expect, test } from "bun:test";
import postgres from "postgres";
import { newApp } from "../support/apps";
import { failure } from "../support/server";
import { setupWorld } from "../support/world";

// The write path sends a data call's statement in the same round trip as the app-access check
// (src/data/router.ts) and its tenant setup with it (db/tenant.ts): every write still leaves its
// change-log and audit row, and a refused or failed write leaves nothing.
const world = setupWorld();

async function counts(workspaceId: string, appId: string) {
  const sql = postgres(world.db.ownerUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql`select
      (select count(*)::int from app_documents where workspace_id = ${workspaceId} and app_id = ${appId}) as documents,
      (select count(*)::int from app_changes where workspace_id = ${workspaceId} and app_id = ${appId}) as changes,
      (select count(*)::int from audit_events where workspace_id = ${workspaceId} and category = 'app_data') as audited`;
    return row as { documents: number; changes: number; audited: number };
  } finally {
    await sql.end();
  }
}

describe("the data write path", () => {
  test("concurrent writes each leave one change-log row and one audit row", async () => {
    const { c, workspaceId } = await world.person("Busy Writer", "Busy");
    const { app, at } = await newApp(c, workspaceId);
    const docs = await Promise.all(
      Array.from({ length: 40 }, (_, n) => c.data.insert.mutate({ ...at("items"), data: { n } })),
    );
    await Promise.all(
      docs
        .slice(0, 10)
        .map((d) => c.data.update.mutate({ ...at("items"), id: d._id, patch: { done: true } })),
    );
    await Promise.all(
      docs.slice(10, 15).map((d) => c.data.remove.mutate({ ...at("items"), id: d._id })),
    );
    expect(await counts(workspaceId, app.id)).toEqual({ documents: 35, changes: 55, audited: 55 });
  });

  test("a write to an app the caller cannot see is not found and leaves nothing", async () => {
    const owner = await world.person("Private Maker", "Private");
    const { app, at } = await newApp(owner.c, owner.workspaceId);
    // A member who is not a collaborator: the draft is not theirs to see.
    const outsider = await world.member(owner.workspaceId, "member", "Outsider");
    for (const call of [
      () => outsider.c.data.insert.mutate({ ...at("items"), data: { n: 1 } }),
      () => outsider.c.data.insertMany.mutate({ ...at("items"), documents: [{ data: { n: 2 } }] }),
    ]) {
      expect(await failure(call())).toMatchObject({ code: "NOT_FOUND", message: "App not found." });
    }
    expect(await counts(owner.workspaceId, app.id)).toEqual({
      documents: 0,
      changes: 0,
      audited: 0,
    });
  });

  test("a failed write is refused with its own reason and leaves nothing", async () => {
    const { c, workspaceId } = await world.person("Careful Writer", "Careful");
    const { app, at } = await newApp(c, workspaceId);
    await c.data.insert.mutate({ ...at("items"), id: "one", data: { n: 1 } });
    expect(
      await failure(c.data.insert.mutate({ ...at("items"), id: "one", data: { n: 2 } })),
    ).toMatchObject({ code: "CONFLICT" });
    expect(
      await failure(c.data.update.mutate({ ...at("items"), id: "missing", patch: { n: 3 } })),
    ).toMatchObject({ code: "NOT_FOUND", message: "Document not found." });
    expect(await counts(workspaceId, app.id)).toEqual({ documents: 1, changes: 1, audited: 1 });
  });
});
