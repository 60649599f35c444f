import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import type { Config } from "../../src/config";
import { createApp } from "../../src/http/app";
import { createWorker } from "../../worker/create";
import { type FakeOpenAI, startFakeOpenAI } from "../fixtures/fake-openai";
import { setupAgentApps, TICKETS_COLLECTIONS, triageAgents } from "../support/agent-apps";
import { newApp } from "../support/apps";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { watchRun } from "../support/run-watch";
import { failure, person, testConfig } from "../support/server";

setDefaultTimeout(60_000);

// A builder run on a local model server: the real SDK in the worker talks to a fake
// OpenAI-compatible server on loopback. The key must reach that server and nothing else.
const KEY = `sk-local-${crypto.randomUUID()}`;
const MODELS = ["llama3.1:8b", "qwen2.5-coder:7b"];
const PRICE = { input: 0.5, output: 2 };
const lines: string[] = [];
const sink = (line: string) => lines.push(line);

let db: TestDatabase;
let fake: FakeOpenAI;
let worker: ReturnType<typeof createWorker>;
const servers: { app: ReturnType<typeof createApp>; server: ReturnType<typeof Bun.serve> }[] = [];
let url: string;
let bareUrl: string;

function serve(config: Config) {
  const app = createApp(config, { logSink: sink });
  const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: app.fetch, idleTimeout: 0 });
  servers.push({ app, server });
  return `http://127.0.0.1:${server.port}`;
}

beforeAll(async () => {
  db = await createTestDatabase();
  fake = startFakeOpenAI();
  const openaiCompatible = { baseURL: fake.url, models: MODELS, apiKey: KEY, price: PRICE };
  const config = testConfig(db, {
    logLevel: "debug",
    openaiCompatible,
    workspacesDir: `/tmp/second-test-workspaces-${db.name}`,
  });
  url = serve(config);
  // The same installation's server without a model server configured.
  bareUrl = serve(testConfig(db, { logLevel: "debug" }));
  worker = createWorker(config, { logSink: sink });
  await worker.ready();
});
afterAll(async () => {
  await worker?.close();
  for (const { app, server } of servers) {
    await server.stop(true);
    await app.close();
  }
  await fake?.stop();
  await db?.drop();
});

const storeBuild = setupAgentApps(() => db);

describe("OpenAI-compatible provider", () => {
  test("a builder run on the model server completes: tool calls run, usage and cost recorded", async () => {
    const { c, workspaceId } = await person(url, "Local", "Local models");
    const { app } = await newApp(c, workspaceId, "Notes");
    const providers = await c.runs.providers.query({ workspaceId });
    expect(providers.find((p) => p.provider === "openai-compatible")).toEqual({
      provider: "openai-compatible",
      available: true,
      reason: null,
      defaultModel: "llama3.1:8b",
      models: MODELS.map((id) => ({ id, label: id })),
    });

    fake.enqueue(
      {
        text: "Let me look at the workspace first.",
        toolCalls: [
          { id: "call_list", name: "list_files", arguments: {} },
          {
            id: "call_write",
            name: "write_file",
            arguments: { path: "NOTES.md", content: "# Notes" },
          },
        ],
        usage: { prompt_tokens: 1000, completion_tokens: 100, cached_tokens: 400 },
      },
      {
        text: "Done: I wrote NOTES.md.",
        usage: { prompt_tokens: 1500, completion_tokens: 50 },
      },
    );
    const run = await c.runs.create.mutate({
      workspaceId,
      appId: app.id,
      prompt: "Write a notes file",
      provider: "openai-compatible",
      model: "qwen2.5-coder:7b",
    });
    expect(run).toMatchObject({ provider: "openai-compatible", model: "qwen2.5-coder:7b" });
    const w = watchRun(c, { workspaceId, runId: run.id });
    await w.untilStatus("completed");
    w.close();

    const inputs = w.events.filter((e) => e.type === "tool-input-available").map((e) => e.data);
    expect(inputs).toEqual([
      { toolCallId: "call_list", toolName: "list_files", input: {} },
      {
        toolCallId: "call_write",
        toolName: "write_file",
        input: { path: "NOTES.md", content: "# Notes" },
      },
    ]);
    const outputs = w.events.filter((e) => e.type === "tool-output").map((e) => e.data);
    expect(outputs).toEqual([
      expect.objectContaining({ toolCallId: "call_list", isError: false }),
      expect.objectContaining({ toolCallId: "call_write", isError: false }),
    ]);

    // The second request carries the calls and their results back, by id.
    expect(fake.requests).toHaveLength(2);
    const [first, second] = fake.requests;
    expect(first!.body).toMatchObject({ model: "qwen2.5-coder:7b", stream: true });
    expect(first!.body.tools.map((t: { function: { name: string } }) => t.function.name)).toContain(
      "write_file",
    );
    expect(first!.authorization).toBe(`Bearer ${KEY}`);
    const sent = second!.body.messages;
    expect(sent.find((m: { role: string }) => m.role === "assistant").tool_calls).toEqual([
      { id: "call_list", type: "function", function: { name: "list_files", arguments: "{}" } },
      {
        id: "call_write",
        type: "function",
        function: {
          name: "write_file",
          arguments: JSON.stringify({ path: "NOTES.md", content: "# Notes" }),
        },
      },
    ]);
    expect(
      sent
        .filter((m: { role: string }) => m.role === "tool")
        .map((m: { tool_call_id: string }) => m.tool_call_id),
    ).toEqual(["call_list", "call_write"]);

    expect(w.events.filter((e) => e.type === "usage").map((e) => e.data)).toEqual([
      {
        inputTokens: 600,
        outputTokens: 100,
        cacheReadTokens: 400,
        cacheWriteTokens: 0,
        model: "qwen2.5-coder:7b",
      },
      {
        inputTokens: 1500,
        outputTokens: 50,
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
        model: "qwen2.5-coder:7b",
      },
    ]);
    // Configured prices: $0.50 per million prompt tokens (cached ones too), $2 per million out.
    const cost = (600 + 1500 + 400) * PRICE.input + (100 + 50) * PRICE.output;
    expect(await c.runs.get.query({ workspaceId, runId: run.id })).toMatchObject({
      status: "completed",
      inputTokens: 2100,
      outputTokens: 150,
      cacheReadTokens: 400,
      costMicros: cost,
    });
    const usage = await c.runs.usage.query({ workspaceId, appId: app.id });
    expect(usage.byModel).toEqual([
      expect.objectContaining({
        provider: "openai-compatible",
        model: "qwen2.5-coder:7b",
        runs: 1,
        usesModel: true,
        costMicros: cost,
      }),
    ]);

    // Another workspace cannot see the run.
    const other = await person(url, "Stranger", "Elsewhere");
    expect(
      await failure(other.c.runs.get.query({ workspaceId: other.workspaceId, runId: run.id })),
    ).toMatchObject({ code: "NOT_FOUND" });
  });

  test("not configured: listed as unavailable with the reason, and a run is refused", async () => {
    const { c, workspaceId } = await person(bareUrl, "Bare", "No server");
    const { app } = await newApp(c, workspaceId, "Plain");
    const providers = await c.runs.providers.query({ workspaceId });
    expect(providers.find((p) => p.provider === "openai-compatible")).toMatchObject({
      available: false,
      reason: expect.stringContaining("OPENAI_COMPATIBLE_BASE_URL"),
      models: [],
    });
    const refused = await failure(
      c.runs.create.mutate({
        workspaceId,
        appId: app.id,
        prompt: "Build",
        provider: "openai-compatible",
        model: "llama3.1:8b",
      }),
    );
    expect(refused).toMatchObject({ code: "PRECONDITION_FAILED" });
    expect(refused.message).toContain("OPENAI_COMPATIBLE_BASE_URL");
    expect(await c.runs.list.query({ workspaceId, appId: app.id })).toEqual([]);
  });

  test("a model the server was not configured with is bad input and starts nothing", async () => {
    const { c, workspaceId } = await person(url, "Typo", "Typos");
    const { app } = await newApp(c, workspaceId, "Typo");
    const refused = await failure(
      c.runs.create.mutate({
        workspaceId,
        appId: app.id,
        prompt: "Build",
        provider: "openai-compatible",
        model: "llama9",
      }),
    );
    expect(refused).toMatchObject({ code: "BAD_REQUEST" });
    expect(refused.message).toContain("llama3.1:8b");
    expect(await c.runs.list.query({ workspaceId, appId: app.id })).toEqual([]);
  });

  test("the key never appears in logs or responses, even when the server echoes it", async () => {
    const { c, workspaceId } = await person(url, "Careful", "Secrets");
    const { app } = await newApp(c, workspaceId, "Secrets");
    fake.enqueue({ status: 401, body: { error: { message: `invalid key ${KEY}` } } });
    const before = fake.requests.length;
    const run = await c.runs.create.mutate({
      workspaceId,
      appId: app.id,
      prompt: "Build",
      provider: "openai-compatible",
    });
    const w = watchRun(c, { workspaceId, runId: run.id });
    await w.untilStatus("failed");
    w.close();
    expect(fake.requests[before]!.authorization).toBe(`Bearer ${KEY}`);
    const failed = await c.runs.get.query({ workspaceId, runId: run.id });
    expect(failed.failureMessage).toContain("rejected the API key");
    const responses = JSON.stringify([
      failed,
      w.events,
      await c.runs.providers.query({ workspaceId }),
      await c.runs.list.query({ workspaceId, appId: app.id }),
      await (await fetch(`${url}/healthz`)).text(),
    ]);
    expect(responses).not.toContain(KEY);
    // The worker logs the failure (its code, never the message) before the run reads as failed.
    expect(lines.some((line) => line.includes("builder run failed"))).toBe(true);
    for (const line of lines) expect(line).not.toContain(KEY);
  });

  test("an app agent whose model the server offers runs on it: its tool call changes the data, usage recorded", async () => {
    const { c, workspaceId } = await person(url, "Agent owner", "Agents");
    const { app, at } = await newApp(c, workspaceId, "Tickets");
    const target = { workspaceId, appId: app.id };
    await storeBuild(target, {
      "collections.json": TICKETS_COLLECTIONS,
      "agents.json": triageAgents({ model: "qwen2.5-coder:7b" }),
    });
    await c.agents.approve.mutate(target);
    const ticket = await c.data.insert.mutate({
      ...at("tickets"),
      data: { title: "Refund please", customer: "Bob" },
    });
    fake.enqueue(
      {
        toolCalls: [
          {
            name: "update_app_data",
            arguments: {
              collection: "tickets",
              op: "update",
              id: ticket._id,
              data: { priority: "medium" },
            },
          },
        ],
        usage: { prompt_tokens: 900, completion_tokens: 40 },
      },
      {
        text: "Set the priority to medium.",
        usage: { prompt_tokens: 1000, completion_tokens: 10 },
      },
    );
    const seen = fake.requests.length;
    const run = await c.agentRuns.start.mutate({
      ...target,
      agentId: "triage",
      input: { documentId: ticket._id },
    });
    expect(run).toMatchObject({ provider: "openai-compatible", model: "qwen2.5-coder:7b" });
    const w = watchRun(c, { workspaceId, runId: run.id });
    await w.untilStatus("completed");
    w.close();
    expect((await c.data.get.query({ ...at("tickets"), id: ticket._id })).priority).toBe("medium");
    const done = await c.agentRuns.get.query({ workspaceId, runId: run.id });
    expect(done.result).toBe("Set the priority to medium.");
    expect(done.usage).toMatchObject({
      inputTokens: 1900,
      outputTokens: 50,
      costMicros: 1900 * PRICE.input + 50 * PRICE.output,
    });
    const request = fake.requests[seen]!.body;
    expect(request.model).toBe("qwen2.5-coder:7b");
    expect(request.tools.map((t: { function: { name: string } }) => t.function.name)).toContain(
      "update_app_data",
    );
  });
});
