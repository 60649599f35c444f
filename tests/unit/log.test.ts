import { describe, expect, test } from "bun:test";
import { createLogger, describeError, MAX_LOG_LINE } from "../../src/log";

function capture() {
  const lines: string[] = [];
  return { lines, log: createLogger("debug", "t", (l) => lines.push(l)) };
}

describe("log lines", () => {
  test("long values are cut with a marker and the line stays under the cap", () => {
    const { lines, log } = capture();
    const wide = Object.fromEntries(
      Array.from({ length: 40 }, (_, i) => [`k${i}`, "x".repeat(5000)]),
    );
    log.info("y".repeat(10_000), {
      one: "z".repeat(100_000),
      deep: { a: { b: { c: "secret" } } },
      ...wide,
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]!.length).toBeLessThanOrEqual(MAX_LOG_LINE);
    const entry = JSON.parse(lines[0]!);
    expect(entry.msg).toEndWith("…[truncated]");
    expect(entry.truncated).toBeGreaterThan(MAX_LOG_LINE);
  });

  test("a short line is written whole", () => {
    const { lines, log } = capture();
    log.warn("job failed", { id: "42", bytes: 12, none: undefined });
    expect(JSON.parse(lines[0]!)).toMatchObject({ msg: "job failed", id: "42", bytes: 12 });
    expect(JSON.parse(lines[0]!).truncated).toBeUndefined();
  });

  test("errors keep their class and code; quoted values and driver parameters are dropped", () => {
    const pg = Object.assign(new Error('invalid input syntax for type integer: "hunter2"'), {
      name: "PostgresError",
      code: "22P02",
      routine: "pg_strtoint32_safe",
      query: "select $1::int",
      parameters: ["hunter2"],
      detail: "hunter2",
    });
    const wrapped = new Error("Failed query: select $1::int\nparams: hunter2", { cause: pg });
    for (const err of [pg, wrapped]) {
      const described = describeError(err);
      expect(JSON.stringify(described)).not.toContain("hunter2");
      expect(described).toMatchObject({ name: "PostgresError", code: "22P02" });
    }
  });
});
