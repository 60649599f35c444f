import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { writeFile } from "node:fs/promises";
import postgres from "postgres";
import { createWorker } from "../../worker/create";
import { newApp } from "../support/apps";
import { processesIn, slowTypes, waitFor } from "../support/processes";
import { watchRun } from "../support/run-watch";
import { failure, testConfig } from "../support/server";
import { setupWorld } from "../support/world";

const world = setupWorld();
let worker: ReturnType<typeof createWorker>;
let workspacesDir: string;

beforeAll(async () => {
  workspacesDir = `/tmp/second-test-workspaces-${world.db.name}`;
  worker = createWorker(testConfig(world.db, { workspacesDir }));
  await worker.ready();
});
afterAll(async () => {
  await worker?.close();
});

describe("builder runs", () => {
  test("an offline run plans, waits for approval, then completes; viewers see every event", async () => {
    const { c, workspaceId } = await world.person("Builder", "Builds");
    const { app } = await newApp(c, workspaceId, "Lead Tracker");
    const providers = await c.runs.providers.query({ workspaceId });
    expect(providers.find((p) => p.provider === "offline")?.available).toBe(true);
    expect(providers.find((p) => p.provider === "anthropic")).toMatchObject({ available: false });

    const run = await c.runs.create.mutate({
      workspaceId,
      appId: app.id,
      prompt: "Build a lead tracker",
    });
    expect(run).toMatchObject({ status: "pending", provider: "offline", model: "offline-builder" });
    const w = watchRun(c, { workspaceId, runId: run.id });
    await w.untilStatus("awaiting_approval");
    const approval = w.events.find((e) => e.type === "approval");
    expect(approval?.data).toMatchObject({ toolName: "present_plan" });
    expect(await c.runs.get.query({ workspaceId, runId: run.id })).toMatchObject({
      status: "awaiting_approval",
    });

    await c.runs.respond.mutate({ workspaceId, runId: run.id, approve: true });
    await w.untilStatus("completed");
    w.close();
    expect(w.statuses()).toEqual([
      "pending",
      "running",
      "awaiting_approval",
      "pending",
      "running",
      "completed",
    ]);
    expect(w.events.map((e) => e.seq)).toEqual(w.events.map((_, i) => i + 1));
    expect(w.events.some((e) => e.type === "text-delta")).toBe(true);
    const done = await c.runs.get.query({ workspaceId, runId: run.id });
    expect(done.transcript.length).toBeGreaterThanOrEqual(4);
    // After the approval it wrote the app through the file tools and built it.
    const writes = w.events.filter(
      (e) => e.type === "tool-input-available" && e.data.toolName === "write_file",
    );
    expect(writes.length).toBeGreaterThan(5);
    expect(w.events.find((e) => e.type === "build-finish")?.data).toMatchObject({
      status: "succeeded",
    });
    const builds = await c.builds.status.query({ workspaceId, appId: app.id });
    expect(builds.current?.previewUrl).toContain(`/preview/${workspaceId}/`);
    const files = await c.builds.files.query({ workspaceId, appId: app.id });
    expect(files.files.map((f) => f.path)).toEqual(
      expect.arrayContaining(["src/App.tsx", "src/entities/leads.ts"]),
    );
    expect((await c.runs.list.query({ workspaceId, appId: app.id })).map((r) => r.id)).toEqual([
      run.id,
    ]);
  });

  test("a late viewer replays from the start; a reconnecting one gets only what it missed", async () => {
    const { c, workspaceId } = await world.person("Replayer", "Replays");
    const { app } = await newApp(c, workspaceId);
    const run = await c.runs.create.mutate({
      workspaceId,
      appId: app.id,
      prompt: "Build a task board",
    });
    const first = watchRun(c, { workspaceId, runId: run.id });
    await first.untilStatus("awaiting_approval");
    first.close();
    const late = watchRun(c, { workspaceId, runId: run.id });
    await late.untilStatus("awaiting_approval");
    late.close();
    expect(late.events.map((e) => e.seq)).toEqual(first.events.map((e) => e.seq));
    const cursor = String(first.events[first.events.length - 1]!.seq);
    await c.runs.respond.mutate({
      workspaceId,
      runId: run.id,
      approve: false,
      feedback: "Add due dates",
    });
    const resumed = watchRun(c, { workspaceId, runId: run.id, lastEventId: cursor });
    // Requested changes bring a revised plan, with the feedback in it.
    await resumed.untilStatus("awaiting_approval");
    resumed.close();
    const revised = resumed.events.find((e) => e.type === "approval");
    expect(JSON.stringify(revised?.data)).toContain("Add due dates");
    expect(resumed.events[0]?.seq).toBe(Number(cursor) + 1);
    expect(resumed.events[0]).toMatchObject({ type: "approval-answer", data: { approve: false } });
  });

  test("bad input: empty prompt, unknown model, unconfigured provider, a second run, wrong state", async () => {
    const { c, workspaceId } = await world.person("Careful", "Careful Co");
    const { app } = await newApp(c, workspaceId);
    const at = { workspaceId, appId: app.id };
    expect(await failure(c.runs.create.mutate({ ...at, prompt: "   " }))).toMatchObject({
      reason: "VALIDATION",
      message: "Write what you want to build.",
    });
    expect(
      await failure(c.runs.create.mutate({ ...at, prompt: "x".repeat(20_001) })),
    ).toMatchObject({
      reason: "VALIDATION",
    });
    expect(
      await failure(c.runs.create.mutate({ ...at, prompt: "Hi", model: "gpt-9" })),
    ).toMatchObject({
      reason: "VALIDATION",
      message: expect.stringContaining("Unknown model"),
    });
    expect(
      await failure(c.runs.create.mutate({ ...at, prompt: "Hi", provider: "anthropic" })),
    ).toMatchObject({
      code: "PRECONDITION_FAILED",
      message: expect.stringContaining("ANTHROPIC_API_KEY"),
    });
    const run = await c.runs.create.mutate({ ...at, prompt: "Build a CRM" });
    expect(await failure(c.runs.create.mutate({ ...at, prompt: "Build another" }))).toMatchObject({
      code: "CONFLICT",
    });
    const w = watchRun(c, { workspaceId, runId: run.id });
    await w.untilStatus("awaiting_approval");
    await c.runs.stop.mutate({ workspaceId, runId: run.id });
    await w.untilStatus("stopped");
    w.close();
    expect(await failure(c.runs.stop.mutate({ workspaceId, runId: run.id }))).toMatchObject({
      code: "PRECONDITION_FAILED",
    });
    expect(
      await failure(c.runs.respond.mutate({ workspaceId, runId: run.id, approve: true })),
    ).toMatchObject({
      code: "PRECONDITION_FAILED",
      message: "This run is not waiting for an answer.",
    });
    expect(
      await failure(c.runs.get.query({ workspaceId, runId: crypto.randomUUID() })),
    ).toMatchObject({
      code: "NOT_FOUND",
      message: "Run not found.",
    });
  });

  test("try again starts a new run with the same prompt; usage is summed per model", async () => {
    const { c, workspaceId } = await world.person("Retrier", "Retries");
    const { app } = await newApp(c, workspaceId);
    const run = await c.runs.create.mutate({
      workspaceId,
      appId: app.id,
      prompt: "Build an inventory",
    });
    expect(await failure(c.runs.retry.mutate({ workspaceId, runId: run.id }))).toMatchObject({
      code: "PRECONDITION_FAILED",
    });
    const w = watchRun(c, { workspaceId, runId: run.id });
    await w.untilStatus("awaiting_approval");
    await c.runs.stop.mutate({ workspaceId, runId: run.id });
    await w.untilStatus("stopped");
    w.close();
    const again = await c.runs.retry.mutate({ workspaceId, runId: run.id });
    expect(again).toMatchObject({ prompt: "Build an inventory", status: "pending" });
    expect(again.id).not.toBe(run.id);
    const usage = await c.runs.usage.query({ workspaceId, appId: app.id });
    expect(usage.byModel).toEqual([
      expect.objectContaining({
        kind: "builder",
        provider: "offline",
        model: "offline-builder",
        runs: 2,
      }),
    ]);
    expect(usage.total).toMatchObject({ runs: 2, costMicros: 0 });
    expect(
      await failure(c.runs.usage.query({ workspaceId, appId: crypto.randomUUID() })),
    ).toMatchObject({
      code: "NOT_FOUND",
    });
  });

  test("a new message continues the app's conversation, answering calls left open", async () => {
    const { c, workspaceId } = await world.person("Talker", "Conversations");
    const { app } = await newApp(c, workspaceId);
    const first = await c.runs.create.mutate({
      workspaceId,
      appId: app.id,
      prompt: "Build a garden planner",
    });
    const w1 = watchRun(c, { workspaceId, runId: first.id });
    await w1.untilStatus("awaiting_approval");
    await c.runs.stop.mutate({ workspaceId, runId: first.id });
    await w1.untilStatus("stopped");
    w1.close();
    const second = await c.runs.create.mutate({
      workspaceId,
      appId: app.id,
      prompt: "Make it track watering too",
    });
    const w2 = watchRun(c, { workspaceId, runId: second.id });
    await w2.untilStatus("awaiting_approval");
    w2.close();
    const run = await c.runs.get.query({ workspaceId, runId: second.id });
    const transcript = run.transcript as {
      role: string;
      content: { type: string; text?: string; content?: string }[];
    }[];
    // The first prompt, the first plan, then one user turn answering the open plan and asking anew.
    expect(transcript[0]?.content[0]).toMatchObject({ text: "Build a garden planner" });
    expect(transcript[1]?.role).toBe("assistant");
    expect(transcript[2]?.content.map((p) => p.type)).toEqual(["tool_result", "text"]);
    expect(transcript[2]?.content[1]).toMatchObject({ text: "Make it track watering too" });
    const plan = w2.events.find((e) => e.type === "approval");
    expect(JSON.stringify(plan?.data)).toContain("track watering");
  });

  test("stop during a build: the build is abandoned, its processes killed, the last good preview stays", async () => {
    const { c, workspaceId } = await world.person("Stopper", "Stops");
    const { app } = await newApp(c, workspaceId);
    const build = async (prompt: string) => {
      const run = await c.runs.create.mutate({ workspaceId, appId: app.id, prompt });
      const w = watchRun(c, { workspaceId, runId: run.id });
      await w.untilStatus("awaiting_approval");
      await c.runs.respond.mutate({ workspaceId, runId: run.id, approve: true });
      return { run, w };
    };
    const first = await build("Build a lead tracker");
    await first.w.untilStatus("completed");
    first.w.close();
    const good = await c.builds.status.query({ workspaceId, appId: app.id });
    expect(good.current).not.toBeNull();

    // The worker keeps this folder for the next run; a file in it makes the type-check slow.
    const root = `${workspacesDir}/${app.id}`;
    await writeFile(`${root}/src/slow.ts`, slowTypes());
    const second = await build("Add a notes field to leads");
    await waitFor(async () => (await processesIn(root)).length > 0, "the build's type-check");
    await c.runs.stop.mutate({ workspaceId, runId: second.run.id });
    await second.w.untilStatus("stopped");
    second.w.close();

    expect(await processesIn(root)).toEqual([]);
    expect(second.w.statuses().at(-1)).toBe("stopped");
    expect(second.w.events.find((e) => e.type === "build-finish")?.data).toMatchObject({
      status: "stopped",
      buildId: null,
    });
    const done = second.w.events.find(
      (e) => e.type === "tool-output" && String(e.data.output).includes("abandoned"),
    );
    expect(done).toBeDefined();
    expect(await c.runs.get.query({ workspaceId, runId: second.run.id })).toMatchObject({
      status: "stopped",
    });
    const after = await c.builds.status.query({ workspaceId, appId: app.id });
    expect(after.current?.id).toBe(good.current!.id);
    expect(after.latest?.id).toBe(good.current!.id);
    const sql = postgres(world.db.ownerUrl, { max: 1, onnotice: () => {} });
    try {
      const [row] = await sql`select count(*)::int as n from app_builds where app_id = ${app.id}`;
      expect(row?.n).toBe(1);
    } finally {
      await sql.end();
    }
    const page = await fetch(new URL(after.current!.previewUrl, world.server.url));
    expect(page.status).toBe(200);
  });

  test("a run left 'running' by a dead worker fails with a clear, retryable message", async () => {
    const { c, workspaceId } = await world.person("Survivor", "Crashes");
    const { app } = await newApp(c, workspaceId);
    const run = await c.runs.create.mutate({
      workspaceId,
      appId: app.id,
      prompt: "Build a tracker",
    });
    const w = watchRun(c, { workspaceId, runId: run.id });
    await w.untilStatus("awaiting_approval");
    // Simulate a worker that died mid-turn: the run is marked running and the job delivered again.
    const owner = postgres(world.db.ownerUrl, { max: 1, onnotice: () => {} });
    try {
      await owner`update agent_runs set status = 'running', pending = null where id = ${run.id}`;
    } finally {
      await owner.end();
    }
    await worker.queues.enqueue("builder.run", {
      workspaceId,
      runId: run.id,
      idempotencyKey: `${run.id}-again`,
    });
    await w.untilStatus("failed");
    w.close();
    expect(await c.runs.get.query({ workspaceId, runId: run.id })).toMatchObject({
      status: "failed",
      failureCode: "worker_lost",
      failureMessage: expect.stringContaining("Try again"),
    });
  });
});
