import { ServiceError } from "../errors";

/**
 * A list cursor: where the previous page ended in its sort order — the sort key of its last
 * document and that document's id — so the next page is one index range read from there
 * (keyset), never an OFFSET that reads and throws away every row before it. Documents inserted
 * or deleted while paging shift nothing: each document is returned once.
 *
 * Opaque to callers (base64url of JSON), but not trusted: it names its sort, so a cursor of
 * another sort is refused rather than read as a position it never was.
 */
export interface ListCursor {
  /** The sort field and direction the cursor was made for. */
  field: string;
  direction: "asc" | "desc";
  /** The last document's sort key: timestamp text, or the field's JSON value. */
  key: unknown;
  id: string;
}

/** A cursor's text stays under this; a longer sort key is left out and looked up by id. */
export const MAX_CURSOR = 1200;
const MAX_KEY = 800;
const PREFIX = "k1.";

export function encodeCursor(c: ListCursor): string {
  const key = JSON.stringify(c.key ?? null);
  const body = [c.field, c.direction === "desc" ? 1 : 0, c.id];
  if (key.length <= MAX_KEY) body.push(key);
  return PREFIX + Buffer.from(JSON.stringify(body)).toString("base64url");
}

export const badCursor = () =>
  new ServiceError(
    "VALIDATION",
    "That is not a valid cursor: pass the nextCursor of the previous page, with the same sort.",
  );

/** The cursor, or a typed VALIDATION error; `key` is undefined when it must be looked up. */
export function decodeCursor(
  text: string,
  sort: { field: string; direction: "asc" | "desc" },
): ListCursor {
  if (!text.startsWith(PREFIX) || text.length > MAX_CURSOR) throw badCursor();
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(text.slice(PREFIX.length), "base64url").toString("utf8"));
  } catch {
    throw badCursor();
  }
  if (!Array.isArray(body) || body.length < 3 || body.length > 4) throw badCursor();
  const [field, dir, id, key] = body as [unknown, unknown, unknown, unknown];
  if (typeof field !== "string" || (dir !== 0 && dir !== 1) || typeof id !== "string")
    throw badCursor();
  if (id.length === 0 || id.length > 128) throw badCursor();
  const direction = dir === 1 ? "desc" : "asc";
  if (field !== sort.field || direction !== sort.direction) {
    throw new ServiceError(
      "VALIDATION",
      `That cursor belongs to a list sorted by ${field} ${direction}; start again without a cursor to sort by ${sort.field} ${sort.direction}.`,
    );
  }
  let parsed: unknown;
  if (key !== undefined) {
    if (typeof key !== "string") throw badCursor();
    try {
      parsed = JSON.parse(key);
    } catch {
      throw badCursor();
    }
  }
  return { field, direction, id, key: parsed };
}
