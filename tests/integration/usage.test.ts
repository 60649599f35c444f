import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createWorker } from "../../worker/create";
import { type FakeAnthropic, startFakeAnthropic } from "../fixtures/fake-anthropic";
import { newApp } from "../support/apps";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { watchRun } from "../support/run-watch";
import { client, person, startServer, type TestServer, testConfig } from "../support/server";

// Usage is what a provider reports: the offline builder runs no model and reports nothing.
let db: TestDatabase;
let fake: FakeAnthropic;
let server: TestServer;
let worker: ReturnType<typeof createWorker>;

beforeAll(async () => {
  db = await createTestDatabase();
  fake = startFakeAnthropic();
  const anthropic = { apiKey: "test-key", baseURL: fake.url };
  server = startServer(db, { anthropic });
  worker = createWorker(
    testConfig(db, {
      anthropic,
      workspacesDir: `/tmp/second-test-workspaces-${db.name}`,
    }),
  );
  await worker.ready();
});
afterAll(async () => {
  await worker?.close();
  await server?.close();
  await fake?.stop();
  await db?.drop();
});

describe("usage", () => {
  test("an offline run records no tokens and no cost; a Claude run records exactly what the API reported", async () => {
    const { c, workspaceId } = await person(server.url, "Counter", "Counts");
    const { app } = await newApp(c, workspaceId);

    const offline = await c.runs.create.mutate({
      workspaceId,
      appId: app.id,
      prompt: "Build a CRM",
      provider: "offline",
    });
    const w1 = watchRun(c, { workspaceId, runId: offline.id });
    await w1.untilStatus("awaiting_approval");
    w1.close();
    expect(w1.events.some((e) => e.type === "text-delta")).toBe(true);
    expect(w1.events.filter((e) => e.type === "usage")).toEqual([]);
    expect(await c.runs.get.query({ workspaceId, runId: offline.id })).toMatchObject({
      inputTokens: 0,
      outputTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      costMicros: 0,
    });
    await c.runs.stop.mutate({ workspaceId, runId: offline.id });

    fake.enqueue({
      blocks: [{ type: "text", text: "Which fields should a contact have?" }],
      stopReason: "end_turn",
      usage: {
        input_tokens: 1200,
        output_tokens: 300,
        cache_read_input_tokens: 500,
        cache_creation_input_tokens: 100,
      },
    });
    const claude = await c.runs.create.mutate({
      workspaceId,
      appId: app.id,
      prompt: "Build a CRM",
      provider: "anthropic",
    });
    const w2 = watchRun(c, { workspaceId, runId: claude.id });
    await w2.untilStatus("completed");
    w2.close();
    expect(w2.events.filter((e) => e.type === "usage").map((e) => e.data)).toEqual([
      {
        inputTokens: 1200,
        outputTokens: 300,
        cacheReadTokens: 500,
        cacheWriteTokens: 100,
        model: "claude-sonnet-5-5",
      },
    ]);
    // Sonnet: $3 in, $15 out, $0.30 cache read, $3.75 cache write per million tokens.
    const cost = 1200 * 3 + 300 * 15 + 500 * 0.3 + 100 * 3.75;
    expect(await c.runs.get.query({ workspaceId, runId: claude.id })).toMatchObject({
      inputTokens: 1200,
      outputTokens: 300,
      cacheReadTokens: 500,
      cacheWriteTokens: 100,
      costMicros: cost,
    });

    const usage = await c.runs.usage.query({ workspaceId, appId: app.id });
    expect(usage.byModel).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          provider: "offline",
          runs: 1,
          usesModel: false,
          inputTokens: 0,
          outputTokens: 0,
          costMicros: 0,
        }),
        expect.objectContaining({
          provider: "anthropic",
          model: "claude-sonnet-5-5",
          runs: 1,
          usesModel: true,
          inputTokens: 1200,
          outputTokens: 300,
          costMicros: cost,
        }),
      ]),
    );
    expect(usage.total).toMatchObject({
      usesModel: true,
      runs: 2,
      inputTokens: 1200,
      outputTokens: 300,
      cacheReadTokens: 500,
      cacheWriteTokens: 100,
      costMicros: cost,
    });
  });

  test("an app with only offline runs reports that no model was used; others' apps are not found", async () => {
    const { c, workspaceId } = await person(server.url, "Thrifty", "Thrift");
    const { app } = await newApp(c, workspaceId);
    const run = await c.runs.create.mutate({
      workspaceId,
      appId: app.id,
      prompt: "Build a log",
      provider: "offline",
    });
    const w = watchRun(c, { workspaceId, runId: run.id });
    await w.untilStatus("awaiting_approval");
    w.close();
    const usage = await c.runs.usage.query({ workspaceId, appId: app.id });
    expect(usage.total).toMatchObject({ usesModel: false, runs: 1, inputTokens: 0, costMicros: 0 });

    const other = client(server.url);
    const stranger = await other.auth.onboard.mutate({ displayName: "Stranger" });
    expect(stranger.id).toBeDefined();
    const theirs = await other.workspaces.create.mutate({ name: "Elsewhere" });
    await expect(
      other.runs.usage.query({ workspaceId: theirs.id, appId: app.id }),
    ).rejects.toMatchObject({ data: { code: "NOT_FOUND" } });
  });
});
