import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import {
  bounded,
  covers,
  formatSnapshot,
  MAX_XIP,
  parsePgSnapshot,
  parseSnapshot,
  type Snapshot,
  union,
  visibleIn,
} from "../../src/realtime/snapshot";

/** A valid snapshot over small ids: xmin ≤ each in-progress id < xmax. */
const snapshot = fc
  .tuple(
    fc.integer({ min: 1, max: 60 }),
    fc.integer({ min: 0, max: 60 }),
    fc.array(fc.nat(120), { maxLength: 50 }),
  )
  .map(([xmin, span, xs]): Snapshot => {
    const xmax = xmin + span;
    const xip = [...new Set(xs.map((x) => xmin + (span ? x % span : 0)))]
      .filter((x) => x < xmax)
      .sort((a, b) => a - b);
    return { xmin: BigInt(xmin), xmax: BigInt(xmax), xip: xip.map(BigInt) };
  });

const ids = Array.from({ length: 200 }, (_, i) => BigInt(i));

describe("live cursor snapshots", () => {
  test("the union holds exactly the transactions either cursor holds", () => {
    fc.assert(
      fc.property(snapshot, snapshot, (a, b) => {
        const u = union(a, b);
        for (const x of ids) expect(visibleIn(x, u)).toBe(visibleIn(x, a) || visibleIn(x, b));
        expect(covers(u, a) && covers(u, b)).toBe(true);
      }),
    );
  });

  test("bounding keeps at most MAX_XIP ids and never claims a transaction the snapshot lacks", () => {
    fc.assert(
      fc.property(snapshot, (s) => {
        const t = bounded(s);
        expect(t.xip.length).toBeLessThanOrEqual(MAX_XIP);
        for (const x of ids) if (visibleIn(x, t)) expect(visibleIn(x, s)).toBe(true);
        expect(parseSnapshot(formatSnapshot(t))).toEqual(t);
      }),
    );
  });

  test("PostgreSQL's own snapshot is read whatever its length, then bounded into a cursor", () => {
    const ids = Array.from({ length: 40 }, (_, i) => 1000n + BigInt(i));
    const raw = `1000:2000:${ids.join(",")}`;
    expect(parseSnapshot(raw)).toBeNull();
    const cursor = bounded(parsePgSnapshot(raw));
    expect(cursor.xip).toHaveLength(MAX_XIP);
    expect(parseSnapshot(formatSnapshot(cursor))).toEqual(cursor);
    expect(parsePgSnapshot("7:9:")).toEqual({ xmin: 7n, xmax: 9n, xip: [] });
  });

  test("a bare number is the older horizon form; invalid snapshots are refused", () => {
    expect(parseSnapshot("42")).toEqual({ xmin: 42n, xmax: 42n, xip: [] });
    expect(parseSnapshot("10:20:12,15")).toEqual({ xmin: 10n, xmax: 20n, xip: [12n, 15n] });
    for (const bad of ["20:10:", "10:20:15,12", "10:20:20", "10:20:9", "10:20:12,12", "a:b:", ""])
      expect(parseSnapshot(bad)).toBeNull();
  });
});
