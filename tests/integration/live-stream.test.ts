import { describe, expect, test } from "bun:test";
import { newApp } from "../support/apps";
import { follow, type LiveMessage } from "../support/live";
import { setupWorld } from "../support/world";

const world = setupWorld();

const dataOf = (m: LiveMessage[], key: string) =>
  m.flatMap((x) =>
    x.events.flatMap((e) =>
      e.key === key && e.kind === "data" ? (e.changes as { id: string }[]) : [],
    ),
  );
const runOf = (m: LiveMessage[], key: string) =>
  m.flatMap((x) =>
    x.events.flatMap((e) =>
      e.key === key && e.kind === "run" ? (e.events as { seq: number; type: string }[]) : [],
    ),
  );

describe("live.stream: one stream, many topics", () => {
  test("data of two collections, a run and the app's run events arrive on one stream", async () => {
    const { c, workspaceId } = await world.person("Multiplexer", "Multiplex");
    const { app, at } = await newApp(c, workspaceId);
    const s = follow(c, {
      workspaceId,
      topics: [
        { kind: "data", key: "notes", appId: app.id, scope: "draft", collection: "notes" },
        { kind: "data", key: "all", appId: app.id, scope: "draft" },
        { kind: "app", key: "app", appId: app.id },
      ],
    });
    await s.ready();
    const note = await c.data.insert.mutate({ ...at("notes"), data: { n: 1 } });
    const lead = await c.data.insert.mutate({ ...at("leads"), data: { n: 2 } });
    await s.until(() => dataOf(s.messages, "all").length >= 2, "both changes");
    expect(dataOf(s.messages, "notes").map((ch) => ch.id)).toEqual([note._id]);
    expect(dataOf(s.messages, "all").map((ch) => ch.id)).toEqual([note._id, lead._id]);

    // A run started elsewhere shows on the app topic (ids and types, no content).
    const run = await c.runs.create.mutate({ workspaceId, appId: app.id, prompt: "Build a CRM" });
    const appRuns = () =>
      s.messages.flatMap((m) => m.events.flatMap((e) => (e.kind === "app" ? e.runs : [])));
    await s.until(() => appRuns().some((r) => r.type === "user-message"), "the new run");
    expect(appRuns()[0]).toEqual({ runId: run.id, seq: 1, type: "user-message" });
    expect(JSON.stringify(appRuns())).not.toContain("Build a CRM");
    s.close();

    // A run topic replays from the start, and a data topic resumes from its cursor.
    const cursor = s.messages.at(-1)!.cursor;
    await c.data.insert.mutate({ ...at("notes"), data: { n: 3 } });
    const t = follow(c, {
      workspaceId,
      topics: [
        { kind: "run", key: "r", runId: run.id },
        { kind: "data", key: "notes", appId: app.id, scope: "draft", cursor },
      ],
    });
    await t.until(() => dataOf(t.messages, "notes").length >= 1, "the missed note");
    expect(
      runOf(t.messages, "r")
        .slice(0, 2)
        .map((e) => e.seq),
    ).toEqual([1, 2]);
    t.close();
  });

  test("reconnecting with the last event id resumes every topic without loss or repeats", async () => {
    const { c, workspaceId } = await world.person("Reconnector", "Reconnect");
    const { app, at } = await newApp(c, workspaceId);
    const run = await c.runs.create.mutate({ workspaceId, appId: app.id, prompt: "Build it" });
    // A key named like an object-prototype member must resume like any other.
    const topics = [
      { kind: "data" as const, key: "d", appId: app.id, scope: "draft" as const },
      { kind: "run" as const, key: "constructor", runId: run.id },
    ];
    const first = follow(c, { workspaceId, topics });
    await first.ready();
    await c.data.insert.mutate({ ...at("notes"), data: { n: 1 } });
    await first.until(() => dataOf(first.messages, "d").length >= 1, "one change");
    const seen = runOf(first.messages, "constructor").length;
    first.close();
    for (let n = 2; n <= 4; n++) await c.data.insert.mutate({ ...at("notes"), data: { n } });
    await c.runs.stop.mutate({ workspaceId, runId: run.id });
    const second = follow(c, { workspaceId, topics, lastEventId: first.messages.at(-1)!.id });
    await second.until(() => dataOf(second.messages, "d").length >= 3, "three missed changes");
    await second.until(() => runOf(second.messages, "constructor").length >= 1, "the stop");
    expect(runOf(second.messages, "constructor").map((e) => e.seq)).toEqual([seen + 1]);
    expect(dataOf(second.messages, "d")).toHaveLength(3);
    second.close();
  });

  test("bad input is refused before the stream starts", async () => {
    const { c, workspaceId } = await world.person("Refused", "Refusals");
    const { app } = await newApp(c, workspaceId);
    const d = (key: string) => ({
      kind: "data" as const,
      key,
      appId: app.id,
      scope: "draft" as const,
    });
    const cases = [
      { topics: [] },
      { topics: Array.from({ length: 49 }, (_, i) => d(`k${i}`)) },
      { topics: [d("same"), d("same")] },
      { topics: [d("bad key!")] },
      { topics: [d("__proto__")] },
      { topics: [d("d")], lastEventId: "not json" },
      { topics: [{ kind: "run" as const, key: "r", runId: crypto.randomUUID() }] },
    ];
    const outcomes = [];
    for (const input of cases) {
      const s = follow(c, { workspaceId, ...input });
      outcomes.push(
        await s.ready().then(
          () => "opened",
          (e: Error) => e.message,
        ),
      );
      s.close();
    }
    expect(outcomes).toEqual([
      "Follow at least one topic.",
      "A stream follows at most 48 topics.",
      "Topic keys must differ.",
      "Topic keys use 1–32 letters, digits, _ or -, starting with a letter or digit.",
      "Topic keys use 1–32 letters, digits, _ or -, starting with a letter or digit.",
      "That is not a valid live event id.",
      "Run not found.",
    ]);
  });
});
