import { and, eq } from "drizzle-orm";
import { agentRuns } from "../../db/schema";
import type { Tx } from "../../db/tenant";

/**
 * Whether the run has been asked to stop, holding its row until the caller's transaction ends.
 * A build's save step calls this in its own transaction: stopRun updates the same row, so a stop
 * and a build's final commit are ordered by PostgreSQL — a build stored after a stop never is.
 */
export async function stopRequestedLocked(tx: Tx, workspaceId: string, runId: string) {
  const [row] = await tx
    .select({ stop: agentRuns.stopRequested })
    .from(agentRuns)
    .where(and(eq(agentRuns.workspaceId, workspaceId), eq(agentRuns.id, runId)))
    .for("update");
  return row?.stop ?? false;
}
