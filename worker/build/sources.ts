import { createHash } from "node:crypto";
import { lstat, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { BUILD_LIMITS, PLATFORM_DIRS } from "./limits";

export interface SourceFile {
  path: string;
  content: Buffer;
  hash: string;
  size: number;
}

/** A snapshot that would break a limit: the message says which and what to do. */
export class SourceLimitError extends Error {
  override name = "SourceLimitError";
}

export const sha256 = (data: Uint8Array | string) =>
  createHash("sha256").update(data).digest("hex");

/**
 * Whether a workspace path belongs in a snapshot. Dot-entries (`.env*`, `.npmrc`, editor
 * folders) never do: secrets live in the workspace settings, not in files.
 */
export function isSnapshotPath(rel: string): boolean {
  return rel
    .split("/")
    .every((part) => !part.startsWith(".") && !(PLATFORM_DIRS as readonly string[]).includes(part));
}

/** Walks a folder for the files a snapshot (or a build's output) holds. Symlinks are skipped. */
export async function collectFiles(
  root: string,
  limits: { maxFileBytes: number; maxTotalBytes: number; maxFiles: number; what: string },
): Promise<SourceFile[]> {
  const files: SourceFile[] = [];
  let total = 0;
  const walk = async (dir: string) => {
    const entries = await readdir(path.join(root, dir), { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      if (!isSnapshotPath(rel)) continue;
      if (entry.isDirectory()) {
        await walk(rel);
        continue;
      }
      if (!entry.isFile()) continue;
      const size = (await lstat(path.join(root, rel))).size;
      if (size > limits.maxFileBytes) {
        throw new SourceLimitError(
          `${rel} is ${kb(size)}; a ${limits.what} file may be at most ${kb(limits.maxFileBytes)}. Split it into smaller modules or move data into the app's collections.`,
        );
      }
      total += size;
      if (total > limits.maxTotalBytes) {
        throw new SourceLimitError(
          `The ${limits.what} files add up to more than ${kb(limits.maxTotalBytes)}; remove generated or unused files.`,
        );
      }
      if (files.length >= limits.maxFiles) {
        throw new SourceLimitError(
          `The app has more than ${limits.maxFiles} ${limits.what} files; remove unused ones.`,
        );
      }
      const content = await readFile(path.join(root, rel));
      files.push({ path: rel, content, hash: sha256(content), size: content.length });
    }
  };
  await walk("");
  return files;
}

export function collectSources(root: string): Promise<SourceFile[]> {
  return collectFiles(root, {
    maxFileBytes: BUILD_LIMITS.maxSourceFileBytes,
    maxTotalBytes: BUILD_LIMITS.maxSourceBytes,
    maxFiles: BUILD_LIMITS.maxSourceFiles,
    what: "source",
  });
}

export { manifestHash } from "../../src/builds/store";

function kb(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.ceil(bytes / 1024)} KB`;
}
