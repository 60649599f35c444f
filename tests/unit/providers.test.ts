import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { createAnthropicProvider } from "../../worker/providers/anthropic";
import { createOfflineProvider } from "../../worker/providers/offline";
import type {
  Provider,
  ProviderEvent,
  ProviderMessage,
  ProviderRequest,
  ToolSpec,
} from "../../worker/providers/types";
import { type FakeAnthropic, startFakeAnthropic } from "../fixtures/fake-anthropic";

const KEY = "sk-ant-test-0123456789";
const SYSTEM = "You are the Second builder.";
const WRITE_FILE: ToolSpec = {
  name: "write_file",
  description: "Write a file in the app workspace",
  inputSchema: { type: "object", properties: { path: { type: "string" } }, required: ["path"] },
};

async function collect(events: AsyncIterable<ProviderEvent>): Promise<ProviderEvent[]> {
  const out: ProviderEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

const ofType = <T extends ProviderEvent["type"]>(events: ProviderEvent[], type: T) =>
  events.filter((e): e is Extract<ProviderEvent, { type: T }> => e.type === type);
const textOf = (events: ProviderEvent[]) =>
  ofType(events, "text-delta")
    .map((e) => e.text)
    .join("");
const ask = (text: string): ProviderMessage[] => [
  { role: "user", content: [{ type: "text", text }] },
];
const request = (over: Partial<ProviderRequest> = {}): ProviderRequest => ({
  system: SYSTEM,
  messages: ask("Hi"),
  tools: [],
  model: "claude-test",
  ...over,
});

describe("anthropic provider against the fake Messages API", () => {
  let fake: FakeAnthropic;
  let provider: Provider;
  beforeEach(() => {
    fake = startFakeAnthropic();
    provider = createAnthropicProvider({ apiKey: KEY, baseURL: fake.url });
  });
  afterEach(() => fake.stop());

  test("streams text in several deltas and finishes end_turn", async () => {
    fake.enqueue({ blocks: [{ type: "text", text: "Hello there, what shall we build today?" }] });
    const events = await collect(provider.stream(request()));
    expect(ofType(events, "text-delta").length).toBeGreaterThan(1);
    expect(textOf(events)).toBe("Hello there, what shall we build today?");
    expect(events.at(-1)).toEqual({ type: "finish", reason: "end_turn" });
  });

  test("sends the system prompt with cache_control, the tools and the key", async () => {
    fake.enqueue({ blocks: [{ type: "text", text: "ok" }] });
    await collect(provider.stream(request({ tools: [WRITE_FILE], maxTokens: 1000 })));
    const { body, apiKey } = fake.requests[0]!;
    expect(apiKey).toBe(KEY);
    expect(body.system).toEqual([
      { type: "text", text: SYSTEM, cache_control: { type: "ephemeral" } },
    ]);
    expect(body.tools).toEqual([
      {
        name: "write_file",
        description: WRITE_FILE.description,
        input_schema: WRITE_FILE.inputSchema,
      },
    ]);
    expect(body).toMatchObject({ model: "claude-test", max_tokens: 1000, stream: true });
    expect(body.thinking).toBeUndefined();
  });

  test("assembles tool input JSON from deltas", async () => {
    const input = { path: "src/app.tsx", content: 'export const title = "Todos";\n' };
    fake.enqueue({
      blocks: [
        { type: "text", text: "Writing the file." },
        { type: "tool_use", id: "toolu_1", name: "write_file", input },
      ],
    });
    const events = await collect(provider.stream(request({ tools: [WRITE_FILE] })));
    expect(ofType(events, "tool-call-start")).toEqual([
      { type: "tool-call-start", id: "toolu_1", name: "write_file" },
    ]);
    const deltas = ofType(events, "tool-call-delta");
    expect(deltas.length).toBeGreaterThan(1);
    expect(JSON.parse(deltas.map((d) => d.inputDelta).join(""))).toEqual(input);
    expect(ofType(events, "tool-call")).toEqual([
      { type: "tool-call", id: "toolu_1", name: "write_file", input },
    ]);
    expect(events.at(-1)).toEqual({ type: "finish", reason: "tool_use" });
  });

  test("surfaces thinking as reasoning deltas when thinking is enabled", async () => {
    fake.enqueue({
      blocks: [
        {
          type: "thinking",
          thinking: "The user wants a list, so a table fits.",
          signature: "sig-1",
        },
        { type: "text", text: "A table it is." },
      ],
    });
    const events = await collect(provider.stream(request({ thinking: { budgetTokens: 2048 } })));
    const reasoning = ofType(events, "reasoning-delta").map((e) => e.text);
    expect(reasoning.length).toBeGreaterThan(1);
    expect(reasoning.join("")).toBe("The user wants a list, so a table fits.");
    expect(ofType(events, "reasoning-signature")).toEqual([
      { type: "reasoning-signature", signature: "sig-1" },
    ]);
    expect(textOf(events)).toBe("A table it is.");
    const { body } = fake.requests[0]!;
    expect(body.thinking).toEqual({ type: "enabled", budget_tokens: 2048 });
    expect(body.max_tokens).toBeGreaterThan(2048);
  });

  test("reports usage including cache reads and writes", async () => {
    fake.enqueue({
      blocks: [{ type: "text", text: "ok" }],
      usage: {
        input_tokens: 120,
        output_tokens: 42,
        cache_read_input_tokens: 900,
        cache_creation_input_tokens: 30,
      },
    });
    const events = await collect(provider.stream(request()));
    expect(ofType(events, "usage")).toEqual([
      {
        type: "usage",
        inputTokens: 120,
        outputTokens: 42,
        cacheReadTokens: 900,
        cacheWriteTokens: 30,
      },
    ]);
  });

  test("replays a tool turn with signed thinking as Anthropic blocks", async () => {
    fake.enqueue({ blocks: [{ type: "text", text: "Saved." }] });
    const messages: ProviderMessage[] = [
      ...ask("Add a title"),
      {
        role: "assistant",
        content: [
          { type: "reasoning", text: "Need a write.", signature: "sig-9" },
          { type: "tool_use", id: "toolu_7", name: "write_file", input: { path: "a.ts" } },
        ],
      },
      {
        role: "user",
        content: [{ type: "tool_result", toolUseId: "toolu_7", content: "written" }],
      },
    ];
    await collect(provider.stream(request({ messages, tools: [WRITE_FILE] })));
    expect(fake.requests[0]!.body.messages.slice(1)).toEqual([
      {
        role: "assistant",
        content: [
          { type: "thinking", thinking: "Need a write.", signature: "sig-9" },
          { type: "tool_use", id: "toolu_7", name: "write_file", input: { path: "a.ts" } },
        ],
      },
      {
        role: "user",
        content: [
          { type: "tool_result", tool_use_id: "toolu_7", content: "written", is_error: false },
        ],
      },
    ]);
  });

  test("retries a 529 overload once and then succeeds", async () => {
    fake.enqueue({ status: 529 }, { blocks: [{ type: "text", text: "Back again." }] });
    const events = await collect(provider.stream(request()));
    expect(fake.requests.length).toBe(2);
    expect(textOf(events)).toBe("Back again.");
    expect(events.at(-1)).toEqual({ type: "finish", reason: "end_turn" });
  });

  test("retries a 429 after the Retry-After the API asks for", async () => {
    fake.enqueue(
      { status: 429, headers: { "retry-after-ms": "20" } },
      { blocks: [{ type: "text", text: "ok" }] },
    );
    const events = await collect(provider.stream(request()));
    expect(fake.requests.length).toBe(2);
    expect(events.at(-1)).toEqual({ type: "finish", reason: "end_turn" });
  });

  test("an overload that outlasts the retries ends in a readable error", async () => {
    const noRetry = createAnthropicProvider({ apiKey: KEY, baseURL: fake.url, maxRetries: 0 });
    fake.enqueue({ status: 529 });
    const events = await collect(noRetry.stream(request()));
    expect(fake.requests.length).toBe(1);
    expect(events).toEqual([
      {
        type: "finish",
        reason: "error",
        message: "Anthropic is overloaded right now. Try again in a minute.",
      },
    ]);
  });

  test("an error event mid-stream ends in a readable error after the usage so far", async () => {
    fake.enqueue({
      blocks: [{ type: "text", text: "Starting" }],
      streamError: { type: "overloaded_error", message: "Overloaded" },
    });
    const events = await collect(provider.stream(request()));
    expect(textOf(events)).toBe("Starting");
    expect(ofType(events, "usage").length).toBe(1);
    expect(events.at(-1)).toMatchObject({ type: "finish", reason: "error" });
    expect(ofType(events, "finish")[0]!.message).toContain("overloaded");
  });

  test("aborting mid-stream finishes with stop", async () => {
    const text = "word ".repeat(40);
    fake.enqueue({ blocks: [{ type: "text", text }], chunkDelayMs: 40 });
    const controller = new AbortController();
    const events: ProviderEvent[] = [];
    for await (const event of provider.stream(request({ signal: controller.signal }))) {
      events.push(event);
      if (event.type === "text-delta") controller.abort();
    }
    expect(ofType(events, "text-delta").length).toBe(1);
    expect(events.at(-1)).toEqual({ type: "finish", reason: "stop" });
  });

  test("a 401 becomes a readable error without the key", async () => {
    fake.enqueue({
      status: 401,
      error: { type: "authentication_error", message: `invalid x-api-key ${KEY}` },
    });
    const events = await collect(provider.stream(request()));
    expect(fake.requests.length).toBe(1);
    const finish = ofType(events, "finish")[0]!;
    expect(finish.reason).toBe("error");
    expect(finish.message).toContain("API key was rejected");
    expect(JSON.stringify(events)).not.toContain(KEY);
  });

  test("a 400 carries the API's reason with any echoed key redacted", async () => {
    fake.enqueue({
      status: 400,
      error: { type: "invalid_request_error", message: `max_tokens too large (key ${KEY})` },
    });
    const events = await collect(provider.stream(request()));
    const finish = ofType(events, "finish")[0]!;
    expect(finish.reason).toBe("error");
    expect(finish.message).toContain("max_tokens too large");
    expect(finish.message).not.toContain(KEY);
  });
});

describe("offline provider", () => {
  const offline = createOfflineProvider();
  const PLAN_TOOLS: ToolSpec[] = [
    { name: "present_plan", description: "Show a plan", inputSchema: { type: "object" } },
    { name: "list_files", description: "List files", inputSchema: { type: "object" } },
  ];

  test("gives the same events for the same conversation", async () => {
    const req = request({ messages: ask("Build a habit tracker"), tools: PLAN_TOOLS });
    const first = await collect(offline.stream(req));
    expect(await collect(offline.stream(req))).toEqual(first);
  });

  test("answers a question conversationally in small text deltas", async () => {
    const events = await collect(offline.stream(request({ messages: ask("What can you do?") })));
    expect(ofType(events, "text-delta").length).toBeGreaterThan(2);
    expect(textOf(events)).toContain("offline builder");
    expect(ofType(events, "tool-call")).toEqual([]);
    expect(events.at(-1)).toEqual({ type: "finish", reason: "end_turn" });
  });

  test("calls present_plan on the first turn when it is offered", async () => {
    const events = await collect(
      offline.stream(request({ messages: ask("Build a todo app for my team"), tools: PLAN_TOOLS })),
    );
    const [call] = ofType(events, "tool-call");
    expect(call?.name).toBe("present_plan");
    const input = call?.input as { title: string; steps: string[] };
    expect(input.title).toBe("Build a to-do list");
    expect(input.steps.length).toBeGreaterThan(2);
    expect(ofType(events, "tool-call-start")[0]).toEqual({
      type: "tool-call-start",
      id: call!.id,
      name: "present_plan",
    });
    // No model runs, so no usage is reported (not an estimate).
    expect(ofType(events, "usage")).toEqual([]);
    expect(events.at(-1)).toEqual({ type: "finish", reason: "tool_use" });
  });

  test("continues with text after a tool result and finishes end_turn", async () => {
    const messages: ProviderMessage[] = [
      ...ask("Build a todo app"),
      {
        role: "assistant",
        content: [
          { type: "tool_use", id: "offline_0_0_present_plan", name: "present_plan", input: {} },
        ],
      },
      {
        role: "user",
        content: [
          { type: "tool_result", toolUseId: "offline_0_0_present_plan", content: "approved" },
        ],
      },
    ];
    const events = await collect(offline.stream(request({ messages, tools: PLAN_TOOLS })));
    expect(textOf(events).length).toBeGreaterThan(0);
    expect(ofType(events, "tool-call")).toEqual([]);
    expect(events.at(-1)).toEqual({ type: "finish", reason: "end_turn" });
  });

  test("stops when the signal is already aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    const events = await collect(offline.stream(request({ signal: controller.signal })));
    expect(events).toEqual([{ type: "finish", reason: "stop" }]);
  });
});
