import { z } from "zod";
import { appId } from "../apps/schemas";
import { text } from "../safe-input";

export const APPROVAL_SOURCES = ["build_chat", "agents_page"] as const;
export type ApprovalSource = (typeof APPROVAL_SOURCES)[number];

export const AgentsApprovalInput = z.object({ appId });
export const ApproveAgentsInput = z.object({
  appId,
  /** The hash the approver reviewed: approving refuses a file that changed since. */
  hash: z
    .string()
    .regex(/^v1:[0-9a-f]{64}$/, "That is not an agents.json hash.")
    .optional(),
  source: z.enum(APPROVAL_SOURCES).default("agents_page"),
});

const agentsHash = z.string().regex(/^v1:[0-9a-f]{64}$/, "That is not an agents.json hash.");
export const AgentsAppInput = z.object({ appId });
export const SetToolEnabledInput = z.object({
  appId,
  agentId: z.string().min(1).max(64),
  toolName: z.string().min(1).max(64),
  enabled: z.boolean(),
  /** The hash the person was looking at: a file changed since is refused. */
  hash: agentsHash,
});
export const AnswerAgentsCardInput = z.object({
  runId: z.uuid("That is not a valid run id."),
  approve: z.boolean(),
  hash: agentsHash,
  feedback: text().trim().max(4000, "Feedback is limited to 4,000 characters.").optional(),
});
