import type { Dirent } from "node:fs";
import { lstat, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { decodeText, fsError } from "./io";
import { LIMITS, MANAGED_DIRS } from "./limits";
import { resolvePath, ToolInputError, type Workspace } from "./paths";

export interface ListEntry {
  path: string;
  type: "file" | "dir" | "symlink";
  bytes?: number;
}

interface Walked {
  rel: string;
  abs: string;
  entry: Dirent;
}

/** Sorted, depth-first; skips managed dirs and never follows a symlink. */
async function* walk(abs: string, rel: string, recursive: boolean): AsyncGenerator<Walked> {
  const entries = await readdir(abs, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.isDirectory() && MANAGED_DIRS.includes(entry.name)) continue;
    const child = {
      rel: rel === "." ? entry.name : `${rel}/${entry.name}`,
      abs: path.join(abs, entry.name),
    };
    yield { ...child, entry };
    if (recursive && entry.isDirectory()) yield* walk(child.abs, child.rel, true);
  }
}

async function openDir(ws: Workspace, dir: string) {
  const { rel, abs } = await resolvePath(ws, dir, "read");
  const stat = await lstat(abs).catch((err) => {
    throw fsError(err, rel);
  });
  if (!stat.isDirectory()) throw new ToolInputError(`${rel} is a file; use read_file to read it.`);
  return { rel, abs };
}

export async function listFiles(ws: Workspace, dir = ".", opts: { recursive?: boolean } = {}) {
  const root = await openDir(ws, dir);
  const entries: ListEntry[] = [];
  let truncated = false;
  for await (const { rel, abs, entry } of walk(root.abs, root.rel, opts.recursive ?? false)) {
    if (entries.length === LIMITS.maxListEntries) {
      truncated = true;
      break;
    }
    if (entry.isDirectory()) entries.push({ path: rel, type: "dir" });
    else if (entry.isSymbolicLink()) entries.push({ path: rel, type: "symlink" });
    else if (entry.isFile())
      entries.push({ path: rel, type: "file", bytes: (await lstat(abs)).size });
  }
  return { path: root.rel, entries, truncated };
}

export interface SearchOptions {
  /** Limits the search to matching paths; a pattern without "/" also matches file names. */
  glob?: string;
  /** Treat the query as a JavaScript regular expression instead of literal text. */
  regex?: boolean;
  dir?: string;
}

export interface SearchMatch {
  path: string;
  line: number;
  text: string;
}

export async function searchFiles(ws: Workspace, query: string, opts: SearchOptions = {}) {
  if (query === "") throw new ToolInputError("The search query is empty.");
  if (query.length > LIMITS.maxQueryChars) {
    throw new ToolInputError(`The query is over ${LIMITS.maxQueryChars} characters; shorten it.`);
  }
  const test = matcher(query, opts.regex ?? false);
  const glob = opts.glob ? new Bun.Glob(opts.glob) : undefined;
  const byName = opts.glob !== undefined && !opts.glob.includes("/");
  const root = await openDir(ws, opts.dir ?? ".");
  const matches: SearchMatch[] = [];
  let files = 0;
  let truncated = false;
  outer: for await (const { rel, abs, entry } of walk(root.abs, root.rel, true)) {
    if (!entry.isFile() || /^\.env(\..*)?$/i.test(entry.name)) continue;
    if (glob && !glob.match(rel) && !(byName && glob.match(entry.name))) continue;
    if (++files > LIMITS.maxSearchFiles) {
      truncated = true;
      break;
    }
    if ((await lstat(abs)).size > LIMITS.maxFileBytes) continue;
    const text = decodeText(await readFile(abs));
    if (text === undefined) continue;
    const lines = text.split("\n");
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] ?? "";
      if (!test(line)) continue;
      if (matches.length === LIMITS.maxSearchResults) {
        truncated = true;
        break outer;
      }
      matches.push({
        path: rel,
        line: i + 1,
        text: line.trim().slice(0, LIMITS.maxSearchLineChars),
      });
    }
  }
  return { matches, truncated };
}

function matcher(query: string, regex: boolean): (line: string) => boolean {
  if (!regex) return (line) => line.includes(query);
  try {
    const re = new RegExp(query);
    return (line) => re.test(line);
  } catch (err) {
    throw new ToolInputError(`Invalid regular expression: ${(err as Error).message}`);
  }
}
