import { describe, expect, test } from "bun:test";
import {
  costMicros,
  type ProviderSetup,
  providerCatalogue,
  selectProvider,
} from "../../src/runs/models";

const none: ProviderSetup = { anthropic: false, openaiCompatible: null };
const local: ProviderSetup = {
  anthropic: false,
  openaiCompatible: { models: ["llama3.1:8b", "qwen2.5-coder:7b"], price: { input: 0, output: 0 } },
};
const both: ProviderSetup = { ...local, anthropic: true };

const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return null;
};

describe("provider selection (builder and app-agent runs)", () => {
  test("the catalogue lists the model server as available only when configured, else why not", () => {
    const bare = providerCatalogue(none).find((p) => p.provider === "openai-compatible");
    expect(bare).toMatchObject({ available: false, defaultModel: null, models: [] });
    expect(bare!.reason).toContain("OPENAI_COMPATIBLE_BASE_URL");
    expect(providerCatalogue(local).find((p) => p.provider === "openai-compatible")).toEqual({
      provider: "openai-compatible",
      available: true,
      reason: null,
      defaultModel: "llama3.1:8b",
      models: [
        { id: "llama3.1:8b", label: "llama3.1:8b" },
        { id: "qwen2.5-coder:7b", label: "qwen2.5-coder:7b" },
      ],
    });
  });

  test("the default is Claude, then the model server, then offline", () => {
    expect(selectProvider(both, {})).toEqual({ provider: "anthropic", model: "claude-sonnet-5-5" });
    expect(selectProvider(local, {})).toEqual({
      provider: "openai-compatible",
      model: "llama3.1:8b",
    });
    expect(selectProvider(none, {})).toEqual({ provider: "offline", model: "offline-builder" });
  });

  test("a named provider must be configured and the model one it offers", () => {
    expect(
      selectProvider(both, { provider: "openai-compatible", model: "qwen2.5-coder:7b" }),
    ).toEqual({ provider: "openai-compatible", model: "qwen2.5-coder:7b" });
    expect(codeOf(() => selectProvider(none, { provider: "openai-compatible" }))).toBe(
      "PRECONDITION_FAILED",
    );
    expect(codeOf(() => selectProvider(local, { provider: "anthropic" }))).toBe(
      "PRECONDITION_FAILED",
    );
    expect(
      codeOf(() => selectProvider(local, { provider: "openai-compatible", model: "gpt" })),
    ).toBe("VALIDATION");
  });

  test("a model alone picks the configured provider that offers it; agents fall back", () => {
    expect(selectProvider(both, { model: "qwen2.5-coder:7b" })).toEqual({
      provider: "openai-compatible",
      model: "qwen2.5-coder:7b",
    });
    expect(selectProvider(both, { model: "claude-haiku-5-5" })).toEqual({
      provider: "anthropic",
      model: "claude-haiku-5-5",
    });
    // An agent asking for Claude on a server with only a model server gets the model server.
    expect(selectProvider(local, { model: "claude-haiku-5-5" }, { fallback: true })).toEqual({
      provider: "openai-compatible",
      model: "llama3.1:8b",
    });
    expect(selectProvider(none, { model: "llama3.1:8b" }, { fallback: true })).toEqual({
      provider: "offline",
      model: "offline-builder",
    });
    expect(codeOf(() => selectProvider(local, { model: "claude-haiku-5-5" }))).toBe("VALIDATION");
  });

  test("a model server's tokens cost its configured prices, else nothing", () => {
    const u = { inputTokens: 1000, outputTokens: 100, cacheReadTokens: 500, cacheWriteTokens: 0 };
    expect(costMicros("openai-compatible", "llama3.1:8b", u, local)).toBe(0);
    expect(costMicros("openai-compatible", "llama3.1:8b", u)).toBe(0);
    const priced = { openaiCompatible: { models: ["m"], price: { input: 0.2, output: 0.6 } } };
    expect(costMicros("openai-compatible", "m", u, priced)).toBe(1500 * 0.2 + 100 * 0.6);
    expect(costMicros("anthropic", "claude-haiku-5-5", u)).toBe(1000 + 500 + 50);
    expect(costMicros("someone-else", "x", u)).toBe(0);
  });
});
