import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { RunEvent } from "../../worker/agent/events";
import { approvalReply, runAgentLoop } from "../../worker/agent/loop";
import { formatProblems } from "../../worker/build/check";
import type { BuildServices } from "../../worker/build/service";
import { requestsOf } from "../../worker/offline/builder";
import { createOfflineProvider } from "../../worker/providers/offline";
import type { ProviderMessage } from "../../worker/providers/types";
import { allBuilderTools, approvalStopToolNames } from "../../worker/tools/builder-specs";
import { ToolInputError } from "../../worker/workspace/paths";

let root: string;
let events: RunEvent[];
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "offline-builder-"));
  events = [];
});
afterEach(() => rm(root, { recursive: true, force: true }));

const text = (t: string): ProviderMessage => ({
  role: "user",
  content: [{ type: "text", text: t }],
});

/** A build service that answers from a script: each call takes the next answer. */
function scriptedBuild(answers: ("ok" | string)[]) {
  const calls: string[] = [];
  const migrations: unknown[] = [];
  const build: BuildServices = {
    async doneBuilding(summary) {
      calls.push(summary);
      const answer = answers[Math.min(calls.length - 1, answers.length - 1)]!;
      if (answer === "ok") return "Built and saved in 1.2 s.";
      throw new ToolInputError(answer);
    },
    addDependency: async () => "unused",
    async migrateData(operations) {
      migrations.push(operations);
      return "Moved 1 value to renamed fields.";
    },
  };
  return { build, calls, migrations };
}

const loop = (messages: ProviderMessage[], build?: BuildServices) =>
  runAgentLoop({
    provider: createOfflineProvider(),
    model: "offline-builder",
    system: "",
    messages,
    tools: allBuilderTools,
    toolContext: { root, build },
    maxTurns: 12,
    approvalTools: approvalStopToolNames,
    emit: (e) => {
      events.push(e);
    },
  });

async function approve(messages: ProviderMessage[], build?: BuildServices, answer = "Approved.") {
  const planned = await loop(messages, build);
  expect(planned.status).toBe("awaiting_approval");
  const reply = approvalReply(planned.pendingToolResults ?? [], [
    { toolCallId: planned.approvals![0]!.toolCallId, answer },
  ]);
  return { planned, next: [...planned.messages, reply] };
}

const said = () =>
  events
    .filter((e) => e.type === "text-delta")
    .map((e) => (e.type === "text-delta" ? e.text : ""))
    .join("");
const calls = (name: string) =>
  events.filter((e) => e.type === "tool-input-available" && e.toolName === name) as Extract<
    RunEvent,
    { type: "tool-input-available" }
  >[];

describe("offline builder", () => {
  test("rewrites the files a failed build names, then builds again", async () => {
    const report = formatProblems([
      {
        source: "typecheck",
        file: "src/App.tsx",
        line: 3,
        column: 1,
        message: "Cannot find name 'x'. (TS2304)",
      },
    ]);
    const { build, calls: builds } = scriptedBuild([
      `The app did not build. Fix these problems, then call done_building again:\n\n${report}`,
      "ok",
    ]);
    const { next } = await approve([text("A reading list")], build);
    events = [];
    const result = await loop(next, build);
    expect(result.status).toBe("completed");
    expect(builds).toHaveLength(2);
    const appWrites = calls("write_file").filter(
      (c) => (c.input as { path: string }).path === "src/App.tsx",
    );
    expect(appWrites).toHaveLength(2);
    expect(said()).toContain("problems in src/App.tsx");
    expect(said()).toContain("built and running in the preview");
  });

  test("stops after three failed builds and shows what the build reported", async () => {
    const report = formatProblems([
      {
        source: "build",
        file: "src/App.tsx",
        line: null,
        column: null,
        message: "Unexpected token",
      },
    ]);
    const { build, calls: builds } = scriptedBuild([`The app did not build.\n\n${report}`]);
    const { next } = await approve([text("Track vendors")], build);
    events = [];
    const result = await loop(next, build);
    expect(result.status).toBe("completed");
    expect(builds).toHaveLength(3);
    expect(said()).toContain("The build still fails");
    expect(said()).toContain("Unexpected token");
  });

  test("a problem outside the files it writes is reported, not guessed at", async () => {
    const report = formatProblems([
      { source: "typecheck", file: "src/custom/chart.ts", line: 1, column: 1, message: "Bad" },
    ]);
    const { build, calls: builds } = scriptedBuild([`The app did not build.\n\n${report}`]);
    const { next } = await approve([text("A bug tracker")], build);
    await loop(next, build);
    expect(builds).toHaveLength(1);
    expect(said()).toContain("src/custom/chart.ts");
  });

  test("a follow-up is planned with the user's words, then the app is rewritten and stale files removed", async () => {
    const { build } = scriptedBuild(["ok"]);
    const { next } = await approve([text("A CRM for our sales team")], build);
    const first = await loop(next, build);
    expect(first.status).toBe("completed");
    await writeFile(path.join(root, "notes.md"), "mine");
    events = [];
    const change = "Only track companies with a website and a yearly revenue";
    const { planned, next: again } = await approve([...first.messages, text(change)], build);
    const plan = planned.approvals![0]!.input as { steps: string[] };
    expect(plan.steps[0]).toBe(`Apply your change: "${change}"`);
    events = [];
    const second = await loop(again, build);
    expect(second.status).toBe("completed");
    const deleted = calls("delete_file").map((c) => (c.input as { path: string }).path);
    const written = calls("write_file").map((c) => (c.input as { path: string }).path);
    // Whatever the new design no longer has is removed; nothing it did not write is touched.
    for (const p of deleted) expect(written).not.toContain(p);
    expect(deleted).not.toContain("notes.md");
    expect(await readFile(path.join(root, "notes.md"), "utf8")).toBe("mine");
  });

  test("requests are the user's messages and requested changes, never approvals or later questions", () => {
    const messages: ProviderMessage[] = [
      text("Build a task board"),
      {
        role: "assistant",
        content: [{ type: "tool_use", id: "a", name: "present_plan", input: {} }],
      },
      {
        role: "user",
        content: [
          { type: "tool_result", toolUseId: "a", content: "Changes requested: add due dates" },
        ],
      },
      {
        role: "assistant",
        content: [{ type: "tool_use", id: "b", name: "present_plan", input: {} }],
      },
      { role: "user", content: [{ type: "tool_result", toolUseId: "b", content: "Approved." }] },
      text("Can it export?"),
    ];
    expect(requestsOf(messages)).toEqual(["Build a task board", "add due dates"]);
  });
});
