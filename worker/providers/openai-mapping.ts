import OpenAI from "openai";
import type { FinishReason, ProviderMessage, ProviderRequest } from "./types";

type Params = OpenAI.Chat.Completions.ChatCompletionCreateParamsStreaming;
type MessageParam = OpenAI.Chat.Completions.ChatCompletionMessageParam;

const DEFAULT_MAX_TOKENS = 8192;

/**
 * One provider message as chat-completions messages. A user turn's tool results become `tool`
 * messages (which must directly follow the assistant's tool calls), then its text. Reasoning is
 * not sent back: the API has no field for it.
 */
function toMessages(message: ProviderMessage): MessageParam[] {
  if (message.role === "assistant") {
    const text = message.content.flatMap((p) => (p.type === "text" ? [p.text] : [])).join("");
    const calls = message.content.flatMap((p) =>
      p.type === "tool_use"
        ? [
            {
              id: p.id,
              type: "function" as const,
              function: { name: p.name, arguments: JSON.stringify(p.input ?? {}) },
            },
          ]
        : [],
    );
    if (text === "" && calls.length === 0) return [];
    return [
      {
        role: "assistant",
        content: text === "" ? null : text,
        ...(calls.length > 0 ? { tool_calls: calls } : {}),
      },
    ];
  }
  const out: MessageParam[] = [];
  for (const part of message.content) {
    if (part.type === "tool_result")
      out.push({
        role: "tool",
        tool_call_id: part.toolUseId,
        // The API has no error flag on a tool result, so the content says it.
        content: part.isError ? `Error: ${part.content}` : part.content,
      });
  }
  const text = message.content.flatMap((p) => (p.type === "text" ? [p.text] : [])).join("\n\n");
  if (text !== "") out.push({ role: "user", content: text });
  return out;
}

export function toParams(request: ProviderRequest): Params {
  const params: Params = {
    model: request.model,
    stream: true,
    // Without this the server sends no usage at all in a stream.
    stream_options: { include_usage: true },
    // `max_tokens` rather than `max_completion_tokens`: every local server reads it.
    max_tokens: request.maxTokens ?? DEFAULT_MAX_TOKENS,
    messages: [
      { role: "system", content: request.system },
      ...request.messages.flatMap(toMessages),
    ],
  };
  if (request.tools.length > 0) {
    params.tools = request.tools.map((tool) => ({
      type: "function",
      function: { name: tool.name, description: tool.description, parameters: tool.inputSchema },
    }));
  }
  return params;
}

/** A chat-completions finish reason as ours; tool calls win whatever the server said. */
export function toFinishReason(reason: string | null, hasToolCalls: boolean): FinishReason {
  if (hasToolCalls) return "tool_use";
  switch (reason) {
    case "tool_calls":
    case "function_call":
      return "tool_use";
    case "length":
      return "max_tokens";
    default:
      return "end_turn";
  }
}

const STATUS_MESSAGES: Record<number, string> = {
  401: "The model server rejected the API key. Check OPENAI_COMPATIBLE_API_KEY on the server.",
  403: "The model server's API key is not allowed to make this request.",
  404: "The model server does not know this model (or the URL is not a chat-completions API). Check OPENAI_COMPATIBLE_MODEL and OPENAI_COMPATIBLE_BASE_URL.",
  413: "The conversation is too large for the model.",
  429: "The model server is busy (rate limit). Try again in a minute.",
};

/** The upstream's own message, whichever error shape it uses. */
function upstreamMessage(error: InstanceType<typeof OpenAI.APIError>): string {
  const body = error.error as { message?: unknown } | string | undefined;
  if (typeof body === "string") return body;
  if (body && typeof body.message === "string") return body.message;
  return error.message;
}

/** A short message a user can act on; the key never appears even if an upstream echoes it. */
export function describeError(error: unknown, apiKey: string | undefined): string {
  let message: string;
  if (error instanceof OpenAI.APIConnectionError) {
    message =
      error instanceof OpenAI.APIConnectionTimeoutError
        ? "The model server did not answer in time. Try again, or use a smaller model."
        : "Could not reach the model server. Check that it is running and OPENAI_COMPATIBLE_BASE_URL.";
  } else if (error instanceof OpenAI.APIError) {
    const known = error.status ? STATUS_MESSAGES[error.status] : undefined;
    if (known) message = known;
    else if (error.status && error.status >= 500)
      message = `The model server had an error: ${upstreamMessage(error)}`;
    else message = `The model server rejected the request: ${upstreamMessage(error)}`;
  } else {
    message = `The model stream failed: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (message.length > 500) message = `${message.slice(0, 500)}…`;
  return apiKey ? message.replaceAll(apiKey, "[redacted]") : message;
}
