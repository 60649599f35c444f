import type { Database } from "../../db/client";
import { withTenant } from "../../db/tenant";
import { appIntegrations } from "../../src/integrations/grants";
import { INTEGRATION_SETUP_FILE } from "../../src/sdk/integration-setup";
import { builderActor } from "./audit";

const STATUS = {
  needs_setup: "needs setup (its tools answer with mock data)",
  mock: "set up, but the app's agents are not approved live, so its tools still answer with mock data",
  configured: "configured (calls go to the service)",
};

/** What list_app_integration_keys tells the model: the app's grants, names and states only. */
export async function describeIntegrationKeys(
  scope: {
    db: Database;
    workspaceId: string;
    appId: string;
    runId: string | null;
    userId: string | null;
  },
  service?: string,
): Promise<string> {
  const { db, workspaceId, appId, runId } = scope;
  const actor = builderActor({ workspaceId, appId, runId, userId: scope.userId ?? "" });
  const view = await withTenant(db.db, { workspaceId, userId: scope.userId }, (tx) =>
    appIntegrations({ tx, actor }, appId),
  );
  const wanted = service?.toLowerCase();
  const grants = wanted
    ? view.grants.filter((g) => g.service.toLowerCase() === wanted || g.domain === wanted)
    : view.grants;
  if (wanted && grants.length === 0)
    return `This app has no grant for "${service}"; its grants are: ${view.grants.map((g) => `${g.service} (${g.domain})`).join(", ") || "none"}.`;
  if (grants.length === 0)
    return `This app has no integration grants. Declare the services its custom tools reach in ${INTEGRATION_SETUP_FILE} (version 1, services → name, domain, keySlug, auth, permissionGroups, secrets, setupSteps) and call done_building: saving the build creates the grants.`;
  const lines = grants.map((g) => {
    const secrets = g.secrets.length
      ? ` Secrets: ${g.secrets.map((s) => `${s.name} (${s.set ? "set" : "not set"})`).join(", ")}.`
      : "";
    const uses = g.usedBy.length
      ? ` Used by: ${g.usedBy.map((u) => `${u.agentId ?? "app"}.${u.tool} (${u.method})`).join(", ")}.`
      : " No tool uses it yet.";
    return `- ${g.service}: ${g.domain}, key "${g.keySlug}", auth ${g.authKind}, ${g.access} access. Status: ${STATUS[g.status]}.${secrets}${uses}`;
  });
  const count = wanted
    ? `${grants.length} matching integration grant${grants.length === 1 ? "" : "s"}`
    : `${grants.length} integration grant${grants.length === 1 ? "" : "s"}`;
  return `This app has ${count} (from ${INTEGRATION_SETUP_FILE} as of the last saved build):\n${lines.join("\n")}\nSecrets are entered by a workspace admin in Settings → Integrations; never ask for their values in the chat.`;
}
