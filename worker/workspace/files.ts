import { readFile as readBytes, unlink } from "node:fs/promises";
import { checkSize, decodeText, lstatOrNull, readText, writeAtomic } from "./io";
import { LIMITS } from "./limits";
import { resolvePath, ToolInputError, type Workspace } from "./paths";

export { listFiles, searchFiles } from "./tree";

export interface ReadOptions {
  /** First line to return, 1-based. Giving offset or limit returns numbered lines. */
  offset?: number;
  limit?: number;
}

export async function readFile(ws: Workspace, file: string, opts: ReadOptions = {}) {
  const { rel, abs } = await resolvePath(ws, file, "read");
  const { text, bytes } = await readText(abs, rel);
  const lines = text === "" ? [] : text.replace(/\n$/, "").split("\n");
  if (opts.offset === undefined && opts.limit === undefined) {
    return { path: rel, content: text, bytes, totalLines: lines.length, numbered: false };
  }
  const from = opts.offset ?? 1;
  const limit = Math.min(opts.limit ?? LIMITS.maxReadLines, LIMITS.maxReadLines);
  if (from < 1 || limit < 1) throw new ToolInputError("offset and limit start at 1.");
  if (from > Math.max(lines.length, 1)) {
    throw new ToolInputError(`${rel} has ${lines.length} lines; offset ${from} is past the end.`);
  }
  const slice = lines.slice(from - 1, from - 1 + limit);
  const width = String(from + slice.length - 1).length;
  const content = slice.map((l, i) => `${String(from + i).padStart(width)}\t${l}`).join("\n");
  return {
    path: rel,
    content,
    bytes,
    totalLines: lines.length,
    numbered: true,
    fromLine: from,
    toLine: from + slice.length - 1,
  };
}

export interface WriteResult {
  path: string;
  created: boolean;
  bytes: number;
  /** The text this write replaced, for a diff; absent when new, binary or too large. */
  previous?: string;
}

export async function writeFile(
  ws: Workspace,
  file: string,
  content: string,
): Promise<WriteResult> {
  const bytes = Buffer.byteLength(content);
  checkSize(bytes, "The content");
  const { rel, abs } = await resolvePath(ws, file, "write");
  const existing = await lstatOrNull(abs);
  if (existing?.isDirectory()) throw new ToolInputError(`${rel} is a directory, not a file.`);
  let previous: string | undefined;
  if (existing?.isFile() && existing.size <= LIMITS.maxFileBytes) {
    previous = decodeText(await readBytes(abs));
  }
  await writeAtomic(abs, content, rel);
  return { path: rel, created: existing === null, bytes, previous };
}

export interface EditInput {
  oldText: string;
  newText: string;
  replaceAll?: boolean;
}

/** Exact search-and-replace; the match must be unique unless replaceAll is set. */
export async function editFile(ws: Workspace, file: string, edit: EditInput) {
  if (edit.oldText === "")
    throw new ToolInputError("oldText is empty; give the exact text to replace.");
  if (edit.oldText === edit.newText) {
    throw new ToolInputError("oldText and newText are the same; nothing would change.");
  }
  const { rel, abs } = await resolvePath(ws, file, "write");
  const { text: previous } = await readText(abs, rel);
  const parts = previous.split(edit.oldText);
  const count = parts.length - 1;
  if (count === 0) {
    throw new ToolInputError(
      `oldText was not found in ${rel}; read the file and copy the exact text, including whitespace and indentation.`,
    );
  }
  if (count > 1 && !edit.replaceAll) {
    throw new ToolInputError(
      `oldText was found ${count} times in ${rel}; include more surrounding lines so it matches once, or set replaceAll to replace all ${count}.`,
    );
  }
  // split/join rather than String.replace, which would expand "$&" and friends in newText.
  const content = edit.replaceAll
    ? parts.join(edit.newText)
    : parts[0] + edit.newText + parts.slice(1).join(edit.oldText);
  const bytes = Buffer.byteLength(content);
  checkSize(bytes, `${rel} after the edit`);
  await writeAtomic(abs, content, rel);
  return { path: rel, replacements: count, bytes, previous };
}

export async function deleteFile(ws: Workspace, file: string) {
  const { rel, abs } = await resolvePath(ws, file, "write");
  const existing = await lstatOrNull(abs);
  if (!existing) throw new ToolInputError(`No file at ${rel}; use list_files to see what exists.`);
  if (existing.isDirectory()) {
    throw new ToolInputError(`${rel} is a directory; delete_file removes one file at a time.`);
  }
  await unlink(abs);
  return { path: rel, bytes: existing.size };
}
