import type { AppSpec } from "../spec-types";
import { AGENT_ACTION_FILE, agentIdsFile, agentsManifest, agentsOf, agentsPage } from "./agents";
import { appShell } from "./app-shell";
import { collectionsManifest } from "./collections";
import { dashboardPage } from "./dashboard";
import { entityDetails } from "./details";
import { entityModule } from "./entity-module";
import { entityForm } from "./form";
import { integrationSetupManifest } from "./integrations";
import { entityPage } from "./page";
import { planApp } from "./plan";
import { syncPage } from "./service-sync";
import { COMPUTED_FILE, STARS_FILE, VOTE_FILE } from "./shared/behaviours";
import { COMPONENTS_FILES } from "./shared/components";
import { LIB_FILES } from "./shared/lib";
import type { GeneratedFile } from "./types";
import { entityView } from "./views";

export type { GeneratedFile };

/**
 * The app's source for a spec: the shell, a model, page, form and details view per entity, the
 * dashboard and the agents panel (with a run button on each record an agent works on) when asked for, the helpers they share, and collections.json. Deterministic: the
 * same spec gives byte-identical files. Written over the template; never touches its config.
 */
export function generateApp(spec: AppSpec): GeneratedFile[] {
  const app = planApp(spec);
  if (app.entities.length === 0) return [];
  const files: GeneratedFile[] = [
    ...LIB_FILES,
    ...COMPONENTS_FILES,
    appShell(app),
    collectionsManifest(app),
  ];
  // Helpers only the behaviours the words asked for use.
  const widgets = new Set(app.entities.flatMap((e) => e.fields.map((f) => f.widget)));
  if (app.computed.length > 0) files.push(COMPUTED_FILE);
  if (widgets.has("votes")) files.push(VOTE_FILE);
  if (widgets.has("stars")) files.push(STARS_FILE);
  for (const entity of app.entities) {
    files.push(
      entityModule(entity),
      entityPage(entity),
      entityForm(entity),
      entityDetails(entity, agentsOf(app, entity)),
    );
    const view = entityView(entity);
    if (view) files.push(view);
  }
  if (app.dashboard) files.push(dashboardPage(app));
  for (const sync of app.syncs) files.push(syncPage(sync));
  if (app.agents.length > 0) {
    files.push(
      agentsPage(app),
      agentsManifest(app.agents, spec.services ?? [], app.syncs),
      AGENT_ACTION_FILE,
      agentIdsFile(app),
    );
  }
  if (spec.services?.length) files.push(integrationSetupManifest(spec.services));
  return files;
}
