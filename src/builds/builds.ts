import { createHmac, timingSafeEqual } from "node:crypto";
import path from "node:path";
import { and, desc, eq } from "drizzle-orm";
import { strToU8, zipSync } from "fflate";
import type { Database } from "../../db/client";
import { appBuilds, appSnapshots, appVersions, type FileEntry } from "../../db/schema";
import { withTenant } from "../../db/tenant";
import { mayViewBuild, requireViewer } from "../apps/access";
import { requireApp } from "../apps/apps";
import { recordAudit } from "../audit/record";
import type { SessionClaims } from "../auth/cookie";
import type { TenantCtx } from "../context";
import { notFound, ServiceError } from "../errors";
import { publishedVersion } from "../publishing/store";
import { resolveSessionMember } from "../workspaces/membership";
import { readBlobs } from "./store";

/** Largest file the source view returns; bigger ones are downloaded with the zip. */
export const MAX_VIEW_BYTES = 512 * 1024;

export interface PreviewSigner {
  secret: string;
  /** Prefix for preview URLs: "" (same origin) or a separate origin like https://preview.example. */
  origin: string;
  /** Whose link it is: it works only while this session is live and its user a member. */
  viewer: SessionClaims;
}

/** Preview links live for a day and change once an hour, so the iframe does not reload needlessly. */
const PREVIEW_TTL_S = 24 * 3600;
const PREVIEW_STEP_S = 3600;

function sign(secret: string, workspaceId: string, buildId: string, exp: number, who: string) {
  return createHmac("sha256", secret)
    .update(`preview\0${workspaceId}\0${buildId}\0${exp}\0${who}`)
    .digest("base64url")
    .slice(0, 32);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A capability URL for one build's preview, bound to the member's session: the sandboxed document
 * has an opaque origin and sends no cookies, so access is proven by the signature a member was
 * given, and the route checks that session and membership are still live on every request.
 */
export function previewUrl(
  signer: PreviewSigner,
  workspaceId: string,
  buildId: string,
  now = Date.now(),
) {
  const exp = Math.ceil(now / 1000 / PREVIEW_STEP_S) * PREVIEW_STEP_S + PREVIEW_TTL_S;
  const who = `${signer.viewer.sessionId}.${signer.viewer.userId}`;
  return `${signer.origin}/preview/${workspaceId}/${buildId}/${exp}.${who}.${sign(signer.secret, workspaceId, buildId, exp, who)}/`;
}

/** The session a preview token was issued to, if its signature holds and it has not expired. */
export function verifyPreviewToken(
  secret: string,
  workspaceId: string,
  buildId: string,
  token: string,
  now = Date.now(),
): SessionClaims | null {
  const [expText, sessionId, userId, signature] = token.split(".");
  const exp = Number(expText);
  if (!Number.isInteger(exp) || !signature || exp * 1000 < now) return null;
  if (!sessionId || !userId || !UUID.test(sessionId) || !UUID.test(userId)) return null;
  const expected = Buffer.from(sign(secret, workspaceId, buildId, exp, `${sessionId}.${userId}`));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return { sessionId, userId };
}

const buildColumns = {
  id: appBuilds.id,
  status: appBuilds.status,
  summary: appBuilds.summary,
  problems: appBuilds.problems,
  snapshotId: appBuilds.snapshotId,
  runId: appBuilds.runId,
  totalMs: appBuilds.totalMs,
  createdAt: appBuilds.createdAt,
};

/**
 * The app's preview for a scope. Draft: its current preview (last good build) and its latest
 * attempt, which may have failed. Published: the live version's build (both), or null.
 */
export async function buildStatus(
  { tx, actor }: TenantCtx,
  signer: PreviewSigner,
  appId: string,
  scope: "draft" | "published" = "draft",
) {
  const app = await requireViewer(tx, actor, appId);
  // A viewer only ever gets the published version's build, whatever scope was asked for.
  if (app.access === "viewer") scope = "published";
  const where = and(eq(appBuilds.workspaceId, actor.workspaceId), eq(appBuilds.appId, appId));
  if (scope === "published") {
    const version = await publishedVersion(tx, actor.workspaceId, appId);
    const [live] = version
      ? await tx
          .select(buildColumns)
          .from(appBuilds)
          .innerJoin(
            appVersions,
            and(
              eq(appVersions.workspaceId, appBuilds.workspaceId),
              eq(appVersions.buildId, appBuilds.id),
            ),
          )
          .where(and(where, eq(appVersions.id, version.id)))
      : [];
    return {
      current: live
        ? { ...live, previewUrl: previewUrl(signer, actor.workspaceId, live.id) }
        : null,
      latest: live ?? null,
    };
  }
  const [latest] = await tx
    .select(buildColumns)
    .from(appBuilds)
    .where(where)
    .orderBy(desc(appBuilds.createdAt))
    .limit(1);
  const [current] =
    latest?.status === "succeeded"
      ? [latest]
      : await tx
          .select(buildColumns)
          .from(appBuilds)
          .where(and(where, eq(appBuilds.status, "succeeded")))
          .orderBy(desc(appBuilds.createdAt))
          .limit(1);
  return {
    current: current
      ? { ...current, previewUrl: previewUrl(signer, actor.workspaceId, current.id) }
      : null,
    latest: latest ?? null,
  };
}

async function snapshotFor({ tx, actor }: TenantCtx, appId: string, snapshotId?: string) {
  await requireApp(tx, actor, appId);
  const conditions = [
    eq(appSnapshots.workspaceId, actor.workspaceId),
    eq(appSnapshots.appId, appId),
  ];
  if (snapshotId) conditions.push(eq(appSnapshots.id, snapshotId));
  const [snapshot] = await tx
    .select()
    .from(appSnapshots)
    .where(and(...conditions))
    .orderBy(desc(appSnapshots.createdAt))
    .limit(1);
  if (snapshotId && !snapshot) throw notFound("Version");
  return snapshot ?? null;
}

/** The file tree of the app's latest saved version: paths and sizes, never contents. */
export async function listSourceFiles(ctx: TenantCtx, appId: string, snapshotId?: string) {
  const snapshot = await snapshotFor(ctx, appId, snapshotId);
  if (!snapshot) return { snapshotId: null, createdAt: null, totalBytes: 0, files: [] };
  return {
    snapshotId: snapshot.id,
    createdAt: snapshot.createdAt,
    totalBytes: snapshot.totalBytes,
    files: snapshot.files.map(({ path, size }) => ({ path, size })),
  };
}

/** One source file's text for the viewer; binary or oversized files say so instead. */
export async function readSourceFile(
  ctx: TenantCtx,
  appId: string,
  filePath: string,
  snapshotId?: string,
) {
  const snapshot = await snapshotFor(ctx, appId, snapshotId);
  const entry = snapshot?.files.find((f) => f.path === filePath);
  if (!snapshot || !entry) throw notFound("File");
  if (entry.size > MAX_VIEW_BYTES) {
    return { path: entry.path, size: entry.size, kind: "too-large" as const, content: null };
  }
  const content = (await readBlobs(ctx.tx, ctx.actor.workspaceId, [entry.hash])).get(entry.hash);
  if (!content) throw notFound("File");
  const text = Buffer.from(content).toString("utf8");
  if (text.includes("\u0000") || text.includes("\uFFFD")) {
    return { path: entry.path, size: entry.size, kind: "binary" as const, content: null };
  }
  return { path: entry.path, size: entry.size, kind: "text" as const, content: text };
}

/** The app's latest saved source as a zip, for a member of the workspace. */
export async function exportSourceZip(
  db: Database,
  claims: SessionClaims | null,
  workspaceId: string,
  appId: string,
  requestId?: string,
) {
  if (!claims) throw new ServiceError("UNAUTHORIZED", "Sign in to download the app.");
  return withTenant(db.db, { workspaceId, userId: claims.userId }, async (tx) => {
    const found = await resolveSessionMember(tx, claims, workspaceId, requestId);
    if (found.status === "no-session")
      throw new ServiceError("UNAUTHORIZED", "Sign in to download the app.");
    if (found.status === "not-member") throw notFound("Workspace");
    const ctx: TenantCtx = { tx, actor: found.actor, afterCommit: () => {} };
    const app = await requireApp(tx, found.actor, appId);
    const snapshot = await snapshotFor(ctx, appId);
    if (!snapshot)
      throw new ServiceError(
        "PRECONDITION_FAILED",
        "The app has no saved version yet; build it first.",
      );
    const blobs = await readBlobs(
      tx,
      workspaceId,
      snapshot.files.map((f) => f.hash),
    );
    const folder = slug(app.name);
    const entries: Record<string, Uint8Array> = {};
    for (const file of snapshot.files)
      entries[`${folder}/${file.path}`] = blobs.get(file.hash) ?? strToU8("");
    await recordAudit(tx, found.actor, {
      action: "app.exported",
      target: { type: "app", id: app.id, name: app.name },
      summary: `Downloaded the source of ${app.name}.`,
      metadata: { snapshotId: snapshot.id, fileCount: snapshot.fileCount },
    });
    return {
      filename: `${folder}.zip`,
      zip: zipSync(entries, { level: 6, mtime: snapshot.createdAt }),
    };
  });
}

const slug = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60) || "app";

/** What the preview route serves: one file of one build, looked up through RLS. */
export interface PreviewFile {
  content: Uint8Array;
  type: string;
  immutable: boolean;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

/**
 * Serves build artifacts from Postgres with small caches: a build's manifest and a blob never
 * change once written, so caching them can't serve anything stale.
 */
export class PreviewFiles {
  private readonly manifests = new Map<string, Map<string, FileEntry> | null>();
  private readonly blobs = new Map<string, Uint8Array>();
  private blobBytes = 0;

  constructor(
    private readonly db: Database,
    private readonly maxBlobBytes = 64 * 1024 * 1024,
  ) {}

  /**
   * Whether the session a link was issued to is still live, its user still a member, and still
   * allowed to see this build (a maker of its app, or a viewer when it is the published build).
   */
  async allowed(workspaceId: string, buildId: string, viewer: SessionClaims): Promise<boolean> {
    return withTenant(this.db.db, { workspaceId, userId: viewer.userId }, async (tx) => {
      const found = await resolveSessionMember(tx, viewer, workspaceId);
      return found.status === "member" && (await mayViewBuild(tx, found.actor, buildId));
    });
  }

  async file(workspaceId: string, buildId: string, filePath: string): Promise<PreviewFile | null> {
    const files = await this.manifest(workspaceId, buildId);
    if (!files) return null;
    const wanted = filePath === "" || filePath.endsWith("/") ? `${filePath}index.html` : filePath;
    const entry = files.get(wanted);
    if (!entry) return null;
    const content = await this.blob(workspaceId, entry.hash);
    if (!content) return null;
    return {
      content,
      type: TYPES[path.extname(entry.path).toLowerCase()] ?? "application/octet-stream",
      immutable: entry.path.startsWith("assets/"),
    };
  }

  private async manifest(workspaceId: string, buildId: string) {
    const key = `${workspaceId}/${buildId}`;
    if (this.manifests.has(key)) return this.manifests.get(key)!;
    const [row] = await withTenant(this.db.db, { workspaceId }, (tx) =>
      tx
        .select({ artifacts: appBuilds.artifacts })
        .from(appBuilds)
        .where(
          and(
            eq(appBuilds.workspaceId, workspaceId),
            eq(appBuilds.id, buildId),
            eq(appBuilds.status, "succeeded"),
          ),
        ),
    );
    const files = row ? new Map(row.artifacts.map((f) => [f.path, f])) : null;
    if (this.manifests.size > 1000) this.manifests.clear();
    if (files) this.manifests.set(key, files);
    return files;
  }

  private async blob(workspaceId: string, hash: string) {
    const key = `${workspaceId}/${hash}`;
    const cached = this.blobs.get(key);
    if (cached) return cached;
    const content = (
      await withTenant(this.db.db, { workspaceId }, (tx) => readBlobs(tx, workspaceId, [hash]))
    ).get(hash);
    if (!content) return null;
    if (this.blobBytes + content.length > this.maxBlobBytes) {
      this.blobs.clear();
      this.blobBytes = 0;
    }
    this.blobs.set(key, content);
    this.blobBytes += content.length;
    return content;
  }
}
