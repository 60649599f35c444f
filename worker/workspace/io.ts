import { randomUUID } from "node:crypto";
import { constants, type Stats } from "node:fs";
import { lstat, mkdir, open, rename, rm } from "node:fs/promises";
import path from "node:path";
import { LIMITS } from "./limits";
import { ToolInputError } from "./paths";

const utf8 = new TextDecoder("utf-8", { fatal: true });

export const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;

export function checkSize(bytes: number, what: string) {
  if (bytes > LIMITS.maxFileBytes) {
    throw new ToolInputError(
      `${what} is ${bytes} bytes, over the ${kb(LIMITS.maxFileBytes)} (${LIMITS.maxFileBytes} bytes) per-file limit; split it into smaller modules.`,
    );
  }
}

/** Decodes UTF-8 text, or returns undefined for binary content. */
export function decodeText(buf: Uint8Array): string | undefined {
  if (buf.includes(0)) return undefined;
  try {
    return utf8.decode(buf);
  } catch {
    return undefined;
  }
}

/** Turns the filesystem errors a model can cause into messages it can act on. */
export function fsError(err: unknown, shown: string): unknown {
  switch ((err as NodeJS.ErrnoException).code) {
    case "ENOENT":
      return new ToolInputError(
        `No file or directory at ${shown}; use list_files to see what exists.`,
      );
    case "ENOTDIR":
      return new ToolInputError(`Part of ${shown} is a file, not a directory.`);
    case "EISDIR":
      return new ToolInputError(`${shown} is a directory, not a file.`);
    case "ELOOP":
      return new ToolInputError(`${shown} is a symbolic link; use the path it points to.`);
    default:
      return err;
  }
}

/** Reads a regular text file within the size limit; never follows a symlink at the last step. */
export async function readText(abs: string, shown: string) {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(abs, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (err) {
    throw fsError(err, shown);
  }
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw new ToolInputError(`${shown} is a directory; use list_files.`);
    checkSize(stat.size, shown);
    const text = decodeText(await handle.readFile());
    if (text === undefined) {
      throw new ToolInputError(`${shown} is a binary file; only text files can be read.`);
    }
    return { text, bytes: stat.size };
  } finally {
    await handle.close();
  }
}

export async function lstatOrNull(abs: string): Promise<Stats | null> {
  try {
    return await lstat(abs);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
}

/** Write then rename: readers never see half a file, and a link at the target is replaced, not followed. */
export async function writeAtomic(abs: string, content: string, shown: string) {
  const dir = path.dirname(abs);
  try {
    await mkdir(dir, { recursive: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EEXIST" || code === "ENOTDIR") {
      throw new ToolInputError(
        `Cannot create ${shown}: a parent of it is a file, not a directory.`,
      );
    }
    throw err;
  }
  const tmp = path.join(dir, `.${path.basename(abs)}.${randomUUID()}.tmp`);
  try {
    const handle = await open(tmp, "wx");
    try {
      await handle.writeFile(content);
    } finally {
      await handle.close();
    }
    await rename(tmp, abs);
  } catch (err) {
    await rm(tmp, { force: true });
    throw fsError(err, shown);
  }
}
