/**
 * A unified line diff for the review inbox: Myers' shortest edit script over lines, grouped into
 * hunks with three lines of context. Bounded: inputs past `maxLines` or an edit distance past
 * `maxEdits` give null (the reviewer is told the file is too different to show inline).
 */
export const DIFF_LIMITS = { maxLines: 4000, maxEdits: 1200, context: 3, maxChars: 40_000 };

type Op = { kind: " " | "-" | "+"; line: string };

const linesOf = (text: string) => {
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
};

function editScript(a: string[], b: string[], maxEdits: number): Op[] | null {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, maxEdits);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!)
          ? v[offset + k + 1]!
          : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, a, b, d, offset);
    }
  }
  return null;
}

function backtrack(trace: Int32Array[], a: string[], b: string[], last: number, offset: number) {
  const ops: Op[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = last; d > 0; d--) {
    const v = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? k + 1 : k - 1;
    const prevX = v[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push({ kind: " ", line: a[--x]! });
      y--;
    }
    if (x === prevX) ops.push({ kind: "+", line: b[--y]! });
    else ops.push({ kind: "-", line: a[--x]! });
  }
  while (x > 0 && y > 0) {
    ops.push({ kind: " ", line: a[--x]! });
    y--;
  }
  return ops.reverse();
}

export interface TextDiff {
  added: number;
  removed: number;
  /** Unified hunks (`@@ -a,b +c,d @@` and their lines), or null when too large to show. */
  unified: string | null;
}

/** The unified diff of two texts (null `unified` when past the limits); counts are exact when shown. */
export function textDiff(before: string, after: string, limits = DIFF_LIMITS): TextDiff {
  const a = linesOf(before);
  const b = linesOf(after);
  if (a.length > limits.maxLines || b.length > limits.maxLines)
    return { added: 0, removed: 0, unified: null };
  const ops = editScript(a, b, limits.maxEdits);
  if (!ops) return { added: 0, removed: 0, unified: null };
  const added = ops.filter((o) => o.kind === "+").length;
  const removed = ops.filter((o) => o.kind === "-").length;
  const out: string[] = [];
  let i = 0;
  let aLine = 1;
  let bLine = 1;
  const positions = ops.map((o) => {
    const at = { a: aLine, b: bLine };
    if (o.kind !== "+") aLine++;
    if (o.kind !== "-") bLine++;
    return at;
  });
  while (i < ops.length) {
    if (ops[i]!.kind === " ") {
      i++;
      continue;
    }
    let start = Math.max(0, i - limits.context);
    let end = i;
    // Extend the hunk while the next change is within two contexts of this one.
    for (;;) {
      while (end < ops.length && ops[end]!.kind !== " ") end++;
      let next = end;
      while (next < ops.length && ops[next]!.kind === " ") next++;
      if (next < ops.length && next - end <= 2 * limits.context) end = next;
      else break;
    }
    end = Math.min(ops.length, end + limits.context);
    if (start < 0) start = 0;
    const slice = ops.slice(start, end);
    const from = positions[start]!;
    const aCount = slice.filter((o) => o.kind !== "+").length;
    const bCount = slice.filter((o) => o.kind !== "-").length;
    out.push(`@@ -${from.a},${aCount} +${from.b},${bCount} @@`);
    for (const o of slice) out.push(`${o.kind}${o.line}`);
    i = end;
  }
  let unified = out.join("\n");
  if (unified.length > limits.maxChars)
    unified = `${unified.slice(0, limits.maxChars)}\n… (diff cut at ${limits.maxChars} characters)`;
  return { added, removed, unified };
}
