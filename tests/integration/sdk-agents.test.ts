import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { writeFile } from "node:fs/promises";
import type { PlatformMessage } from "../../src/sdk/protocol";
import { AppBridge, type BridgeClient, type Pin } from "../../web/src/bridge/relay";
import { newApp } from "../support/apps";
import { setupBuilds } from "../support/builds";
import type { Client } from "../support/server";
import { setupWorld } from "../support/world";

// Each test type-checks and bundles real apps: seconds apiece, more on a busy machine.
setDefaultTimeout(60_000);

const world = setupWorld();
const builds = setupBuilds(() => world.db);

const APP = `export default function App() {
  return <main><h1>Tickets</h1></main>;
}
`;
const COLLECTIONS = JSON.stringify({
  version: 1,
  collections: { tickets: { fields: { title: { type: "string" } }, access: { agents: "write" } } },
});
const AGENTS = JSON.stringify({
  version: 1,
  agents: [
    {
      id: "triage",
      name: "Triage",
      description: "Sets the priority of a ticket.",
      systemPrompt: "Read the ticket and set its priority.",
      dataCollections: [{ name: "tickets", access: "write" }],
      triggers: [{ type: "manual" }],
    },
    {
      id: "nightly",
      name: "Nightly summary",
      description: "Summarises the day's tickets.",
      systemPrompt: "Summarise the tickets.",
      dataCollections: [{ name: "tickets", access: "read" }],
      triggers: [{ type: "schedule", cron: "0 2 * * *" }],
    },
  ],
});

/** An app whose current build declares the agents; approved live unless asked not to. */
async function agentApp(c: Client, workspaceId: string, userId: string, approve = true) {
  const { app } = await newApp(c, workspaceId);
  const w = await builds.worker({ workspaceId, appId: app.id, userId });
  await writeFile(w.file("src/App.tsx"), APP);
  await writeFile(w.file("collections.json"), COLLECTIONS);
  await writeFile(w.file("agents.json"), AGENTS);
  expect((await w.build("Agents")).status).toBe("succeeded");
  if (approve) await c.agents.approve.mutate({ workspaceId, appId: app.id });
  return app.id;
}

/**
 * The bridge as the preview's parent runs it, with a real session's tRPC client; the app's run
 * activity is signalled by hand (the live stream has tests of its own).
 */
function bridgeFor(c: Client, pin: Pin) {
  const frame = {};
  const posted: PlatformMessage[] = [];
  const waiting: {
    test: (m: PlatformMessage) => boolean;
    resolve: (m: PlatformMessage) => void;
  }[] = [];
  /** The first message (already posted or still to come) that passes the test. */
  const next = (test: (m: PlatformMessage) => boolean) =>
    new Promise<PlatformMessage>((resolve) => {
      const seen = posted.find(test);
      if (seen) resolve(seen);
      else waiting.push({ test, resolve });
    });
  const topics: { onLive: () => void; onRuns: (ids: string[]) => void; closed: boolean }[] = [];
  const bridge = new AppBridge({
    pin,
    client: c as unknown as BridgeClient,
    watch: () => () => {},
    watchRuns: (h) => {
      const topic = { ...h, closed: false };
      topics.push(topic);
      return () => {
        topic.closed = true;
      };
    },
    frame: () => frame as MessageEventSource,
    post: (m) => {
      posted.push(m);
      for (const w of waiting.filter((w) => w.test(m))) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve(m);
      }
    },
    theme: () => "light",
  });
  let n = 0;
  const send = (id: string, op: string, params: unknown) =>
    bridge.onMessage({
      source: frame as MessageEventSource,
      data: { source: "second-app", id, op, params },
    });
  const answerTo = (id: string) => next((m) => m.kind === "response" && m.id === id);
  /** Sends one request from the app and returns the bridge's answer to it. */
  const ask = async (op: string, params: unknown) => {
    const id = `r${++n}`;
    await send(id, op, params);
    return answerTo(id);
  };
  /** Opens a watch and lets the live topic report in; returns the answer. */
  const watch = async (params: unknown) => {
    const id = `w${++n}`;
    await send(id, "agent.watch", params);
    topics.at(-1)?.onLive();
    return answerTo(id);
  };
  return { ask, watch, next, topics };
}

describe("the app SDK's agents, through the bridge", () => {
  test("lists the declared agents and starts a manual run in the pinned app and scope", async () => {
    const { c, workspaceId, userId } = await world.person("Sdk Owner", "Sdk agents");
    const appId = await agentApp(c, workspaceId, userId);
    const { ask, watch } = bridgeFor(c, { workspaceId, appId, scope: "draft" });

    expect(await ask("agent.list", {})).toMatchObject({
      ok: true,
      result: {
        approval: "live",
        agents: [
          { id: "triage", name: "Triage", canRunManually: true },
          { id: "nightly", canRunManually: false, triggers: [{ type: "schedule" }] },
        ],
      },
    });

    const started = await ask("agent.run", {
      agentId: "triage",
      input: { documentId: "t1", collection: "tickets" },
    });
    expect(started).toMatchObject({
      ok: true,
      result: { agentId: "triage", scope: "draft", status: "pending", trigger: { type: "manual" } },
    });
    const runId = (started as { result: { id: string } }).result.id;
    const run = await c.agentRuns.get.query({ workspaceId, runId });
    expect(run).toMatchObject({ appId, input: { documentId: "t1", collection: "tickets" } });

    expect(await ask("agent.runs", { agentId: "triage" })).toMatchObject({
      ok: true,
      result: { runs: [{ id: runId }] },
    });
    expect(await watch({ runId })).toMatchObject({ ok: true, result: { runs: [{ id: runId }] } });
    expect(await watch({ agentId: "triage" })).toMatchObject({
      ok: true,
      result: { runs: [{ id: runId }] },
    });
  });

  test("refusals reach the app with the server's reason, and start nothing", async () => {
    const { c, workspaceId, userId } = await world.person("Sdk Refused", "Sdk refusals");
    const appId = await agentApp(c, workspaceId, userId, false);
    const { ask } = bridgeFor(c, { workspaceId, appId, scope: "draft" });

    expect(await ask("agent.run", { agentId: "triage" })).toMatchObject({
      ok: false,
      error: { code: "PRECONDITION_FAILED", message: expect.stringMatching(/not approved/) },
    });
    await c.agents.approve.mutate({ workspaceId, appId });
    expect(await ask("agent.run", { agentId: "nightly" })).toMatchObject({
      ok: false,
      error: {
        code: "PRECONDITION_FAILED",
        message: expect.stringMatching(/cannot be run by hand/),
      },
    });
    expect(await ask("agent.run", { agentId: "nobody" })).toMatchObject({
      ok: false,
      error: { code: "NOT_FOUND" },
    });
    // Too large never leaves the bridge.
    expect(
      await ask("agent.run", { agentId: "triage", input: { t: "x".repeat(16 * 1024) } }),
    ).toMatchObject({
      ok: false,
      error: { code: "VALIDATION", message: expect.stringContaining("16 KB") },
    });
    expect(await c.agentRuns.list.query({ workspaceId, appId })).toEqual([]);
  });

  test("an app cannot reach another app's, another scope's or another workspace's runs", async () => {
    const owner = await world.person("Sdk Pinned", "Sdk pinning");
    const { c, workspaceId, userId } = owner;
    const appA = await agentApp(c, workspaceId, userId);
    const appB = await agentApp(c, workspaceId, userId);
    const inB = bridgeFor(c, { workspaceId, appId: appB, scope: "draft" });
    const runB = ((await inB.ask("agent.run", { agentId: "triage" })) as { result: { id: string } })
      .result.id;

    // App A's document names app B's run: not found, as if there were none.
    const inA = bridgeFor(c, { workspaceId, appId: appA, scope: "draft" });
    expect(await inA.watch({ runId: runB })).toMatchObject({
      ok: false,
      error: { code: "NOT_FOUND" },
    });
    expect(await inA.ask("agent.runs", { agentId: "triage" })).toMatchObject({
      ok: true,
      result: { runs: [] },
    });
    // App B's published document does not see its draft runs.
    const published = bridgeFor(c, { workspaceId, appId: appB, scope: "published" });
    expect(await published.watch({ runId: runB })).toMatchObject({
      ok: false,
      error: { code: "NOT_FOUND" },
    });
    expect(await published.ask("agent.runs", { agentId: "triage" })).toMatchObject({
      result: { runs: [] },
    });

    // Someone else's session, pinned to this workspace's app: 404 for everything.
    const stranger = await world.person("Sdk Stranger", "Elsewhere");
    const foreign = bridgeFor(stranger.c, { workspaceId, appId: appB, scope: "draft" });
    for (const [op, params] of [
      ["agent.list", {}],
      ["agent.run", { agentId: "triage" }],
      ["agent.runs", { agentId: "triage" }],
    ] as const) {
      expect(await foreign.ask(op, params)).toMatchObject({
        ok: false,
        error: { code: "NOT_FOUND" },
      });
    }
    // Their own app's bridge naming this workspace's run: not found.
    const { app: theirApp } = await newApp(stranger.c, stranger.workspaceId);
    const own = bridgeFor(stranger.c, {
      workspaceId: stranger.workspaceId,
      appId: theirApp.id,
      scope: "draft",
    });
    expect(await own.watch({ runId: runB })).toMatchObject({
      ok: false,
      error: { code: "NOT_FOUND" },
    });
    expect(await c.agentRuns.list.query({ workspaceId, appId: appB })).toHaveLength(1);
  });

  test("a watch pushes the run's new state when the app's run activity names it", async () => {
    const { c, workspaceId, userId } = await world.person("Sdk Watcher", "Sdk watching");
    const appId = await agentApp(c, workspaceId, userId);
    const { ask, watch, next, topics } = bridgeFor(c, { workspaceId, appId, scope: "draft" });
    const runId = ((await ask("agent.run", { agentId: "triage" })) as { result: { id: string } })
      .result.id;
    await watch({ agentId: "triage" });
    await c.agentRuns.stop.mutate({ workspaceId, runId });
    topics[0]!.onRuns([runId]);
    expect(await next((m) => m.kind === "agent-runs")).toEqual({
      source: "second-platform",
      kind: "agent-runs",
      watchId: expect.any(String),
      runs: [expect.objectContaining({ id: runId, status: "stopped" })],
    });
  });
});
