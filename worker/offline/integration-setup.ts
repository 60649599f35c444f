import type { Move } from "./builder";
import { describeSpec } from "./spec";
import type { AppSpec } from "./spec-types";

const names = (spec: AppSpec) => (spec.services ?? []).map((s) => s.service.name);

function list(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/** After a successful build of an app that reaches outside services: the setup card. */
export function presentIntegrationSetup(spec: AppSpec, offered: Set<string>): Move | null {
  const services = names(spec);
  if (services.length === 0 || !offered.has("present_integration_setup")) return null;
  return {
    kind: "call",
    text: `${spec.name} is built and running in the preview. Its agent reaches ${list(services)}: here is what each needs before it works for real.`,
    calls: [
      {
        name: "present_integration_setup",
        input: {
          summary: `The agent's ${list(services)} tools answer with realistic mock data until an admin sets ${services.length === 1 ? "it" : "them"} up in Settings → Integrations.`,
        },
      },
    ],
  };
}

/** Once the user has answered the setup card. */
export function afterIntegrationSetup(spec: AppSpec): string {
  return `${spec.name} is ready.\n\n${describeSpec(spec)}\n\nUntil ${list(names(spec))} ${names(spec).length === 1 ? "is" : "are"} set up in Settings → Integrations, the agent's tools answer with mock data, clearly marked. Tell me what to change next.`;
}
