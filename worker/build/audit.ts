import { and, eq } from "drizzle-orm";
import { apps } from "../../db/schema";
import type { Tx } from "../../db/tenant";
import { recordAudit } from "../../src/audit/record";

interface BuildScope {
  workspaceId: string;
  appId: string;
  runId: string | null;
  userId: string;
}

type BuildEvent =
  | { action: "build.started" }
  | { action: "build.succeeded"; buildId: string; fileCount: number; ms: number }
  | { action: "build.failed"; buildId: string; problemCount: number; ms: number };

/** The builder agent acts for the person whose run it is. */
export const builderActor = (scope: BuildScope) => ({
  kind: "system" as const,
  userId: scope.userId,
  displayName: "Builder agent",
  workspaceId: scope.workspaceId,
  role: "member" as const,
});

async function appName(tx: Tx, scope: BuildScope): Promise<string | null> {
  const [app] = await tx
    .select({ name: apps.name })
    .from(apps)
    .where(and(eq(apps.workspaceId, scope.workspaceId), eq(apps.id, scope.appId)));
  return app?.name ?? null;
}

/**
 * One audit row for a build's start or end, in the transaction that records it. Names the app,
 * and returns its name for the caller's other rows.
 */
export async function auditBuild(tx: Tx, scope: BuildScope, event: BuildEvent) {
  const name = await appName(tx, scope);
  const app = `“${name ?? "an app"}”`;
  const seconds = "ms" in event ? `${(event.ms / 1000).toFixed(1)} s` : "";
  const summary = {
    "build.started": `Started building ${app}`,
    "build.succeeded": `Built ${app} in ${seconds}`,
    "build.failed": `The build of ${app} failed after ${seconds}`,
  }[event.action];
  const { action, ...details } = event;
  await recordAudit(tx, builderActor(scope), {
    action,
    summary,
    target:
      "buildId" in event
        ? { type: "build", id: event.buildId, name }
        : { type: "app", id: scope.appId, name },
    metadata: { appId: scope.appId, runId: scope.runId, ...details },
  });
  return name;
}
