import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { coalesceDeltas } from "../../worker/agent/coalesce";
import { type RunEvent, runEventSchema } from "../../worker/agent/events";
import { type AgentLoopOptions, approvalReply, runAgentLoop } from "../../worker/agent/loop";
import { createAnthropicProvider } from "../../worker/providers/anthropic";
import { createOfflineProvider } from "../../worker/providers/offline";
import type { ProviderMessage } from "../../worker/providers/types";
import { allBuilderTools, approvalStopToolNames } from "../../worker/tools/builder-specs";
import { type FakeAnthropic, startFakeAnthropic } from "../fixtures/fake-anthropic";

let root: string;
let events: RunEvent[];
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "agent-loop-"));
  events = [];
});
afterEach(() => rm(root, { recursive: true, force: true }));

const ask = (text: string): ProviderMessage[] => [
  { role: "user", content: [{ type: "text", text }] },
];
const ofType = <T extends RunEvent["type"]>(type: T) =>
  events.filter((e): e is Extract<RunEvent, { type: T }> => e.type === type);

function options(over: Partial<AgentLoopOptions>): AgentLoopOptions {
  return {
    provider: createOfflineProvider(),
    model: "test-model",
    system: "You are the Second builder.",
    messages: ask("Hi"),
    tools: allBuilderTools,
    toolContext: { root },
    maxTurns: 8,
    approvalTools: approvalStopToolNames,
    emit: (event) => {
      runEventSchema.parse(event);
      events.push(event);
    },
    ...over,
  };
}

describe("agent loop with the offline provider", () => {
  test("plans, waits for approval, then writes the app through the file tools and builds it", async () => {
    const first = await runAgentLoop(options({ messages: ask("Build a CRM for leads") }));
    expect(first.status).toBe("awaiting_approval");
    const [approval] = ofType("approval");
    expect(approval).toMatchObject({ toolName: "present_plan", input: { title: "Build a CRM" } });
    expect(first.approvals).toEqual([approval!].map(({ type: _, ...a }) => a));
    expect(events.at(-1)).toEqual({ type: "run-finish", status: "awaiting_approval" });
    expect(first.messages.at(-1)?.role).toBe("assistant");

    events = [];
    const summaries: string[] = [];
    const build = {
      doneBuilding: async (summary: string) => {
        summaries.push(summary);
        return "Built and saved in 1.0 s.";
      },
      addDependency: async () => "unused",
      migrateData: async () => "unused",
    };
    const reply = approvalReply(first.pendingToolResults ?? [], [
      { toolCallId: approval!.toolCallId, answer: "Approved. Build it." },
    ]);
    const second = await runAgentLoop(
      options({ messages: [...first.messages, reply], toolContext: { root, build } }),
    );
    expect(second.status).toBe("completed");
    const written = ofType("tool-input-available").filter((e) => e.toolName === "write_file");
    expect(written.length).toBeGreaterThan(5);
    expect(await readFile(path.join(root, "src/App.tsx"), "utf8")).toContain("export default");
    expect(ofType("tool-output").every((o) => !o.isError)).toBe(true);
    expect(summaries).toEqual([expect.stringContaining("CRM")]);
    expect(
      ofType("text-delta")
        .map((e) => e.text)
        .join(""),
    ).toContain("built and running in the preview");
    expect(events.at(-1)).toEqual({ type: "run-finish", status: "completed" });
  });
});

describe("agent loop with the anthropic provider against the fake Messages API", () => {
  let fake: FakeAnthropic;
  const anthropic = () =>
    createAnthropicProvider({ apiKey: "sk-ant-test", baseURL: fake.url, maxRetries: 0 });
  beforeEach(() => {
    fake = startFakeAnthropic();
  });
  afterEach(() => fake.stop());

  test("writes then reads a file over several turns and completes with usage summed", async () => {
    fake.enqueue(
      {
        blocks: [
          { type: "thinking", thinking: "A notes file first.", signature: "sig-1" },
          { type: "tool_use", name: "write_file", input: { path: "notes.md", content: "# Hi" } },
        ],
        usage: { input_tokens: 100, output_tokens: 20, cache_read_input_tokens: 50 },
      },
      { blocks: [{ type: "tool_use", name: "read_file", input: { path: "notes.md" } }] },
      { blocks: [{ type: "text", text: "The notes file is written and checked." }] },
    );
    const result = await runAgentLoop(
      options({ provider: anthropic(), thinking: { budgetTokens: 2000 } }),
    );
    expect(result.status).toBe("completed");
    expect(await readFile(path.join(root, "notes.md"), "utf8")).toBe("# Hi");
    const outputs = ofType("tool-output");
    expect(outputs).toHaveLength(2);
    expect(outputs.every((o) => !o.isError)).toBe(true);
    expect(outputs[1]!.output).toContain("# Hi");
    expect(ofType("tool-input-start").map((e) => e.toolName)).toEqual(["write_file", "read_file"]);
    expect(ofType("tool-input-delta").length).toBeGreaterThan(1);
    expect(result.usage).toEqual({
      inputTokens: 120,
      outputTokens: 30,
      cacheReadTokens: 50,
      cacheWriteTokens: 0,
    });
    expect(ofType("usage")).toHaveLength(3);
    expect(result.messages.map((m) => m.role)).toEqual([
      "user",
      "assistant",
      "user",
      "assistant",
      "user",
      "assistant",
    ]);
    expect(result.messages[1]!.content[0]).toEqual({
      type: "reasoning",
      text: "A notes file first.",
      signature: "sig-1",
    });
    // The signed thinking block and the tool result go back to the API on the next turn.
    const sent = fake.requests[1]!.body.messages;
    expect(sent[1].content[0]).toMatchObject({ type: "thinking", signature: "sig-1" });
    expect(sent[2].content[0]).toMatchObject({ type: "tool_result", is_error: false });
    expect(fake.requests[0]!.body.tools.map((t: { name: string }) => t.name)).toContain(
      "present_plan",
    );
  });

  test("invalid tool input and a path outside the workspace come back as error results", async () => {
    fake.enqueue(
      {
        blocks: [
          { type: "tool_use", name: "write_file", input: { path: 42 } },
          { type: "tool_use", name: "write_file", input: { path: "../escape.txt", content: "x" } },
          { type: "tool_use", name: "deploy_app", input: {} },
        ],
      },
      { blocks: [{ type: "text", text: "I could not write those files." }] },
    );
    const result = await runAgentLoop(options({ provider: anthropic() }));
    expect(result.status).toBe("completed");
    const outputs = ofType("tool-output");
    expect(outputs.map((o) => o.isError)).toEqual([true, true, true]);
    expect(outputs[0]!.output).toContain("invalid input for write_file");
    expect(outputs[1]!.output).toMatch(/outside|workspace/i);
    expect(outputs[2]!.output).toContain("no tool named deploy_app");
    expect(await Bun.file(path.join(path.dirname(root), "escape.txt")).exists()).toBe(false);
    expect(fake.requests[1]!.body.messages[2].content).toHaveLength(3);
  });

  test("an approval stop alongside a file write leaves the write unrun until the answer", async () => {
    fake.enqueue({
      blocks: [
        { type: "tool_use", name: "present_plan", input: { title: "Tasks", steps: ["Model"] } },
        { type: "tool_use", name: "write_file", input: { path: "a.txt", content: "a" } },
      ],
    });
    const result = await runAgentLoop(options({ provider: anthropic() }));
    expect(result.status).toBe("awaiting_approval");
    expect(result.pendingToolResults).toHaveLength(1);
    expect(result.pendingToolResults![0]!.isError).toBe(true);
    expect(await Bun.file(path.join(root, "a.txt")).exists()).toBe(false);
  });

  test("an invalid plan is sent back to the model instead of showing a card", async () => {
    fake.enqueue(
      { blocks: [{ type: "tool_use", name: "present_plan", input: { title: "X", steps: [] } }] },
      { blocks: [{ type: "text", text: "Let me try again." }] },
    );
    const result = await runAgentLoop(options({ provider: anthropic() }));
    expect(result.status).toBe("completed");
    expect(ofType("approval")).toHaveLength(0);
    expect(ofType("tool-output")[0]).toMatchObject({ isError: true });
  });

  test("reaching maxTurns fails with max_turns", async () => {
    const call = { blocks: [{ type: "tool_use" as const, name: "list_files", input: {} }] };
    fake.enqueue(call, call);
    const result = await runAgentLoop(options({ provider: anthropic(), maxTurns: 2 }));
    expect(result.status).toBe("failed");
    expect(result.failure?.code).toBe("max_turns");
    expect(result.failure?.message).toContain("2 model turns");
    expect(result.messages.at(-1)?.role).toBe("user");
    expect(events.at(-1)).toMatchObject({ type: "run-finish", failureCode: "max_turns" });
  });

  test("aborting mid-stream stops the run and keeps the transcript valid", async () => {
    fake.enqueue({
      blocks: [{ type: "text", text: "A long answer that streams slowly to the end." }],
      chunkDelayMs: 30,
    });
    const controller = new AbortController();
    const result = await runAgentLoop(
      options({
        provider: anthropic(),
        signal: controller.signal,
        emit: (event) => {
          events.push(event);
          if (event.type === "text-delta") controller.abort();
        },
      }),
    );
    expect(result.status).toBe("stopped");
    expect(result.messages).toHaveLength(1);
    expect(events.at(-1)).toEqual({ type: "run-finish", status: "stopped" });
  });

  test("a provider error fails the run with provider_error and its message", async () => {
    fake.enqueue({
      status: 400,
      error: { type: "invalid_request_error", message: "prompt is too long" },
    });
    const result = await runAgentLoop(options({ provider: anthropic() }));
    expect(result.status).toBe("failed");
    expect(result.failure?.code).toBe("provider_error");
    expect(result.failure?.message).toContain("prompt is too long");
    expect(result.messages).toHaveLength(1);
  });
});

describe("coalesceDeltas", () => {
  function setup(intervalMs = 40) {
    let clock = 0;
    const timers: (() => void)[] = [];
    const sink: RunEvent[] = [];
    const coalescer = coalesceDeltas((e) => void sink.push(e), {
      intervalMs,
      now: () => clock,
      schedule: (fn) => {
        timers.push(fn);
        return () => timers.splice(timers.indexOf(fn), 1);
      },
    });
    return { coalescer, sink, timers, tick: (ms: number) => (clock += ms) };
  }

  test("merges many deltas into one per interval, in order around tool events", async () => {
    const { coalescer, sink, tick } = setup();
    for (let i = 0; i < 100; i++) {
      await coalescer.emit({ type: "text-delta", text: `${i} ` });
      tick(1);
    }
    await coalescer.emit({ type: "tool-input-start", toolCallId: "t1", toolName: "write_file" });
    await coalescer.emit({ type: "reasoning-delta", text: "a" });
    await coalescer.emit({ type: "reasoning-delta", text: "b" });
    await coalescer.emit({ type: "text-delta", text: "end" });
    await coalescer.close();
    const texts = sink.filter((e) => e.type === "text-delta");
    expect(texts.length).toBeLessThanOrEqual(4);
    expect(texts.map((e) => e.text).join("")).toBe(
      `${Array.from({ length: 100 }, (_, i) => `${i} `).join("")}end`,
    );
    expect(sink.map((e) => e.type)).toEqual([
      "text-delta",
      "text-delta",
      "text-delta",
      "tool-input-start",
      "reasoning-delta",
      "text-delta",
    ]);
    expect(sink[4]).toEqual({ type: "reasoning-delta", text: "ab" });
  });

  test("a paused stream is flushed by the timer, and emit after close is refused", async () => {
    const { coalescer, sink, timers } = setup();
    await coalescer.emit({ type: "text-delta", text: "Hel" });
    await coalescer.emit({ type: "text-delta", text: "lo" });
    expect(sink).toEqual([]);
    expect(timers).toHaveLength(1);
    timers[0]!();
    await coalescer.flush();
    expect(sink).toEqual([{ type: "text-delta", text: "Hello" }]);
    expect(timers).toHaveLength(0);
    await coalescer.close();
    expect(() => coalescer.emit({ type: "text-delta", text: "x" })).toThrow();
  });
});
