import { z } from "zod";
import { ToolInputError } from "../workspace/paths";
import { defineTool } from "./tool";

export const listAppIntegrationKeysTool = defineTool({
  name: "list_app_integration_keys",
  description:
    "List this app's integration grants (one per service in integration-setup.json, as of the last saved build): domain, key slug, auth kind, read or write access, which secrets are set (names only, never values), whether it still needs setup, and which tools use it. Use it before writing or changing custom tools, and to tell the user what is left to set up.",
  input: z.object({
    service: z
      .string()
      .trim()
      .min(1)
      .max(253)
      .optional()
      .describe(
        "Only this service's grants, by name or domain (e.g. HubSpot or api.hubapi.com); every grant when left out.",
      ),
  }),
  async run(ctx, input) {
    if (!ctx.build?.integrationKeys)
      throw new ToolInputError("Integration keys are not available in this session.");
    return ctx.build.integrationKeys(input.service);
  },
});
