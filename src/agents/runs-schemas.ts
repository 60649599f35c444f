import { z } from "zod";
import { appId } from "../apps/schemas";
import { storableJson, text } from "../safe-input";

const runId = z.uuid("That is not a valid run id.");
const agentId = text().min(1).max(64, "That is not an agent id.");

export const StartAgentRunInput = z.object({
  appId,
  agentId,
  scope: z
    .enum(["draft", "published"], { error: "Scope must be draft or published." })
    .default("draft"),
  input: storableJson(
    z.record(text(), z.unknown(), { error: "Input must be a JSON object." }),
  ).default({}),
});
export const ListAgentRunsInput = z.object({
  appId,
  agentId: agentId.optional(),
  limit: z.number().int().min(1).max(100, "At most 100 runs per page.").optional(),
});
export const AgentRunTargetInput = z.object({ runId });
export const ReportToBuilderInput = z.object({
  runId,
  toolCallId: text().min(1).max(200, "That is not a tool call id."),
  note: text()
    .trim()
    .max(1000, "A note for the builder is limited to 1,000 characters.")
    .optional(),
});
export const AppAgentsInput = z.object({ appId });
