import { z } from "zod";
import { appId } from "../apps/schemas";

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
