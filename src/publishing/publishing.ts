import { and, asc, count, desc, eq, inArray, max } from "drizzle-orm";
import { appReviews, appSnapshots, apps, appTeams, appVersions, teams } from "../../db/schema";
import type { Tx } from "../../db/tenant";
import { requireMaker } from "../apps/access";
import type { AuditInput } from "../audit/record";
import { recordAudit } from "../audit/record";
import type { Actor, TenantCtx } from "../context";
import { conflict, forbidden, isUniqueViolation, notFound, ServiceError } from "../errors";
import { appIntegrations } from "../integrations/grants";
import { type ChangeSummary, summarizeChanges } from "./changes";
import { postToBuilderChat, signalReviews, supersedePendingReview } from "./reviews";
import {
  agentsOfBuild,
  buildById,
  collectionsOfBuild,
  draftBuild,
  type PinnedBuild,
  publishedVersion,
  teamsByIds,
  type VersionRow,
} from "./store";

export interface PublishingDeps {
  /** Writes a refusal's audit row in a transaction of its own (the caller's rolls back). */
  auditRefusal?(actor: Actor, entry: AuditInput): Promise<void>;
}

/** Owners and admins review and publish; everyone else asks them. */
export const isReviewer = (actor: Actor) =>
  actor.kind === "user" && (actor.role === "owner" || actor.role === "admin");

async function refuse(
  deps: PublishingDeps,
  actor: Actor,
  app: { id: string; name: string } | null,
  action: "review.refused" | "app.publish_refused",
  reason: string,
  error: ServiceError,
  metadata: Record<string, unknown> = {},
) {
  await deps.auditRefusal?.(actor, {
    action,
    summary: `${actor.displayName} was refused: ${reason.replaceAll("_", " ")}`,
    target: app ? { type: "app", id: app.id, name: app.name } : undefined,
    metadata: { reason, ...metadata },
  });
  return error;
}

/** The chosen teams: at least one, each a team of this workspace. */
async function checkTeams(tx: Tx, actor: Actor, teamIds: readonly string[]) {
  const wanted = [...new Set(teamIds)];
  if (wanted.length === 0)
    throw new ServiceError("VALIDATION", "Choose at least one team to publish the app to.");
  const found = await teamsByIds(tx, actor.workspaceId, wanted);
  if (found.length !== wanted.length)
    throw new ServiceError(
      "VALIDATION",
      wanted.length === 1
        ? "That team does not exist (it may have been deleted). Choose the teams again."
        : `${wanted.length - found.length} of the chosen teams do not exist (they may have been deleted). Choose the teams again.`,
    );
  return found;
}

async function requireDraft(tx: Tx, actor: Actor, appId: string, seenBuildId?: string) {
  const draft = await draftBuild(tx, actor.workspaceId, appId);
  if (!draft)
    throw new ServiceError(
      "PRECONDITION_FAILED",
      "This app has no successful build yet; build it before publishing.",
    );
  if (seenBuildId !== undefined && seenBuildId !== draft.buildId)
    throw new ServiceError(
      "CONFLICT",
      "The draft changed since you opened this; look at the changes again, then publish.",
    );
  return draft;
}

async function liveFiles(tx: Tx, workspaceId: string, version: VersionRow | null) {
  if (!version) return null;
  const [snapshot] = await tx
    .select({ files: appSnapshots.files })
    .from(appSnapshots)
    .where(and(eq(appSnapshots.workspaceId, workspaceId), eq(appSnapshots.id, version.snapshotId)));
  return { version, files: snapshot?.files ?? [] };
}

async function changesOf(tx: Tx, workspaceId: string, appId: string, draft: PinnedBuild) {
  const live = await publishedVersion(tx, workspaceId, appId);
  return summarizeChanges(tx, workspaceId, draft, await liveFiles(tx, workspaceId, live));
}

type VersionContent = Pick<
  VersionRow,
  | "buildId"
  | "snapshotId"
  | "sourceHash"
  | "agentsHash"
  | "agentsPayload"
  | "agentsMode"
  | "collections"
  | "teamIds"
>;

/**
 * Writes version n+1 of the app with this content, makes it the live one and points the app's
 * target teams at its teams. The app row is locked first: versions are numbered one at a time,
 * and a published agent's tool step (which share-locks the row) orders against the switch.
 */
async function writeVersion(
  tx: Tx,
  actor: Actor,
  app: { id: string; name: string },
  content: VersionContent,
  extra: { reviewId: string | null; restoredFrom: number | null },
) {
  const { workspaceId } = actor;
  const [locked] = await tx
    .select({ publishedVersionId: apps.publishedVersionId })
    .from(apps)
    .where(and(eq(apps.workspaceId, workspaceId), eq(apps.id, app.id)))
    .for("update");
  if (!locked) throw notFound("App");
  const before = await publishedVersion(tx, workspaceId, app.id);
  const [{ last } = { last: 0 }] = await tx
    .select({ last: max(appVersions.number) })
    .from(appVersions)
    .where(and(eq(appVersions.workspaceId, workspaceId), eq(appVersions.appId, app.id)));
  const number = (last ?? 0) + 1;
  const id = crypto.randomUUID();
  const [version] = await tx
    .insert(appVersions)
    .values({
      workspaceId,
      id,
      appId: app.id,
      number,
      ...content,
      reviewId: extra.reviewId,
      restoredFrom: extra.restoredFrom,
      publishedBy: actor.userId,
      publishedByName: actor.displayName,
    })
    .returning();
  await tx
    .update(apps)
    .set({ publishedVersionId: id })
    .where(and(eq(apps.workspaceId, workspaceId), eq(apps.id, app.id)));
  await tx
    .delete(appTeams)
    .where(and(eq(appTeams.workspaceId, workspaceId), eq(appTeams.appId, app.id)));
  if (content.teamIds.length > 0)
    await tx
      .insert(appTeams)
      .values(content.teamIds.map((teamId) => ({ workspaceId, appId: app.id, teamId })));
  const hashes = (v: Pick<VersionRow, "number" | "sourceHash" | "agentsHash"> | null) =>
    v ? { number: v.number, sourceHash: v.sourceHash, agentsHash: v.agentsHash } : null;
  return { version: version!, before, audit: { before: hashes(before), after: hashes(version!) } };
}

/** What publishing the draft build pins: its source, agents payload (live) and collections. */
async function contentOf(
  tx: Tx,
  workspaceId: string,
  build: PinnedBuild,
  teamIds: string[],
): Promise<VersionContent> {
  const agents = await agentsOfBuild(tx, workspaceId, build);
  return {
    buildId: build.buildId,
    snapshotId: build.snapshotId,
    sourceHash: build.sourceHash,
    agentsHash: agents?.hash ?? null,
    agentsPayload: agents?.payload ?? null,
    agentsMode: agents ? "live" : null,
    collections: await collectionsOfBuild(tx, workspaceId, build),
    teamIds,
  };
}

const versionView = (v: VersionRow) => ({
  id: v.id,
  number: v.number,
  buildId: v.buildId,
  sourceHash: v.sourceHash,
  agentsHash: v.agentsHash,
  teamIds: v.teamIds,
  reviewId: v.reviewId,
  restoredFrom: v.restoredFrom,
  publishedByName: v.publishedByName,
  publishedAt: v.publishedAt,
});

/**
 * An owner or admin publishes the app's current draft build directly, to the chosen teams: a new
 * numbered version with the draft's agents payload approved live for it. The draft is untouched;
 * a pending review request is closed (the published version replaces what it asked for).
 */
export async function publishApp(
  ctx: TenantCtx,
  deps: PublishingDeps,
  input: { appId: string; teamIds: string[]; buildId?: string },
) {
  const { tx, actor } = ctx;
  const app = await requireMaker(tx, actor, input.appId);
  if (!isReviewer(actor))
    throw await refuse(
      deps,
      actor,
      app,
      "app.publish_refused",
      "not_a_reviewer",
      forbidden(
        "Only workspace owners and admins publish directly. Send a review request instead.",
      ),
    );
  const chosen = await checkTeams(tx, actor, input.teamIds);
  const draft = await requireDraft(tx, actor, app.id, input.buildId);
  await assertIntegrationsReady(ctx, deps, app, "app.publish_refused", { buildId: draft.buildId });
  const content = await contentOf(
    tx,
    actor.workspaceId,
    draft,
    chosen.map((t) => t.id),
  );
  const { version, audit } = await writeVersion(tx, actor, app, content, {
    reviewId: null,
    restoredFrom: null,
  });
  await supersedePendingReview(
    tx,
    { workspaceId: actor.workspaceId, appId: app.id },
    "published",
    actor,
  );
  await recordAudit(tx, actor, {
    action: "app.published",
    target: { type: "app", id: app.id, name: app.name },
    summary: `${actor.displayName} published “${app.name}” as version ${version.number}.`,
    changedFields: ["publishedVersion"],
    metadata: {
      ...audit,
      versionId: version.id,
      buildId: version.buildId,
      teamIds: version.teamIds,
      agentsMode: version.agentsMode,
    },
  });
  return versionView(version);
}

/**
 * A maker asks the owners and admins to publish the current draft build to the chosen teams.
 * One request is pending per app; the change summary is computed now, from the live version.
 */
export async function requestReview(
  ctx: TenantCtx,
  input: { appId: string; teamIds: string[]; note?: string; buildId?: string },
) {
  const { tx, actor } = ctx;
  const app = await requireMaker(tx, actor, input.appId);
  const chosen = await checkTeams(tx, actor, input.teamIds);
  const draft = await requireDraft(tx, actor, app.id, input.buildId);
  const [pending] = await tx
    .select({ requestedByName: appReviews.requestedByName })
    .from(appReviews)
    .where(
      and(
        eq(appReviews.workspaceId, actor.workspaceId),
        eq(appReviews.appId, app.id),
        eq(appReviews.status, "pending"),
      ),
    );
  const alreadyPending = (by: string) =>
    conflict(
      `A review request for “${app.name}” is already pending (sent by ${by}). Wait for the decision, or change the app to replace it.`,
    );
  if (pending) throw alreadyPending(pending.requestedByName);
  const changes = await changesOf(tx, actor.workspaceId, app.id, draft);
  const agents = await agentsOfBuild(tx, actor.workspaceId, draft);
  const id = crypto.randomUUID();
  try {
    await tx.transaction(async (sp) => {
      await sp.insert(appReviews).values({
        workspaceId: actor.workspaceId,
        id,
        appId: app.id,
        buildId: draft.buildId,
        snapshotId: draft.snapshotId,
        sourceHash: draft.sourceHash,
        agentsHash: agents?.hash ?? null,
        teamIds: chosen.map((t) => t.id),
        changes: changes as unknown as Record<string, unknown>,
        note: input.note ?? "",
        requestedBy: actor.userId,
        requestedByName: actor.displayName,
      });
    });
  } catch (err) {
    // Two requests raced: the unique index on pending requests let one through.
    if (isUniqueViolation(err)) throw alreadyPending("someone else");
    throw err;
  }
  await signalReviews(tx, actor.workspaceId);
  await recordAudit(tx, actor, {
    action: "review.requested",
    target: { type: "app", id: app.id, name: app.name },
    summary: `${actor.displayName} asked for “${app.name}” to be published.`,
    metadata: {
      reviewId: id,
      buildId: draft.buildId,
      sourceHash: draft.sourceHash,
      agentsHash: agents?.hash ?? null,
      teamIds: chosen.map((t) => t.id),
      sinceVersion: changes.since?.versionNumber ?? null,
      filesChanged: changes.files.length,
    },
  });
  return { id, status: "pending" as const, buildId: draft.buildId };
}

async function requireReview(tx: Tx, actor: Actor, reviewId: string, lock = false) {
  const query = tx
    .select()
    .from(appReviews)
    .where(and(eq(appReviews.workspaceId, actor.workspaceId), eq(appReviews.id, reviewId)));
  const [review] = lock ? await query.for("update") : await query;
  if (!review) throw notFound("Review");
  return review;
}

const DECIDED: Record<string, string> = {
  approved: "was already approved",
  changes_requested: "already has changes requested",
  superseded: "was closed because the app changed after it was sent",
  withdrawn: "was withdrawn",
};

function requirePending(review: { status: string }) {
  if (review.status !== "pending")
    throw new ServiceError(
      "PRECONDITION_FAILED",
      `This review request ${DECIDED[review.status] ?? "is closed"}; there is nothing left to decide.`,
    );
}

/**
 * A pending request, locked, for an owner or admin to decide; anyone else is refused (audited).
 * `verb` completes "Only workspace owners and admins can … review requests."
 */
async function pendingForReviewer(
  { tx, actor }: TenantCtx,
  deps: PublishingDeps,
  reviewId: string,
  verb: string,
) {
  const review = await requireReview(tx, actor, reviewId, true);
  const app = await requireMaker(tx, actor, review.appId);
  if (!isReviewer(actor))
    throw await refuse(
      deps,
      actor,
      app,
      "review.refused",
      "not_a_reviewer",
      forbidden(`Only workspace owners and admins can ${verb} review requests.`),
      { reviewId: review.id },
    );
  requirePending(review);
  return { review, app };
}

/**
 * Approves a pending request: publishes exactly the build that was reviewed, with its agents
 * payload approved live for the published app. Refused (audited) when the draft moved on since
 * the request, or for anyone but an owner or admin.
 */
export async function approveReview(
  ctx: TenantCtx,
  deps: PublishingDeps,
  input: { reviewId: string },
) {
  const { tx, actor } = ctx;
  const { review, app } = await pendingForReviewer(ctx, deps, input.reviewId, "approve");
  const draft = await draftBuild(tx, actor.workspaceId, app.id);
  if (!draft || draft.buildId !== review.buildId)
    throw await refuse(
      deps,
      actor,
      app,
      "review.refused",
      "stale",
      new ServiceError(
        "PRECONDITION_FAILED",
        "The app changed after this review was requested, so approving it would publish something you have not reviewed. Ask for a new review request.",
      ),
      {
        reviewId: review.id,
        reviewedBuildId: review.buildId,
        draftBuildId: draft?.buildId ?? null,
      },
    );
  const stillThere = await teamsByIds(tx, actor.workspaceId, review.teamIds);
  if (stillThere.length === 0)
    throw new ServiceError(
      "PRECONDITION_FAILED",
      "None of the teams this request publishes to exist anymore. Request changes so the maker picks teams again.",
    );
  await assertIntegrationsReady(ctx, deps, app, "review.refused", { reviewId: review.id });
  const reviewed = await buildById(tx, actor.workspaceId, app.id, review.buildId);
  if (!reviewed) throw notFound("Build");
  const content = await contentOf(
    tx,
    actor.workspaceId,
    reviewed,
    stillThere.map((t) => t.id),
  );
  const { version, audit } = await writeVersion(tx, actor, app, content, {
    reviewId: review.id,
    restoredFrom: null,
  });
  const now = new Date();
  await tx
    .update(appReviews)
    .set({
      status: "approved",
      decidedBy: actor.userId,
      decidedByName: actor.displayName,
      decidedAt: now,
      versionId: version.id,
    })
    .where(and(eq(appReviews.workspaceId, actor.workspaceId), eq(appReviews.id, review.id)));
  await postToBuilderChat(tx, actor.workspaceId, app.id, {
    kind: "approved",
    title: `Published as version ${version.number}`,
    text: `${actor.displayName} approved the review request; the published app now runs this draft.`,
  });
  await signalReviews(tx, actor.workspaceId);
  await recordAudit(tx, actor, {
    action: "review.approved",
    target: { type: "app", id: app.id, name: app.name },
    summary: `${actor.displayName} approved publishing “${app.name}” (version ${version.number}).`,
    metadata: { reviewId: review.id, requestedBy: review.requestedBy, versionId: version.id },
  });
  await recordAudit(tx, actor, {
    action: "app.published",
    target: { type: "app", id: app.id, name: app.name },
    summary: `${actor.displayName} published “${app.name}” as version ${version.number}.`,
    changedFields: ["publishedVersion"],
    metadata: {
      ...audit,
      versionId: version.id,
      reviewId: review.id,
      buildId: version.buildId,
      teamIds: version.teamIds,
      agentsMode: version.agentsMode,
    },
  });
  return {
    review: { id: review.id, appId: app.id, status: "approved" as const },
    version: versionView(version),
  };
}

/** An owner or admin sends a pending request back with a message, which lands in the builder chat. */
export async function requestChanges(
  ctx: TenantCtx,
  deps: PublishingDeps,
  input: { reviewId: string; message: string },
) {
  const { tx, actor } = ctx;
  const { review, app } = await pendingForReviewer(ctx, deps, input.reviewId, "answer");
  await tx
    .update(appReviews)
    .set({
      status: "changes_requested",
      message: input.message,
      decidedBy: actor.userId,
      decidedByName: actor.displayName,
      decidedAt: new Date(),
    })
    .where(and(eq(appReviews.workspaceId, actor.workspaceId), eq(appReviews.id, review.id)));
  const posted = await postToBuilderChat(tx, actor.workspaceId, app.id, {
    kind: "changes_requested",
    title: `${actor.displayName} requested changes before publishing`,
    text: input.message,
  });
  await signalReviews(tx, actor.workspaceId);
  await recordAudit(tx, actor, {
    action: "review.changes_requested",
    target: { type: "app", id: app.id, name: app.name },
    summary: `${actor.displayName} requested changes to “${app.name}” before publishing.`,
    metadata: { reviewId: review.id, requestedBy: review.requestedBy, postedToChat: posted },
  });
  return { id: review.id, status: "changes_requested" as const };
}

function requireReviewer(actor: Actor, what: string) {
  if (!isReviewer(actor)) throw forbidden(`Only workspace owners and admins can ${what}.`);
}

/** The review inbox: pending requests first (oldest first), then the latest decisions. */
export async function listReviews(
  { tx, actor }: TenantCtx,
  input: { status: "pending" | "decided" },
) {
  requireReviewer(actor, "see review requests");
  const where = and(
    eq(appReviews.workspaceId, actor.workspaceId),
    input.status === "pending"
      ? eq(appReviews.status, "pending")
      : inArray(appReviews.status, ["approved", "changes_requested", "superseded", "withdrawn"]),
  );
  const rows = await tx
    .select({
      id: appReviews.id,
      appId: appReviews.appId,
      appName: apps.name,
      status: appReviews.status,
      note: appReviews.note,
      teamIds: appReviews.teamIds,
      requestedByName: appReviews.requestedByName,
      requestedAt: appReviews.requestedAt,
      decidedByName: appReviews.decidedByName,
      decidedAt: appReviews.decidedAt,
      message: appReviews.message,
      changes: appReviews.changes,
    })
    .from(appReviews)
    .innerJoin(
      apps,
      and(eq(apps.workspaceId, appReviews.workspaceId), eq(apps.id, appReviews.appId)),
    )
    .where(where)
    .orderBy(input.status === "pending" ? asc(appReviews.requestedAt) : desc(appReviews.decidedAt))
    .limit(100);
  const teamNames = await teamNameMap(
    tx,
    actor.workspaceId,
    rows.flatMap((r) => r.teamIds),
  );
  return rows.map(({ changes, teamIds, ...r }) => {
    const c = changes as unknown as ChangeSummary;
    return {
      ...r,
      teams: teamIds.map((id) => ({ id, name: teamNames.get(id) ?? null })),
      counts: {
        files: c.files?.length ?? 0,
        agentsChanged: c.agents?.changed ?? false,
        collectionsChanged: c.collections?.changed ?? false,
      },
      sinceVersion: c.since?.versionNumber ?? null,
    };
  });
}

async function teamNameMap(tx: Tx, workspaceId: string, ids: string[]) {
  const found = await teamsByIds(tx, workspaceId, [...new Set(ids)]);
  return new Map(found.map((t) => [t.id, t.name]));
}

/** Grants of the app that still need a secret or a connection before their tools call out. */
async function integrationsNeedingSetup(ctx: TenantCtx, appId: string) {
  const view = await appIntegrations(ctx, appId);
  return view.grants
    .filter((g) => g.status === "needs_setup")
    .map((g) => ({
      id: g.id,
      service: g.service,
      domain: g.domain,
      authKind: g.authKind,
      missingSecrets: g.secrets.filter((s) => !s.set).map((s) => s.name),
    }));
}

/** What one grant still needs, in words: its unset secrets, or the OAuth client registration. */
function setupNeeded(g: Awaited<ReturnType<typeof integrationsNeedingSetup>>[number]) {
  if (g.authKind === "oauth2") return `${g.service} (${g.domain}): register its OAuth client`;
  const names = g.missingSecrets.join(", ");
  return `${g.service} (${g.domain}): set ${names}`;
}

/**
 * Publishing puts the app in front of its teams: refused (audited, nothing changed) while any of
 * its integrations still needs a secret or its OAuth client, since its tools would only answer
 * with mock data. The error names each one and where to set it up.
 */
async function assertIntegrationsReady(
  ctx: TenantCtx,
  deps: PublishingDeps,
  app: { id: string; name: string },
  action: "review.refused" | "app.publish_refused",
  metadata: Record<string, unknown> = {},
) {
  const missing = await integrationsNeedingSetup(ctx, app.id);
  if (missing.length === 0) return;
  const list = missing.map(setupNeeded).join("; ");
  throw await refuse(
    deps,
    ctx.actor,
    app,
    action,
    "integrations_need_setup",
    new ServiceError(
      "PRECONDITION_FAILED",
      `Set up ${missing.length === 1 ? "this integration" : `these ${missing.length} integrations`} in Settings → Integrations before publishing: ${list}.`,
      { reason: "integrations_need_setup", integrations: missing },
    ),
    {
      ...metadata,
      integrations: missing.map((g) => ({
        grantId: g.id,
        domain: g.domain,
        // Secret names only; a key that names a secret would be redacted from the audit row.
        missingNames: g.missingSecrets,
        oauthClient: g.authKind === "oauth2",
      })),
    },
  );
}

/** One request with its change summary, the integrations needing setup, and whether it went stale. */
export async function getReview(ctx: TenantCtx, input: { reviewId: string }) {
  const { tx, actor } = ctx;
  requireReviewer(actor, "see review requests");
  const review = await requireReview(tx, actor, input.reviewId);
  const app = await requireMaker(tx, actor, review.appId);
  const draft = await draftBuild(tx, actor.workspaceId, app.id);
  const teamNames = await teamNameMap(tx, actor.workspaceId, review.teamIds);
  const version = review.versionId
    ? await tx
        .select({ number: appVersions.number })
        .from(appVersions)
        .where(
          and(eq(appVersions.workspaceId, actor.workspaceId), eq(appVersions.id, review.versionId)),
        )
    : [];
  return {
    id: review.id,
    app: { id: app.id, name: app.name },
    status: review.status,
    note: review.note,
    requestedByName: review.requestedByName,
    requestedAt: review.requestedAt,
    decidedByName: review.decidedByName,
    decidedAt: review.decidedAt,
    message: review.message,
    buildId: review.buildId,
    sourceHash: review.sourceHash,
    agentsHash: review.agentsHash,
    teams: review.teamIds.map((id) => ({ id, name: teamNames.get(id) ?? null })),
    /** The draft moved on since the request: approving it is refused. */
    stale: review.status === "pending" && draft?.buildId !== review.buildId,
    versionNumber: version[0]?.number ?? null,
    changes: review.changes as unknown as ChangeSummary,
    integrations: await integrationsNeedingSetup(ctx, app.id),
  };
}

/** How many requests wait for a decision: the sidebar's count for owners and admins. */
export async function pendingReviewCount({ tx, actor }: TenantCtx) {
  requireReviewer(actor, "see review requests");
  const [row] = await tx
    .select({ n: count() })
    .from(appReviews)
    .where(and(eq(appReviews.workspaceId, actor.workspaceId), eq(appReviews.status, "pending")));
  return { pending: row?.n ?? 0 };
}

/**
 * Where the app stands for its makers: the live version, whether the draft differs from it, the
 * pending request (or the last decision), its target teams, and whether the caller publishes
 * directly.
 */
export async function publishingState(ctx: TenantCtx, appId: string) {
  const { tx, actor } = ctx;
  const app = await requireMaker(tx, actor, appId);
  const [live, draft] = await Promise.all([
    publishedVersion(tx, actor.workspaceId, app.id),
    draftBuild(tx, actor.workspaceId, app.id),
  ]);
  const [latest] = await tx
    .select({
      id: appReviews.id,
      status: appReviews.status,
      buildId: appReviews.buildId,
      requestedByName: appReviews.requestedByName,
      requestedAt: appReviews.requestedAt,
      decidedByName: appReviews.decidedByName,
      decidedAt: appReviews.decidedAt,
      message: appReviews.message,
      teamIds: appReviews.teamIds,
    })
    .from(appReviews)
    .where(and(eq(appReviews.workspaceId, actor.workspaceId), eq(appReviews.appId, app.id)))
    .orderBy(desc(appReviews.requestedAt))
    .limit(1);
  const targets = await tx
    .select({ id: teams.id, name: teams.name })
    .from(appTeams)
    .innerJoin(
      teams,
      and(eq(teams.workspaceId, appTeams.workspaceId), eq(teams.id, appTeams.teamId)),
    )
    .where(and(eq(appTeams.workspaceId, actor.workspaceId), eq(appTeams.appId, app.id)))
    .orderBy(teams.name);
  return {
    canPublish: isReviewer(actor),
    published: live ? versionView(live) : null,
    draftBuildId: draft?.buildId ?? null,
    unpublishedChanges: !!draft && draft.sourceHash !== live?.sourceHash,
    pendingReview: latest?.status === "pending" ? latest : null,
    lastReview: latest ?? null,
    teams: targets,
  };
}

/** What publishing the current draft would change, for the Publish dialog. */
export async function draftChanges(ctx: TenantCtx, appId: string) {
  const { tx, actor } = ctx;
  const app = await requireMaker(tx, actor, appId);
  const draft = await requireDraft(tx, actor, app.id);
  const [changes, integrations] = await Promise.all([
    changesOf(tx, actor.workspaceId, app.id, draft),
    integrationsNeedingSetup(ctx, app.id),
  ]);
  return { ...changes, integrations };
}

/** Every published version of the app, newest first, with who approved it. */
export async function listVersions({ tx, actor }: TenantCtx, appId: string) {
  const app = await requireMaker(tx, actor, appId);
  const rows = await tx
    .select({ version: appVersions, approvedByName: appReviews.decidedByName })
    .from(appVersions)
    .leftJoin(
      appReviews,
      and(
        eq(appReviews.workspaceId, appVersions.workspaceId),
        eq(appReviews.id, appVersions.reviewId),
      ),
    )
    .where(and(eq(appVersions.workspaceId, actor.workspaceId), eq(appVersions.appId, app.id)))
    .orderBy(desc(appVersions.number))
    .limit(200);
  return rows.map(({ version, approvedByName }) => ({
    ...versionView(version),
    approvedByName,
    live: version.id === app.publishedVersionId,
  }));
}

/**
 * Puts an earlier version of the app live again, as a new version number: its build, agents
 * payload, collections and teams (those still existing). Owners and admins only.
 */
export async function rollbackApp(
  ctx: TenantCtx,
  deps: PublishingDeps,
  input: { appId: string; versionId: string },
) {
  const { tx, actor } = ctx;
  const app = await requireMaker(tx, actor, input.appId);
  if (!isReviewer(actor))
    throw await refuse(
      deps,
      actor,
      app,
      "app.publish_refused",
      "not_a_reviewer",
      forbidden("Only workspace owners and admins can roll an app back."),
      { versionId: input.versionId },
    );
  const [target] = await tx
    .select()
    .from(appVersions)
    .where(
      and(
        eq(appVersions.workspaceId, actor.workspaceId),
        eq(appVersions.appId, app.id),
        eq(appVersions.id, input.versionId),
      ),
    );
  if (!target) throw notFound("Version");
  if (target.id === app.publishedVersionId)
    throw new ServiceError(
      "PRECONDITION_FAILED",
      `Version ${target.number} is already the live version.`,
    );
  const stillThere = await teamsByIds(tx, actor.workspaceId, target.teamIds);
  if (stillThere.length === 0)
    throw new ServiceError(
      "PRECONDITION_FAILED",
      `None of the teams version ${target.number} was published to exist anymore; publish the draft to new teams instead.`,
    );
  const { version, audit } = await writeVersion(
    tx,
    actor,
    app,
    {
      buildId: target.buildId,
      snapshotId: target.snapshotId,
      sourceHash: target.sourceHash,
      agentsHash: target.agentsHash,
      agentsPayload: target.agentsPayload,
      agentsMode: target.agentsMode,
      collections: target.collections,
      teamIds: stillThere.map((t) => t.id),
    },
    { reviewId: null, restoredFrom: target.number },
  );
  await recordAudit(tx, actor, {
    action: "app.rolled_back",
    target: { type: "app", id: app.id, name: app.name },
    summary: `${actor.displayName} rolled “${app.name}” back to version ${target.number} (now version ${version.number}).`,
    changedFields: ["publishedVersion"],
    metadata: { ...audit, restoredFrom: target.number, versionId: version.id },
  });
  return versionView(version);
}
