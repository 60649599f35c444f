import { z } from "zod";

export const textPartSchema = z.object({ type: z.literal("text"), text: z.string() });

// Anthropic rejects a tool-use turn with thinking enabled unless the signed thinking block
// is sent back, so reasoning is part of the transcript and keeps its signature.
export const reasoningPartSchema = z.object({
  type: z.literal("reasoning"),
  text: z.string(),
  signature: z.string().optional(),
});

export const toolUsePartSchema = z.object({
  type: z.literal("tool_use"),
  id: z.string().min(1),
  name: z.string().min(1),
  input: z.unknown(),
});

export const toolResultPartSchema = z.object({
  type: z.literal("tool_result"),
  toolUseId: z.string().min(1),
  content: z.string(),
  isError: z.boolean().optional(),
});

export const userMessageSchema = z.object({
  role: z.literal("user"),
  content: z.array(z.discriminatedUnion("type", [textPartSchema, toolResultPartSchema])).min(1),
});

export const assistantMessageSchema = z.object({
  role: z.literal("assistant"),
  content: z
    .array(z.discriminatedUnion("type", [textPartSchema, reasoningPartSchema, toolUsePartSchema]))
    .min(1),
});

export const providerMessageSchema = z.discriminatedUnion("role", [
  userMessageSchema,
  assistantMessageSchema,
]);

export type TextPart = z.infer<typeof textPartSchema>;
export type ReasoningPart = z.infer<typeof reasoningPartSchema>;
export type ToolUsePart = z.infer<typeof toolUsePartSchema>;
export type ToolResultPart = z.infer<typeof toolResultPartSchema>;
export type UserMessage = z.infer<typeof userMessageSchema>;
export type AssistantMessage = z.infer<typeof assistantMessageSchema>;
export type ProviderMessage = z.infer<typeof providerMessageSchema>;

export interface ToolSpec {
  name: string;
  description: string;
  inputSchema: { type: "object"; properties?: Record<string, unknown>; required?: string[] } & {
    [key: string]: unknown;
  };
}

export interface ProviderRequest {
  system: string;
  messages: ProviderMessage[];
  tools: ToolSpec[];
  model: string;
  signal?: AbortSignal;
  maxTokens?: number;
  /** Extended thinking; off when absent. */
  thinking?: { budgetTokens: number };
}

export type FinishReason = "end_turn" | "tool_use" | "max_tokens" | "stop" | "error";

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

export type ProviderEvent =
  | { type: "text-delta"; text: string }
  | { type: "reasoning-delta"; text: string }
  | { type: "reasoning-signature"; signature: string }
  | { type: "tool-call-start"; id: string; name: string }
  | { type: "tool-call-delta"; id: string; inputDelta: string }
  | { type: "tool-call"; id: string; name: string; input: unknown }
  | ({ type: "usage" } & Usage)
  | { type: "finish"; reason: FinishReason; message?: string };

/** Every stream ends with exactly one `finish` event and never throws. */
export interface Provider {
  readonly id: "anthropic" | "openai-compatible" | "offline";
  stream(request: ProviderRequest): AsyncIterable<ProviderEvent>;
}
