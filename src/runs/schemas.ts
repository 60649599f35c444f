import { z } from "zod";
import { text } from "../safe-input";
import { PROVIDER_NAMES } from "./models";

export const PROMPT_MAX = 20_000;
const appId = z.uuid("That is not a valid app id.");
const runId = z.uuid("That is not a valid run id.");

export const CreateRunInput = z.object({
  appId,
  prompt: text()
    .trim()
    .min(1, "Write what you want to build.")
    .max(PROMPT_MAX, `Prompts are limited to ${PROMPT_MAX.toLocaleString("en")} characters.`),
  provider: z.enum(PROVIDER_NAMES).optional(),
  model: text().max(200).optional(),
});
export const RunTargetInput = z.object({ runId });
export const ListRunsInput = z.object({ appId });
export const RespondInput = z.object({
  runId,
  approve: z.boolean(),
  feedback: text().trim().max(4000, "Feedback is limited to 4,000 characters.").optional(),
});
