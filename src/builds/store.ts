import { createHash } from "node:crypto";
import { and, desc, eq, inArray } from "drizzle-orm";
import {
  appBlobs,
  appBuilds,
  appSnapshots,
  type BuildProblem,
  type FileEntry,
} from "../../db/schema";
import type { Tx } from "../../db/tenant";

/**
 * Snapshots, builds and their content-addressed blobs. Every function takes an open tenant
 * transaction; RLS keeps it inside the transaction's workspace.
 */

export interface StoredFile extends FileEntry {
  content: Uint8Array;
}

/** Largest batch of blob bytes sent in one INSERT. */
const BLOB_BATCH_BYTES = 4 * 1024 * 1024;

/** Stores the blobs the workspace does not have yet; returns how many were new. */
export async function putBlobs(tx: Tx, workspaceId: string, files: readonly StoredFile[]) {
  const unique = new Map(files.map((f) => [f.hash, f]));
  if (unique.size === 0) return { added: 0, reused: 0 };
  const have = await tx
    .select({ hash: appBlobs.hash })
    .from(appBlobs)
    .where(and(eq(appBlobs.workspaceId, workspaceId), inArray(appBlobs.hash, [...unique.keys()])));
  for (const { hash } of have) unique.delete(hash);
  let batch: StoredFile[] = [];
  let bytes = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await tx
      .insert(appBlobs)
      .values(batch.map((f) => ({ workspaceId, hash: f.hash, size: f.size, content: f.content })))
      .onConflictDoNothing();
    batch = [];
    bytes = 0;
  };
  for (const file of unique.values()) {
    batch.push(file);
    bytes += file.size;
    if (bytes >= BLOB_BATCH_BYTES) await flush();
  }
  await flush();
  return { added: unique.size, reused: files.length - unique.size };
}

/** Contents by hash, for the hashes given (missing ones are absent from the map). */
export async function readBlobs(tx: Tx, workspaceId: string, hashes: readonly string[]) {
  const out = new Map<string, Uint8Array>();
  const wanted = [...new Set(hashes)];
  for (let i = 0; i < wanted.length; i += 500) {
    const rows = await tx
      .select({ hash: appBlobs.hash, content: appBlobs.content })
      .from(appBlobs)
      .where(
        and(
          eq(appBlobs.workspaceId, workspaceId),
          inArray(appBlobs.hash, wanted.slice(i, i + 500)),
        ),
      );
    for (const row of rows) out.set(row.hash, row.content);
  }
  return out;
}

/** One hash for a whole manifest: equal sources, equal hashes. */
export function manifestHash(files: readonly { path: string; hash: string }[]): string {
  const lines = [...files].sort((a, b) => (a.path < b.path ? -1 : 1));
  return createHash("sha256")
    .update(lines.map((f) => `${f.path}\0${f.hash}\n`).join(""))
    .digest("hex");
}

export const manifest = (files: readonly FileEntry[]): FileEntry[] =>
  files.map(({ path, hash, size }) => ({ path, hash, size }));

export async function insertSnapshot(
  tx: Tx,
  values: {
    workspaceId: string;
    appId: string;
    runId: string | null;
    createdBy: string | null;
    files: FileEntry[];
    sourceHash: string;
  },
) {
  const id = crypto.randomUUID();
  await tx.insert(appSnapshots).values({
    id,
    ...values,
    fileCount: values.files.length,
    totalBytes: values.files.reduce((sum, f) => sum + f.size, 0),
  });
  return id;
}

export async function insertBuild(
  tx: Tx,
  values: {
    workspaceId: string;
    appId: string;
    runId: string | null;
    snapshotId: string | null;
    status: "succeeded" | "failed";
    summary: string;
    problems: BuildProblem[];
    artifacts: FileEntry[];
    typecheckMs: number;
    buildMs: number;
    totalMs: number;
  },
) {
  const id = crypto.randomUUID();
  await tx.insert(appBuilds).values({ id, ...values });
  return id;
}

export async function latestSnapshot(tx: Tx, workspaceId: string, appId: string) {
  const [row] = await tx
    .select()
    .from(appSnapshots)
    .where(and(eq(appSnapshots.workspaceId, workspaceId), eq(appSnapshots.appId, appId)))
    .orderBy(desc(appSnapshots.createdAt))
    .limit(1);
  return row ?? null;
}
