import { z } from "zod";
import { defineTool } from "./tool";

export const presentIntegrationSetupTool = defineTool({
  name: "present_integration_setup",
  description:
    "Show the user the outside services this app's tools reach, as a card listing each service, what it needs before it works for real (secrets, a connection) and a link to Settings → Integrations, then stop. Call it after done_building succeeded with an integration-setup.json. Never ask for a secret's value in the chat: an admin enters it in Settings. The user's answer arrives as this tool's result.",
  input: z.object({
    summary: z
      .string()
      .min(1)
      .max(1000)
      .describe(
        "One or two sentences on what the services are used for and that tools answer with mock data until they are set up.",
      ),
  }),
  async run(_ctx, input) {
    return `Presented the integration setup (${input.summary.length} characters); waiting for the user's answer.`;
  },
});
