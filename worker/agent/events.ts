import { z } from "zod";
import { toolFailureSchema } from "../../src/agents/tool-failure";

// Run events are provider-neutral and map one-to-one onto AI SDK UIMessage parts: text and
// reasoning deltas, dynamic tool parts (input-streaming → input-available → output), plus
// approval cards and run-level status.

export const finishReasonSchema = z.enum(["end_turn", "tool_use", "max_tokens", "stop", "error"]);
export const runStatusSchema = z.enum(["completed", "awaiting_approval", "failed", "stopped"]);
export const failureCodeSchema = z.enum(["max_turns", "provider_error"]);

export const textDeltaEventSchema = z.object({ type: z.literal("text-delta"), text: z.string() });
export const reasoningDeltaEventSchema = z.object({
  type: z.literal("reasoning-delta"),
  text: z.string(),
});
export const toolInputStartEventSchema = z.object({
  type: z.literal("tool-input-start"),
  toolCallId: z.string(),
  toolName: z.string(),
});
export const toolInputDeltaEventSchema = z.object({
  type: z.literal("tool-input-delta"),
  toolCallId: z.string(),
  delta: z.string(),
});
export const toolInputAvailableEventSchema = z.object({
  type: z.literal("tool-input-available"),
  toolCallId: z.string(),
  toolName: z.string(),
  input: z.unknown(),
});
export const toolOutputEventSchema = z.object({
  type: z.literal("tool-output"),
  toolCallId: z.string(),
  output: z.string(),
  isError: z.boolean(),
  /** The output is the tool's mock data, and why (e.g. no_grant, secrets_missing, mock_only_approval). */
  mock: z.literal(true).optional(),
  mockReason: z.string().optional(),
  /** A custom tool's failed or denied call, as the platform classified it (Report to builder). */
  failure: toolFailureSchema.optional(),
});
/** An app agent wrote app data through update_app_data. */
export const dataChangeEventSchema = z.object({
  type: z.literal("data-change"),
  collection: z.string(),
  documentId: z.string(),
  op: z.enum(["insert", "update", "upsert", "delete"]),
});
/** An app agent's tool call was refused: the approval no longer allows it. Nothing was done. */
export const toolRefusedEventSchema = z.object({
  type: z.literal("tool-refused"),
  toolCallId: z.string().optional(),
  toolName: z.string(),
  code: z.string(),
  message: z.string(),
});
/** An app agent reported that a tool call failed (report_tool_call_failed). */
export const toolFailureReportedEventSchema = z.object({
  type: z.literal("tool-failure-reported"),
  toolName: z.string(),
  reason: z.string(),
});
export const approvalEventSchema = z.object({
  type: z.literal("approval"),
  toolCallId: z.string(),
  toolName: z.string(),
  input: z.unknown(),
});
export const usageEventSchema = z.object({
  type: z.literal("usage"),
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  cacheReadTokens: z.number().int().nonnegative(),
  cacheWriteTokens: z.number().int().nonnegative(),
  model: z.string(),
});
export const turnFinishEventSchema = z.object({
  type: z.literal("turn-finish"),
  reason: finishReasonSchema,
});
export const runFinishEventSchema = z.object({
  type: z.literal("run-finish"),
  status: runStatusSchema,
  failureCode: failureCodeSchema.optional(),
  message: z.string().optional(),
});

// Build progress from done_building, on the same stream as the run so viewers follow it live.
export const buildStepSchema = z.enum(["collect", "typecheck", "bundle", "save"]);
export const buildStepEventSchema = z.object({
  type: z.literal("build-step"),
  step: buildStepSchema,
  state: z.enum(["running", "done", "failed"]),
  ms: z.number().nonnegative().optional(),
});
export const buildFinishEventSchema = z.object({
  type: z.literal("build-finish"),
  /** "stopped": the run was stopped mid-build and the build abandoned (no build row). */
  status: z.enum(["succeeded", "failed", "stopped"]),
  buildId: z.string().nullable(),
  ms: z.number().nonnegative(),
  fileCount: z.number().int().nonnegative(),
  problems: z.array(
    z.object({
      source: z.enum(["typecheck", "build", "workspace"]),
      file: z.string().nullable(),
      line: z.number().nullable(),
      column: z.number().nullable(),
      message: z.string(),
    }),
  ),
});
export type BuildStep = z.infer<typeof buildStepSchema>;

export const runEventSchema = z.discriminatedUnion("type", [
  textDeltaEventSchema,
  reasoningDeltaEventSchema,
  toolInputStartEventSchema,
  toolInputDeltaEventSchema,
  toolInputAvailableEventSchema,
  toolOutputEventSchema,
  approvalEventSchema,
  usageEventSchema,
  turnFinishEventSchema,
  runFinishEventSchema,
  buildStepEventSchema,
  buildFinishEventSchema,
  dataChangeEventSchema,
  toolRefusedEventSchema,
  toolFailureReportedEventSchema,
]);

export type RunEvent = z.infer<typeof runEventSchema>;
export type RunEventType = RunEvent["type"];
export type RunStatus = z.infer<typeof runStatusSchema>;
export type FailureCode = z.infer<typeof failureCodeSchema>;

/** Where the loop sends events; awaited, so a slow sink applies backpressure. */
export type RunEmitter = (event: RunEvent) => void | Promise<void>;
