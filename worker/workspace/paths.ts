import { lstat, realpath } from "node:fs/promises";
import path from "node:path";
import { DEFAULT_PLATFORM_FILES, MANAGED_DIRS } from "./limits";

/** Bad input from the model; the message says what to do instead. */
export class ToolInputError extends Error {
  override name = "ToolInputError";
}

export interface Workspace {
  /** The app's workspace directory on the worker. */
  root: string;
  /** Root-relative paths the builder may read but not change; defaults to DEFAULT_PLATFORM_FILES. */
  platformFiles?: readonly string[];
}

export type Access = "read" | "write";

export interface ResolvedPath {
  /** Normalized, root-relative, forward slashes; "." is the root. */
  rel: string;
  /** Real absolute path, with every existing symlink resolved. */
  abs: string;
}

const EXAMPLE = "use a path inside it like src/App.tsx";
const SECRET_FILE = /^\.env(\..*)?$/i;

/** Resolves a model-supplied path inside the workspace, or throws a ToolInputError saying why not. */
export async function resolvePath(ws: Workspace, input: string, access: Access) {
  const shown = input.trim().slice(0, 200);
  const rel = normalize(shown);
  const realRoot = await realpath(ws.root);
  const abs = await resolveReal(realRoot, rel, shown);
  const realRel = toPosix(path.relative(realRoot, abs)) || ".";
  for (const candidate of new Set([rel, realRel])) {
    if (SECRET_FILE.test(path.posix.basename(candidate))) {
      throw new ToolInputError(
        `${shown} is an environment file for secrets; the builder cannot read or write it. Secrets are set in the workspace settings, never in files.`,
      );
    }
    if (access === "write") checkWritable(ws, candidate, shown);
  }
  return { rel, abs } satisfies ResolvedPath;
}

function normalize(shown: string): string {
  if (shown === "") throw new ToolInputError(`The path is empty; ${EXAMPLE}`);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point
  if (/[\u0000-\u001f]/.test(shown)) {
    throw new ToolInputError("The path contains a NUL or control character; use a plain path.");
  }
  if (shown.includes("\\")) {
    throw new ToolInputError(`Path ${shown} contains a backslash; use forward slashes, ${EXAMPLE}`);
  }
  if (shown.startsWith("/") || shown.startsWith("~") || /^[a-z]:/i.test(shown)) {
    throw new ToolInputError(
      `Path ${shown} is absolute; paths are relative to the app workspace, ${EXAMPLE}`,
    );
  }
  const rel = path.posix.normalize(shown).replace(/\/+$/, "") || ".";
  if (rel === ".." || rel.startsWith("../")) {
    throw new ToolInputError(`Path ${shown} leaves the app workspace; ${EXAMPLE}`);
  }
  return rel;
}

/** realpath() of the deepest existing ancestor plus the parts that do not exist yet. */
async function resolveReal(realRoot: string, rel: string, shown: string): Promise<string> {
  let existing = path.join(realRoot, rel);
  const missing: string[] = [];
  for (;;) {
    let real: string;
    try {
      real = await realpath(existing);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ELOOP") throw new ToolInputError(`Path ${shown} goes through a symlink loop.`);
      if (code !== "ENOENT" && code !== "ENOTDIR") throw err;
      // A dangling link would let a later create follow it to wherever it points.
      if (await isSymlink(existing)) {
        throw new ToolInputError(
          `Path ${shown} goes through a symbolic link whose target does not exist; ${EXAMPLE}`,
        );
      }
      missing.unshift(path.basename(existing));
      existing = path.dirname(existing);
      continue;
    }
    const full = path.join(real, ...missing);
    if (!isInside(realRoot, full)) {
      throw new ToolInputError(
        `Path ${shown} goes through a symbolic link that leads outside the app workspace; ${EXAMPLE}`,
      );
    }
    return full;
  }
}

function checkWritable(ws: Workspace, rel: string, shown: string) {
  if (rel === ".") throw new ToolInputError(`Path ${shown} is the workspace itself; ${EXAMPLE}`);
  const managed = rel.split("/").find((part) => MANAGED_DIRS.includes(part));
  if (managed) {
    throw new ToolInputError(
      `${shown} is inside ${managed}/, which the platform manages; change the app's source instead, ${EXAMPLE}`,
    );
  }
  const platform = (ws.platformFiles ?? DEFAULT_PLATFORM_FILES).map((f) =>
    path.posix.normalize(f).toLowerCase(),
  );
  if (platform.includes(rel.toLowerCase())) {
    throw new ToolInputError(
      `${shown} is part of the platform's build setup and cannot be changed by the builder; dependencies are added with add_dependency, and the app's code lives under src/.`,
    );
  }
}

export function isInside(root: string, candidate: string): boolean {
  const prefix = root.endsWith(path.sep) ? root : root + path.sep;
  return candidate === root || candidate.startsWith(prefix);
}

async function isSymlink(p: string): Promise<boolean> {
  try {
    return (await lstat(p)).isSymbolicLink();
  } catch {
    return false;
  }
}

const toPosix = (p: string) => p.split(path.sep).join("/");
