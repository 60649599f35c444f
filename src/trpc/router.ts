import { agentsRouter } from "../agents/router";
import { agentRunsRouter } from "../agents/runs-router";
import { appsRouter } from "../apps/router";
import { auditRouter } from "../audit/router";
import { authRouter } from "../auth/router";
import { buildsRouter } from "../builds/router";
import { dataRouter } from "../data/router";
import { appToolsRouter } from "../integrations/app-tools-router";
import { integrationsRouter } from "../integrations/router";
import { publishingRouter } from "../publishing/router";
import { liveRouter } from "../realtime/router";
import { runsRouter } from "../runs/router";
import { invitesRouter, membersRouter, teamsRouter, workspacesRouter } from "../workspaces/router";
import { router } from "./init";
import { systemRouter } from "./system";

export const appRouter = router({
  auth: authRouter,
  workspaces: workspacesRouter,
  members: membersRouter,
  invites: invitesRouter,
  teams: teamsRouter,
  audit: auditRouter,
  apps: appsRouter,
  data: dataRouter,
  runs: runsRouter,
  builds: buildsRouter,
  agents: agentsRouter,
  agentRuns: agentRunsRouter,
  appTools: appToolsRouter,
  integrations: integrationsRouter,
  publishing: publishingRouter,
  live: liveRouter,
  system: systemRouter,
});

export type AppRouter = typeof appRouter;
