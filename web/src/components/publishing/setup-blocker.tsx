import { Link } from "@tanstack/react-router";
import { PlugZap } from "lucide-react";
import { Callout } from "../ui/callout";
import type { Integration } from "./change-summary";

/**
 * Beside a Publish or Approve button whose app still has integrations to set up: the server
 * refuses to publish until each has its secrets (or OAuth client), so say which and where.
 */
export function SetupBlocker({
  workspaceId,
  appId,
  integrations,
}: {
  workspaceId: string;
  appId: string;
  integrations: Integration[];
}) {
  if (integrations.length === 0) return null;
  return (
    <Callout
      icon={PlugZap}
      tone="danger"
      title={`Set up ${integrations.length === 1 ? "1 integration" : `${integrations.length} integrations`} before publishing`}
    >
      <ul className="mt-1 flex flex-col gap-0.5">
        {integrations.map((g) => (
          <li key={g.id}>
            <span className="font-medium text-(--foreground)">{g.service}</span> ({g.domain}):{" "}
            {g.authKind === "oauth2"
              ? "register its OAuth client"
              : `set ${g.missingSecrets.join(", ")}`}
          </li>
        ))}
      </ul>
      <Link
        to="/w/$workspaceId/settings/integrations"
        params={{ workspaceId }}
        search={{ app: appId }}
        className="mt-1.5 inline-block font-medium text-(--primary) hover:underline"
      >
        Open Settings → Integrations
      </Link>
    </Callout>
  );
}
