import Anthropic from "@anthropic-ai/sdk";
import { describeError, toFinishReason, toParams } from "./anthropic-mapping";
import type { FinishReason, Provider, ProviderEvent, ProviderRequest, Usage } from "./types";

export interface AnthropicProviderOptions {
  apiKey: string;
  baseURL?: string;
  /** The SDK retries 408/409/429/5xx (529 included) with exponential backoff and Retry-After. */
  maxRetries?: number;
}

interface OpenToolCall {
  id: string;
  name: string;
  json: string;
}

export function createAnthropicProvider(options: AnthropicProviderOptions): Provider {
  const client = new Anthropic({
    apiKey: options.apiKey,
    // Explicit so the SDK never falls back to ANTHROPIC_BASE_URL from the environment.
    baseURL: options.baseURL ?? "https://api.anthropic.com",
    maxRetries: options.maxRetries ?? 3,
  });

  async function* stream(request: ProviderRequest): AsyncGenerator<ProviderEvent> {
    const usage: Usage = {
      inputTokens: 0,
      outputTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
    };
    const toolCalls = new Map<number, OpenToolCall>();
    let reason: FinishReason | null = null;
    let started = false;
    try {
      const events = await client.messages.create(toParams(request), { signal: request.signal });
      for await (const event of events) {
        switch (event.type) {
          case "message_start": {
            started = true;
            const u = event.message.usage;
            usage.inputTokens = u.input_tokens;
            usage.outputTokens = u.output_tokens;
            usage.cacheReadTokens = u.cache_read_input_tokens ?? 0;
            usage.cacheWriteTokens = u.cache_creation_input_tokens ?? 0;
            break;
          }
          case "content_block_start":
            if (event.content_block.type === "tool_use") {
              const { id, name } = event.content_block;
              toolCalls.set(event.index, { id, name, json: "" });
              yield { type: "tool-call-start", id, name };
            }
            break;
          case "content_block_delta": {
            const delta = event.delta;
            if (delta.type === "text_delta") yield { type: "text-delta", text: delta.text };
            else if (delta.type === "thinking_delta")
              yield { type: "reasoning-delta", text: delta.thinking };
            else if (delta.type === "signature_delta")
              yield { type: "reasoning-signature", signature: delta.signature };
            else if (delta.type === "input_json_delta") {
              const call = toolCalls.get(event.index);
              if (!call) break;
              call.json += delta.partial_json;
              yield { type: "tool-call-delta", id: call.id, inputDelta: delta.partial_json };
            }
            break;
          }
          case "content_block_stop": {
            const call = toolCalls.get(event.index);
            if (!call) break;
            toolCalls.delete(event.index);
            yield { type: "tool-call", id: call.id, name: call.name, input: parseInput(call) };
            break;
          }
          case "message_delta": {
            const u = event.usage;
            usage.outputTokens = u.output_tokens;
            if (u.input_tokens != null) usage.inputTokens = u.input_tokens;
            if (u.cache_read_input_tokens != null)
              usage.cacheReadTokens = u.cache_read_input_tokens;
            if (u.cache_creation_input_tokens != null)
              usage.cacheWriteTokens = u.cache_creation_input_tokens;
            if (event.delta.stop_reason === "refusal") {
              yield { type: "usage", ...usage };
              yield {
                type: "finish",
                reason: "error",
                message: "The model declined this request.",
              };
              return;
            }
            reason = toFinishReason(event.delta.stop_reason);
            break;
          }
          case "message_stop":
            yield { type: "usage", ...usage };
            yield { type: "finish", reason: reason ?? "end_turn" };
            return;
        }
      }
      // The SDK ends the iteration quietly (no throw) when the signal aborts mid-stream.
      if (started) yield { type: "usage", ...usage };
      if (request.signal?.aborted) yield { type: "finish", reason: "stop" };
      else yield { type: "finish", reason: "error", message: "The model stream ended early." };
    } catch (error) {
      // Input tokens of a started message are billed even when it fails, so cost still counts them.
      if (started) yield { type: "usage", ...usage };
      if (request.signal?.aborted || error instanceof Anthropic.APIUserAbortError) {
        yield { type: "finish", reason: "stop" };
      } else {
        yield { type: "finish", reason: "error", message: describeError(error, options.apiKey) };
      }
    }
  }

  return { id: "anthropic", stream };
}

function parseInput(call: OpenToolCall): unknown {
  if (call.json.trim() === "") return {};
  try {
    return JSON.parse(call.json);
  } catch {
    throw new Error(`The model sent malformed input for the ${call.name} tool.`);
  }
}
