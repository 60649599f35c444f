import { describe, expect, test } from "bun:test";
import { textDiff } from "../../src/publishing/text-diff";

const lines = (n: number, f = (i: number) => `line ${i}`) =>
  Array.from({ length: n }, (_, i) => f(i + 1)).join("\n");

describe("textDiff", () => {
  test("one changed line: a hunk with three lines of context each side and exact counts", () => {
    const before = `${lines(10)}\n`;
    const after = `${lines(10, (i) => (i === 5 ? "line five" : `line ${i}`))}\n`;
    expect(textDiff(before, after)).toEqual({
      added: 1,
      removed: 1,
      unified: [
        "@@ -2,7 +2,7 @@",
        " line 2",
        " line 3",
        " line 4",
        "-line 5",
        "+line five",
        " line 6",
        " line 7",
        " line 8",
      ].join("\n"),
    });
  });

  test("changes far apart are separate hunks; close ones share one", () => {
    const before = lines(30);
    const far = textDiff(
      before,
      lines(30, (i) => (i === 3 || i === 25 ? `x${i}` : `line ${i}`)),
    );
    expect(far.unified?.match(/^@@/gm)).toHaveLength(2);
    const near = textDiff(
      before,
      lines(30, (i) => (i === 3 || i === 8 ? `x${i}` : `line ${i}`)),
    );
    expect(near.unified?.match(/^@@/gm)).toHaveLength(1);
  });

  test("added and removed files, identical texts", () => {
    expect(textDiff("", "a\nb\n")).toEqual({
      added: 2,
      removed: 0,
      unified: "@@ -1,0 +1,2 @@\n+a\n+b",
    });
    expect(textDiff("a\n", "")).toEqual({ added: 0, removed: 1, unified: "@@ -1,1 +1,0 @@\n-a" });
    expect(textDiff("same\n", "same\n")).toEqual({ added: 0, removed: 0, unified: "" });
  });

  test("past the limits there is no inline diff", () => {
    const big = lines(5000);
    expect(textDiff(big, `${big}\nmore`).unified).toBeNull();
    const limits = { maxLines: 100, maxEdits: 5, context: 3, maxChars: 40_000 };
    expect(
      textDiff(
        lines(20),
        lines(20, (i) => `changed ${i}`),
        limits,
      ).unified,
    ).toBeNull();
  });
});
