import Anthropic from "@anthropic-ai/sdk";
import type { FinishReason, ProviderMessage, ProviderRequest } from "./types";

type Params = Anthropic.MessageCreateParamsStreaming;
type ContentBlockParam = Anthropic.ContentBlockParam;

const DEFAULT_MAX_TOKENS = 8192;

function toBlock(part: ProviderMessage["content"][number]): ContentBlockParam | null {
  switch (part.type) {
    case "text":
      return { type: "text", text: part.text };
    case "tool_use":
      return { type: "tool_use", id: part.id, name: part.name, input: part.input ?? {} };
    case "tool_result":
      return {
        type: "tool_result",
        tool_use_id: part.toolUseId,
        content: part.content,
        is_error: part.isError ?? false,
      };
    case "reasoning":
      // Unsigned reasoning (from another provider) cannot be replayed to Anthropic.
      return part.signature
        ? { type: "thinking", thinking: part.text, signature: part.signature }
        : null;
  }
}

export function toParams(request: ProviderRequest): Params {
  const maxTokens = request.maxTokens ?? DEFAULT_MAX_TOKENS;
  const budget = request.thinking?.budgetTokens;
  const params: Params = {
    model: request.model,
    stream: true,
    // The API requires max_tokens above the thinking budget.
    max_tokens: budget ? Math.max(maxTokens, budget + 1024) : maxTokens,
    // Tools precede the system prompt in the cache prefix, so this breakpoint caches both.
    system: [{ type: "text", text: request.system, cache_control: { type: "ephemeral" } }],
    messages: request.messages.map((message) => ({
      role: message.role,
      content: message.content.map(toBlock).filter((block) => block !== null),
    })),
  };
  if (request.tools.length > 0) {
    params.tools = request.tools.map((tool) => ({
      name: tool.name,
      description: tool.description,
      input_schema: tool.inputSchema,
    }));
  }
  if (budget) params.thinking = { type: "enabled", budget_tokens: budget };
  return params;
}

export function toFinishReason(stop: Anthropic.StopReason | null): FinishReason {
  switch (stop) {
    case "tool_use":
      return "tool_use";
    case "max_tokens":
    case "model_context_window_exceeded":
      return "max_tokens";
    default:
      return "end_turn";
  }
}

const STATUS_MESSAGES: Record<number, string> = {
  401: "The Anthropic API key was rejected. Check the key in the workspace settings.",
  403: "The Anthropic API key is not allowed to make this request.",
  404: "The selected model was not found. Pick another model for this app.",
  413: "The conversation is too large for the model.",
  429: "Anthropic rate limit reached. Try again in a minute.",
  529: "Anthropic is overloaded right now. Try again in a minute.",
};

const TYPE_MESSAGES: Record<string, string> = {
  overloaded_error: STATUS_MESSAGES[529]!,
  rate_limit_error: STATUS_MESSAGES[429]!,
  authentication_error: STATUS_MESSAGES[401]!,
};

/** A short message a user can act on; the key never appears even if an upstream echoes it. */
export function describeError(error: unknown, apiKey: string): string {
  let message: string;
  if (error instanceof Anthropic.APIConnectionError) {
    message = "Could not reach the Anthropic API. Check the network and try again.";
  } else if (error instanceof Anthropic.APIError) {
    const known =
      (error.status && STATUS_MESSAGES[error.status]) || (error.type && TYPE_MESSAGES[error.type]);
    if (known) message = known;
    else if (error.status && error.status >= 500)
      message = "Anthropic had a server error. Try again in a minute.";
    else message = `Anthropic rejected the request: ${error.apiMessage ?? error.message}`;
  } else {
    message = `The model stream failed: ${error instanceof Error ? error.message : String(error)}`;
  }
  return apiKey ? message.replaceAll(apiKey, "[redacted]") : message;
}
