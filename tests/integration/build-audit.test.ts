import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { writeFile } from "node:fs/promises";
import { createWorker } from "../../worker/create";
import { newApp } from "../support/apps";
import { setupBuilds } from "../support/builds";
import { watchRun } from "../support/run-watch";
import { type Client, failure, testConfig } from "../support/server";
import { setupWorld } from "../support/world";

// Each test type-checks and bundles real apps: seconds apiece, more on a busy machine.
setDefaultTimeout(60_000);

const world = setupWorld();
const builds = setupBuilds(() => world.db);
let worker: ReturnType<typeof createWorker>;

beforeAll(async () => {
  worker = createWorker(
    testConfig(world.db, { workspacesDir: `/tmp/second-test-workspaces-${world.db.name}` }),
  );
  await worker.ready();
});
afterAll(async () => {
  await worker?.close();
});

async function audit(c: Client, workspaceId: string, action: string) {
  return (await c.audit.list.query({ workspaceId, action: action as never })).events;
}

describe("the audit log names what happened to runs and builds", () => {
  test("approving, requesting changes and stopping are audited with the app's name, never the feedback text", async () => {
    const { c, workspaceId } = await world.person("Reviewer", "Plans");
    const { app } = await newApp(c, workspaceId, "Vendor Register");
    const run = await c.runs.create.mutate({
      workspaceId,
      appId: app.id,
      prompt: "Track vendors and contracts",
    });
    const w = watchRun(c, { workspaceId, runId: run.id });
    await w.untilStatus("awaiting_approval");
    const feedback = "Add a renewal date to each contract, please";
    await c.runs.respond.mutate({ workspaceId, runId: run.id, approve: false, feedback });
    await w.untilStatus("awaiting_approval", 2);
    await c.runs.respond.mutate({ workspaceId, runId: run.id, approve: true });
    await c.runs.stop.mutate({ workspaceId, runId: run.id });
    await w.untilStatus("stopped");
    w.close();

    const [changes] = await audit(c, workspaceId, "builder_run.changes_requested");
    expect(changes).toMatchObject({
      summary: "Reviewer asked the builder to change its plan for “Vendor Register”",
      targetType: "run",
      targetId: run.id,
      targetName: "Vendor Register",
      metadata: { appId: app.id, feedbackLength: feedback.length },
    });
    expect(JSON.stringify(changes)).not.toContain("renewal");
    const approved = await audit(c, workspaceId, "builder_run.plan_approved");
    expect(approved).toHaveLength(1);
    expect(approved[0]).toMatchObject({
      summary: "Reviewer approved the builder's plan for “Vendor Register”",
      targetName: "Vendor Register",
    });
    const [stopped] = await audit(c, workspaceId, "builder_run.stopped");
    expect(stopped).toMatchObject({
      summary: "Reviewer stopped a builder run on “Vendor Register”",
      targetId: run.id,
      targetName: "Vendor Register",
    });

    // A refused answer changes nothing, the audit log included.
    const refused = await failure(
      c.runs.respond.mutate({ workspaceId, runId: run.id, approve: true }),
    );
    expect(refused.code).toBe("PRECONDITION_FAILED");
    expect(await audit(c, workspaceId, "builder_run.plan_approved")).toHaveLength(1);
  }, 60_000);

  test("builds are audited when they start, succeed and fail, naming the build and its app", async () => {
    const { c, workspaceId, userId } = await world.person("Builder", "Builds");
    const { app } = await newApp(c, workspaceId, "Asset Log");
    const b = await builds.worker({ workspaceId, appId: app.id, userId });
    await writeFile(
      b.file("src/App.tsx"),
      "export default function App() {\n  return <main>Assets</main>;\n}\n",
    );
    const good = await b.build("First version");
    expect(good.status).toBe("succeeded");
    await writeFile(
      b.file("src/App.tsx"),
      'export default function App() {\n  const n: number = "x";\n  return <main>{n}</main>;\n}\n',
    );
    const bad = await b.build("Broken version");
    expect(bad.status).toBe("failed");

    expect(await audit(c, workspaceId, "build.started")).toEqual([
      expect.objectContaining({ summary: "Started building “Asset Log”", targetName: "Asset Log" }),
      expect.objectContaining({ summary: "Started building “Asset Log”", targetId: app.id }),
    ]);
    const [succeeded] = await audit(c, workspaceId, "build.succeeded");
    expect(succeeded).toMatchObject({
      actorName: "Builder agent",
      targetType: "build",
      targetId: good.buildId,
      targetName: "Asset Log",
      metadata: { appId: app.id },
    });
    expect(succeeded?.summary).toMatch(/^Built “Asset Log” in \d+\.\d s$/);
    const [failed] = await audit(c, workspaceId, "build.failed");
    expect(failed).toMatchObject({
      targetType: "build",
      targetId: bad.buildId,
      targetName: "Asset Log",
      metadata: { problemCount: bad.problems.length },
    });
    expect(failed?.summary).toMatch(/^The build of “Asset Log” failed after \d+\.\d s$/);
    const [saved] = await audit(c, workspaceId, "app.snapshot_saved");
    expect(saved).toMatchObject({ targetType: "app", targetName: "Asset Log" });
  }, 120_000);

  test("document writes name the collection and the app, not the document's contents", async () => {
    const { c, workspaceId } = await world.person("Clerk", "Records");
    const { app, at } = await newApp(c, workspaceId, "Acme CRM");
    const doc = await c.data.insert.mutate({
      ...at("contacts"),
      data: { name: "Acme Ltd", secretNote: "do not log" },
    });
    const [row] = await audit(c, workspaceId, "app_data.document.inserted");
    expect(row).toMatchObject({
      summary: "Clerk inserted a document in contacts of “Acme CRM”",
      targetType: "app_data_document",
      targetId: doc._id,
      targetName: "contacts · Acme CRM",
      metadata: { appId: app.id, collection: "contacts" },
    });
    expect(JSON.stringify(row)).not.toContain("do not log");
  });
});
