/**
 * A live cursor is a PostgreSQL snapshot (`xmin:xmax:xip,...`, the text form of `pg_snapshot`):
 * the set of transactions whose changes have been delivered. The next read delivers what is
 * visible now and was not visible in it, so a long transaction elsewhere in the cluster (which
 * only sits in the in-progress list) holds back nothing but itself.
 */
export interface Snapshot {
  xmin: bigint;
  xmax: bigint;
  /** In progress when taken, ascending, each in [xmin, xmax). */
  xip: bigint[];
}

/** At most this many in-progress ids are carried, so a cursor stays under ~700 characters. */
export const MAX_XIP = 32;

const SNAPSHOT = /^(\d{1,20}):(\d{1,20}):((?:\d{1,20},){0,31}\d{1,20})?$/;
const LEGACY = /^\d{1,20}$/;

/**
 * PostgreSQL's own `pg_current_snapshot()` text, whatever its in-progress list's length (a busy
 * cluster may have many more than a cursor holds): bound it before it becomes a cursor.
 */
export function parsePgSnapshot(text: string): Snapshot {
  const [xmin = "", xmax = "", list = ""] = text.split(":");
  return {
    xmin: BigInt(xmin),
    xmax: BigInt(xmax),
    xip: list === "" ? [] : list.split(",").map(BigInt),
  };
}

/** Parses a cursor; a bare number (the older horizon form) means "everything below it". */
export function parseSnapshot(text: string): Snapshot | null {
  if (LEGACY.test(text)) {
    const h = BigInt(text);
    return { xmin: h, xmax: h, xip: [] };
  }
  const m = SNAPSHOT.exec(text);
  if (!m) return null;
  const xmin = BigInt(m[1]!);
  const xmax = BigInt(m[2]!);
  const xip = m[3] ? m[3].split(",").map(BigInt) : [];
  if (xmin > xmax) return null;
  for (let i = 0; i < xip.length; i++) {
    const x = xip[i]!;
    if (x < xmin || x >= xmax || (i > 0 && x <= xip[i - 1]!)) return null;
  }
  return { xmin, xmax, xip };
}

export function formatSnapshot(s: Snapshot): string {
  return `${s.xmin}:${s.xmax}:${s.xip.join(",")}`;
}

/** Whether a transaction's changes are inside the cursor (as `pg_visible_in_snapshot`). */
export function visibleIn(txid: bigint, s: Snapshot): boolean {
  if (txid < s.xmin) return true;
  if (txid >= s.xmax) return false;
  return !s.xip.includes(txid);
}

/**
 * Bounds the in-progress list by lowering xmax to the first id left out: the dropped range is
 * treated as not yet visible and is read on a later pass, never skipped.
 */
export function bounded(s: Snapshot): Snapshot {
  if (s.xip.length <= MAX_XIP) return s;
  return { xmin: s.xmin, xmax: s.xip[MAX_XIP]!, xip: s.xip.slice(0, MAX_XIP) };
}

/** The transactions visible in either: what has been delivered after reading `b` past `a`. */
export function union(a: Snapshot, b: Snapshot): Snapshot {
  const [lo, hi] = a.xmax <= b.xmax ? [a, b] : [b, a];
  const xip = hi.xip.filter((x) => x >= lo.xmax || lo.xip.includes(x));
  const xmin = xip[0] ?? hi.xmax;
  return { xmin, xmax: hi.xmax, xip };
}

/** Whether `s` holds every transaction `of` holds (nothing new to read from `of` up to `s`). */
export function covers(s: Snapshot, of: Snapshot): boolean {
  const u = union(s, of);
  return u.xmax === s.xmax && u.xip.length === s.xip.length;
}
