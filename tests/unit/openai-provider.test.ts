import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { createOpenAICompatibleProvider } from "../../worker/providers/openai-compatible";
import type {
  Provider,
  ProviderEvent,
  ProviderMessage,
  ProviderRequest,
  ToolSpec,
} from "../../worker/providers/types";
import { type FakeOpenAI, startFakeOpenAI } from "../fixtures/fake-openai";

const KEY = "sk-local-test-0123456789";
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
  model: "llama3.1:8b",
  ...over,
});

describe("OpenAI-compatible provider against a fake chat-completions server", () => {
  let fake: FakeOpenAI;
  let provider: Provider;
  beforeEach(() => {
    fake = startFakeOpenAI();
    provider = createOpenAICompatibleProvider({ baseURL: fake.url, apiKey: KEY, maxRetries: 0 });
  });
  afterEach(() => fake.stop());

  test("streams text in several deltas, reports usage and finishes end_turn", async () => {
    fake.enqueue({
      text: "Hello there, what shall we build today?",
      usage: { prompt_tokens: 1200, completion_tokens: 300, cached_tokens: 200 },
    });
    const events = await collect(provider.stream(request()));
    expect(ofType(events, "text-delta").length).toBeGreaterThan(1);
    expect(textOf(events)).toBe("Hello there, what shall we build today?");
    expect(ofType(events, "usage")).toEqual([
      {
        type: "usage",
        inputTokens: 1000,
        outputTokens: 300,
        cacheReadTokens: 200,
        cacheWriteTokens: 0,
      },
    ]);
    expect(events.at(-1)).toEqual({ type: "finish", reason: "end_turn" });
  });

  test("sends the system prompt, the tools, the model, the usage option and the key", async () => {
    fake.enqueue({ text: "ok" });
    await collect(provider.stream(request({ tools: [WRITE_FILE], maxTokens: 1000 })));
    const { body, authorization, path } = fake.requests[0]!;
    expect(path).toBe("/v1/chat/completions");
    expect(authorization).toBe(`Bearer ${KEY}`);
    expect(body).toMatchObject({
      model: "llama3.1:8b",
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 1000,
    });
    expect(body.messages).toEqual([
      { role: "system", content: SYSTEM },
      { role: "user", content: "Hi" },
    ]);
    expect(body.tools).toEqual([
      {
        type: "function",
        function: {
          name: "write_file",
          description: WRITE_FILE.description,
          parameters: WRITE_FILE.inputSchema,
        },
      },
    ]);
  });

  test("a server without a key gets no Authorization header", async () => {
    const keyless = createOpenAICompatibleProvider({ baseURL: fake.url, apiKey: undefined });
    fake.enqueue({ text: "ok" });
    const events = await collect(keyless.stream(request()));
    expect(events.at(-1)).toEqual({ type: "finish", reason: "end_turn" });
    expect(fake.requests[0]!.authorization).toBeNull();
  });

  test("assembles parallel tool calls from interleaved argument deltas, per index, ids kept", async () => {
    const a = { path: "src/App.tsx", content: "export default function App() {}" };
    const b = { path: "README.md", content: "# Leads" };
    fake.enqueue({
      text: "Writing two files.",
      interleave: true,
      toolCalls: [
        { id: "call_a", name: "write_file", arguments: a },
        { id: "call_b", name: "write_file", arguments: b },
      ],
    });
    const events = await collect(provider.stream(request({ tools: [WRITE_FILE] })));
    expect(ofType(events, "tool-call-start")).toEqual([
      { type: "tool-call-start", id: "call_a", name: "write_file" },
      { type: "tool-call-start", id: "call_b", name: "write_file" },
    ]);
    const deltas = ofType(events, "tool-call-delta");
    expect(deltas.filter((d) => d.id === "call_a").length).toBeGreaterThan(1);
    expect(
      deltas
        .filter((d) => d.id === "call_b")
        .map((d) => d.inputDelta)
        .join(""),
    ).toBe(JSON.stringify(b));
    expect(ofType(events, "tool-call")).toEqual([
      { type: "tool-call", id: "call_a", name: "write_file", input: a },
      { type: "tool-call", id: "call_b", name: "write_file", input: b },
    ]);
    expect(events.at(-1)).toEqual({ type: "finish", reason: "tool_use" });
    // Every call ends before the usage and the finish.
    const lastCall = events.findLastIndex((e) => e.type === "tool-call");
    expect(lastCall).toBeLessThan(events.findIndex((e) => e.type === "usage"));
  });

  test("a server that sends no call ids gets unique ids, the same from start to call", async () => {
    fake.enqueue(
      { omitIds: true, toolCalls: [{ name: "list_files", arguments: {} }] },
      { omitIds: true, toolCalls: [{ name: "list_files", arguments: {} }] },
    );
    const first = await collect(provider.stream(request()));
    const second = await collect(provider.stream(request()));
    const [start1] = ofType(first, "tool-call-start");
    const [call1] = ofType(first, "tool-call");
    const [call2] = ofType(second, "tool-call");
    expect(start1!.id).toBe(call1!.id);
    expect(call1).toMatchObject({ name: "list_files", input: {} });
    expect(call1!.id).not.toBe(call2!.id);
  });

  test("tool calls are tool_use even when the server says stop", async () => {
    fake.enqueue({ toolCalls: [{ name: "list_files", arguments: {} }], finishReason: "stop" });
    const events = await collect(provider.stream(request()));
    expect(events.at(-1)).toEqual({ type: "finish", reason: "tool_use" });
  });

  test("reasoning a server streams comes through as reasoning deltas", async () => {
    fake.enqueue({ reasoning: "The user wants a CRM.", text: "Sure." });
    const events = await collect(provider.stream(request()));
    expect(
      ofType(events, "reasoning-delta")
        .map((e) => e.text)
        .join(""),
    ).toBe("The user wants a CRM.");
    expect(textOf(events)).toBe("Sure.");
  });

  test("the transcript's tool calls and results map to assistant tool_calls and tool messages", async () => {
    fake.enqueue({ text: "done" });
    const messages: ProviderMessage[] = [
      { role: "user", content: [{ type: "text", text: "Build it" }] },
      {
        role: "assistant",
        content: [
          { type: "reasoning", text: "think", signature: "sig" },
          { type: "text", text: "Reading." },
          { type: "tool_use", id: "call_1", name: "read_file", input: { path: "a" } },
          { type: "tool_use", id: "call_2", name: "read_file", input: { path: "b" } },
        ],
      },
      {
        role: "user",
        content: [
          { type: "tool_result", toolUseId: "call_1", content: "A" },
          { type: "tool_result", toolUseId: "call_2", content: "no such file", isError: true },
          { type: "text", text: "And add a field." },
        ],
      },
    ];
    await collect(provider.stream(request({ messages })));
    expect(fake.requests[0]!.body.messages.slice(1)).toEqual([
      { role: "user", content: "Build it" },
      {
        role: "assistant",
        content: "Reading.",
        tool_calls: [
          {
            id: "call_1",
            type: "function",
            function: { name: "read_file", arguments: '{"path":"a"}' },
          },
          {
            id: "call_2",
            type: "function",
            function: { name: "read_file", arguments: '{"path":"b"}' },
          },
        ],
      },
      { role: "tool", tool_call_id: "call_1", content: "A" },
      { role: "tool", tool_call_id: "call_2", content: "Error: no such file" },
      { role: "user", content: "And add a field." },
    ]);
  });

  test("length maps to max_tokens; a server that reports no usage yields no usage event", async () => {
    fake.enqueue({ text: "cut", finishReason: "length", usage: null });
    const events = await collect(provider.stream(request()));
    expect(ofType(events, "usage")).toEqual([]);
    expect(events.at(-1)).toEqual({ type: "finish", reason: "max_tokens" });
  });

  test("a content filter finish is an error with a message", async () => {
    fake.enqueue({ text: "x", finishReason: "content_filter" });
    const events = await collect(provider.stream(request()));
    expect(events.at(-1)).toMatchObject({ type: "finish", reason: "error" });
  });

  test("error statuses end in a finish with a message, never a throw, and never the key", async () => {
    fake.enqueue(
      { status: 401, body: { error: { message: `bad key ${KEY}` } } },
      { status: 404, body: { error: "model 'nope' not found" } },
      { status: 400, body: { error: { message: `context too long for ${KEY}` } } },
      { status: 500, body: { error: { message: "out of memory" } } },
    );
    const finishes = [];
    for (let i = 0; i < 4; i++) finishes.push((await collect(provider.stream(request()))).at(-1));
    expect(finishes[0]).toEqual({
      type: "finish",
      reason: "error",
      message: expect.stringContaining("rejected the API key"),
    });
    expect(finishes[1]).toMatchObject({
      reason: "error",
      message: expect.stringContaining("does not know this model"),
    });
    expect(finishes[2]).toMatchObject({
      reason: "error",
      message: "The model server rejected the request: context too long for [redacted]",
    });
    expect(finishes[3]).toMatchObject({
      reason: "error",
      message: "The model server had an error: out of memory",
    });
    expect(JSON.stringify(finishes)).not.toContain(KEY);
  });

  test("an unreachable server is a clear error", async () => {
    const port = fake.port;
    await fake.stop();
    const gone = createOpenAICompatibleProvider({
      baseURL: `http://127.0.0.1:${port}/v1`,
      apiKey: KEY,
      maxRetries: 0,
    });
    const events = await collect(gone.stream(request()));
    expect(events).toEqual([
      {
        type: "finish",
        reason: "error",
        message: expect.stringContaining("Could not reach the model server"),
      },
    ]);
    fake = startFakeOpenAI();
  });

  test("a stream that ends before its finish is an error; malformed arguments are an error", async () => {
    fake.enqueue(
      { text: "half", truncate: true },
      { toolCalls: [{ name: "write_file", arguments: '{"path": "a' }] },
    );
    const truncated = await collect(provider.stream(request()));
    expect(truncated.at(-1)).toEqual({
      type: "finish",
      reason: "error",
      message: "The model stream ended early.",
    });
    const malformed = await collect(provider.stream(request()));
    expect(malformed.at(-1)).toEqual({
      type: "finish",
      reason: "error",
      message: "The model sent malformed input for the write_file tool.",
    });
  });

  test("aborting through the request signal stops the stream with a stop finish", async () => {
    fake.enqueue({ text: "a long answer that keeps going and going", chunkDelayMs: 50 });
    const abort = new AbortController();
    const events: ProviderEvent[] = [];
    for await (const event of provider.stream(request({ signal: abort.signal }))) {
      events.push(event);
      if (event.type === "text-delta") abort.abort();
    }
    expect(events.at(-1)).toEqual({ type: "finish", reason: "stop" });
    expect(events.filter((e) => e.type === "finish")).toHaveLength(1);
  });
});
