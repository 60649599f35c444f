import type {
  AssistantMessage,
  FinishReason,
  Provider,
  ProviderRequest,
  ToolUsePart,
  Usage,
} from "../providers/types";
import type { RunEmitter, RunEvent } from "./events";

/** A failing event sink is the caller's problem, not the model's, so it is rethrown as is. */
class SinkError extends Error {
  constructor(override readonly cause: unknown) {
    super("run event sink failed");
  }
}

export interface TurnResult {
  reason: FinishReason;
  /** Null when the model produced nothing. */
  message: AssistantMessage | null;
  toolCalls: ToolUsePart[];
  usage: Usage;
  /** Whether the provider reported usage at all (the offline builder runs no model and does not). */
  usageReported: boolean;
  errorMessage?: string;
}

export const zeroUsage = (): Usage => ({
  inputTokens: 0,
  outputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
});

/** Streams one model turn, forwarding run events and assembling the assistant message. */
export async function streamTurn(
  provider: Provider,
  request: ProviderRequest,
  sink: RunEmitter,
): Promise<TurnResult> {
  const emit = async (event: RunEvent) => {
    try {
      await sink(event);
    } catch (error) {
      throw new SinkError(error);
    }
  };
  const parts: AssistantMessage["content"] = [];
  const toolCalls: ToolUsePart[] = [];
  const usage = zeroUsage();
  let usageReported = false;
  let reason: FinishReason = "error";
  let errorMessage: string | undefined;
  try {
    for await (const event of provider.stream(request)) {
      const last = parts.at(-1);
      switch (event.type) {
        case "text-delta":
          if (last?.type === "text") last.text += event.text;
          else parts.push({ type: "text", text: event.text });
          await emit(event);
          break;
        case "reasoning-delta":
          if (last?.type === "reasoning") last.text += event.text;
          else parts.push({ type: "reasoning", text: event.text });
          await emit(event);
          break;
        case "reasoning-signature":
          if (last?.type === "reasoning") last.signature = event.signature;
          else parts.push({ type: "reasoning", text: "", signature: event.signature });
          break;
        case "tool-call-start":
          await emit({ type: "tool-input-start", toolCallId: event.id, toolName: event.name });
          break;
        case "tool-call-delta":
          await emit({ type: "tool-input-delta", toolCallId: event.id, delta: event.inputDelta });
          break;
        case "tool-call": {
          const call: ToolUsePart = {
            type: "tool_use",
            id: event.id,
            name: event.name,
            input: event.input,
          };
          parts.push(call);
          toolCalls.push(call);
          await emit({
            type: "tool-input-available",
            toolCallId: event.id,
            toolName: event.name,
            input: event.input,
          });
          break;
        }
        case "usage":
          usageReported = true;
          usage.inputTokens += event.inputTokens;
          usage.outputTokens += event.outputTokens;
          usage.cacheReadTokens += event.cacheReadTokens;
          usage.cacheWriteTokens += event.cacheWriteTokens;
          break;
        case "finish":
          reason = event.reason;
          errorMessage = event.message;
          break;
      }
    }
  } catch (error) {
    if (error instanceof SinkError) throw error.cause;
    // Providers promise not to throw; a broken one still ends the run with a readable failure.
    reason = "error";
    errorMessage = error instanceof Error ? error.message : String(error);
  }
  const message: AssistantMessage | null =
    parts.length > 0 ? { role: "assistant", content: parts } : null;
  return { reason, message, toolCalls, usage, usageReported, errorMessage };
}
