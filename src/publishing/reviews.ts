import { and, desc, eq } from "drizzle-orm";
import { agentRuns, appReviews, apps } from "../../db/schema";
import { rawOf, type Tx } from "../../db/tenant";
import { recordAudit } from "../audit/record";
import type { Actor } from "../context";
import { LIVE_CHANNEL, REVIEWS_PREFIX } from "../realtime/hub";
import { appendRunEvents } from "../runs/events";

/** The run event type of a publishing message in the app's builder chat. */
export const REVIEW_NOTICE = "review-notice";

/**
 * Tells every server process, once this transaction commits, that the workspace's review inbox
 * changed (the payload is the workspace id only); their live hubs tell the workspace's streams. Review changes are rare (a person's action), so the commit-time NOTIFY costs nothing.
 */
export async function signalReviews(tx: Tx, workspaceId: string) {
  await rawOf(tx)`select pg_notify(${LIVE_CHANNEL}, ${`${REVIEWS_PREFIX}${workspaceId}`})`;
}

/**
 * Puts a publishing message into the app's builder chat (its latest builder run), where the maker
 * reads it: a reviewer's requested changes, or why a request was closed. No chat yet: nothing.
 */
export async function postToBuilderChat(
  tx: Tx,
  workspaceId: string,
  appId: string,
  notice: { kind: "changes_requested" | "superseded" | "approved"; title: string; text: string },
) {
  const [run] = await tx
    .select({ id: agentRuns.id })
    .from(agentRuns)
    .where(
      and(
        eq(agentRuns.workspaceId, workspaceId),
        eq(agentRuns.appId, appId),
        eq(agentRuns.kind, "builder"),
      ),
    )
    .orderBy(desc(agentRuns.createdAt))
    .limit(1);
  if (!run) return false;
  await appendRunEvents(tx, workspaceId, run.id, [{ type: REVIEW_NOTICE, data: notice }]);
  return true;
}

export type SupersedeCause = "builder_input" | "new_build" | "published";

const WHY: Record<SupersedeCause, string> = {
  builder_input: "The app got new builder input after it was sent for review",
  new_build: "The app changed after it was sent for review",
  published: "An admin published the app directly",
};

/**
 * Closes the app's pending review request because the draft moved on (or was published another
 * way), with a message in the builder chat saying so. In the caller's transaction; audited when
 * someone is to be named. Returns the closed request's id, or null when none was pending.
 */
export async function supersedePendingReview(
  tx: Tx,
  scope: { workspaceId: string; appId: string },
  cause: SupersedeCause,
  auditAs: Actor | null,
): Promise<string | null> {
  const { workspaceId, appId } = scope;
  const message = `${WHY[cause]}, so that request was closed. Send a new review request when the draft is ready.`;
  const [closed] = await tx
    .update(appReviews)
    .set({
      status: "superseded",
      message,
      decidedAt: new Date(),
      decidedBy: null,
      decidedByName: null,
    })
    .where(
      and(
        eq(appReviews.workspaceId, workspaceId),
        eq(appReviews.appId, appId),
        eq(appReviews.status, "pending"),
      ),
    )
    .returning({
      id: appReviews.id,
      buildId: appReviews.buildId,
      sourceHash: appReviews.sourceHash,
    });
  if (!closed) return null;
  await postToBuilderChat(tx, workspaceId, appId, {
    kind: "superseded",
    title: "Review request closed",
    text: message,
  });
  await signalReviews(tx, workspaceId);
  if (auditAs) {
    const [app] = await tx
      .select({ name: apps.name })
      .from(apps)
      .where(and(eq(apps.workspaceId, workspaceId), eq(apps.id, appId)));
    await recordAudit(tx, auditAs, {
      action: "review.superseded",
      target: { type: "app", id: appId, name: app?.name ?? null },
      summary: `The review request for “${app?.name ?? "an app"}” was closed: ${WHY[cause].toLowerCase()}.`,
      metadata: {
        reviewId: closed.id,
        cause,
        reviewedBuildId: closed.buildId,
        reviewedSourceHash: closed.sourceHash,
      },
    });
  }
  return closed.id;
}
