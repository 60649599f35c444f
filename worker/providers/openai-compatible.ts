import OpenAI from "openai";
import type { OpenAICompatibleConfig } from "../../src/config";
import { describeError, toFinishReason, toParams } from "./openai-mapping";
import type { FinishReason, Provider, ProviderEvent, ProviderRequest, Usage } from "./types";

export interface OpenAICompatibleProviderOptions
  extends Pick<OpenAICompatibleConfig, "baseURL" | "apiKey"> {
  /** The SDK retries connection errors, 408/409/429 and 5xx with backoff and Retry-After. */
  maxRetries?: number;
}

interface OpenToolCall {
  id: string;
  name: string;
  json: string;
  started: boolean;
}

/** Fields some servers add to a delta for a reasoning model's thinking (not in the API types). */
interface ReasoningDelta {
  reasoning_content?: unknown;
  reasoning?: unknown;
}

/**
 * Any OpenAI-compatible chat-completions endpoint (Ollama, vLLM, llama.cpp's server, LM Studio…)
 * through the official SDK, normalised to the same events as the Anthropic provider.
 */
export function createOpenAICompatibleProvider(options: OpenAICompatibleProviderOptions): Provider {
  const client = new OpenAI({
    // The SDK insists on a key; a keyless server gets no Authorization header at all.
    apiKey: options.apiKey ?? "unused",
    ...(options.apiKey ? {} : { defaultHeaders: { Authorization: null } }),
    // Explicit so the SDK never reads OPENAI_BASE_URL, OPENAI_ORG_ID or OPENAI_PROJECT_ID.
    baseURL: options.baseURL,
    organization: null,
    project: null,
    maxRetries: options.maxRetries ?? 2,
  });

  async function* stream(request: ProviderRequest): AsyncGenerator<ProviderEvent> {
    let usage: Usage | null = null;
    const toolCalls = new Map<number, OpenToolCall>();
    const callPrefix = `call_${crypto.randomUUID().slice(0, 8)}`;
    let reason: FinishReason | null = null;
    try {
      const chunks = await client.chat.completions.create(toParams(request), {
        signal: request.signal,
      });
      for await (const chunk of chunks) {
        if (chunk.usage) usage = toUsage(chunk.usage);
        const choice = chunk.choices?.[0];
        if (!choice) continue;
        const delta = choice.delta ?? {};
        const thinking = reasoningText(delta as ReasoningDelta);
        if (thinking) yield { type: "reasoning-delta", text: thinking };
        if (typeof delta.content === "string" && delta.content !== "")
          yield { type: "text-delta", text: delta.content };
        for (const [position, d] of (delta.tool_calls ?? []).entries()) {
          const index = typeof d.index === "number" ? d.index : position;
          let call = toolCalls.get(index);
          if (!call) {
            call = { id: d.id || `${callPrefix}_${index}`, name: "", json: "", started: false };
            toolCalls.set(index, call);
          }
          if (!call.started && d.function?.name) call.name = d.function.name;
          const args = d.function?.arguments ?? "";
          call.json += args;
          // Arguments before the name are held back and sent with the start.
          if (!call.started && call.name) {
            call.started = true;
            yield { type: "tool-call-start", id: call.id, name: call.name };
            if (call.json !== "")
              yield { type: "tool-call-delta", id: call.id, inputDelta: call.json };
          } else if (call.started && args !== "") {
            yield { type: "tool-call-delta", id: call.id, inputDelta: args };
          }
        }
        if (choice.finish_reason) {
          if (choice.finish_reason === "content_filter") {
            if (usage) yield { type: "usage", ...usage };
            yield {
              type: "finish",
              reason: "error",
              message: "The model server's content filter stopped the reply.",
            };
            return;
          }
          reason = toFinishReason(choice.finish_reason, toolCalls.size > 0);
          for (const index of [...toolCalls.keys()].sort((a, b) => a - b)) {
            const call = toolCalls.get(index)!;
            toolCalls.delete(index);
            yield { type: "tool-call", id: call.id, name: call.name, input: parseInput(call) };
          }
        }
        // The usage chunk (empty choices) follows the finish, so the stream is read to its end.
      }
      if (usage) yield { type: "usage", ...usage };
      if (reason) yield { type: "finish", reason };
      else if (request.signal?.aborted) yield { type: "finish", reason: "stop" };
      else yield { type: "finish", reason: "error", message: "The model stream ended early." };
    } catch (error) {
      if (usage) yield { type: "usage", ...usage };
      if (request.signal?.aborted || error instanceof OpenAI.APIUserAbortError) {
        yield { type: "finish", reason: "stop" };
      } else {
        const message =
          error instanceof ModelOutputError ? error.message : describeError(error, options.apiKey);
        yield { type: "finish", reason: "error", message };
      }
    }
  }

  return { id: "openai-compatible", stream };
}

/** Cached prompt tokens are reported inside prompt_tokens; ours are counted apart. */
function toUsage(u: OpenAI.CompletionUsage): Usage {
  const cached = u.prompt_tokens_details?.cached_tokens ?? 0;
  return {
    inputTokens: Math.max(0, (u.prompt_tokens ?? 0) - cached),
    outputTokens: u.completion_tokens ?? 0,
    cacheReadTokens: cached,
    cacheWriteTokens: 0,
  };
}

function reasoningText(delta: ReasoningDelta): string {
  const text = delta.reasoning_content ?? delta.reasoning;
  return typeof text === "string" ? text : "";
}

/** The model's own output could not be used (its message is for the user as it is). */
class ModelOutputError extends Error {}

function parseInput(call: OpenToolCall): unknown {
  if (!call.name) throw new ModelOutputError("The model sent a tool call without a tool name.");
  if (call.json.trim() === "") return {};
  try {
    return JSON.parse(call.json);
  } catch {
    throw new ModelOutputError(`The model sent malformed input for the ${call.name} tool.`);
  }
}
