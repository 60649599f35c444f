import { describe, expect, test } from "bun:test";
import { AUDIT_LIMITS, capSummary, redact } from "../../src/audit/redact";

describe("audit redaction", () => {
  test("secret-like keys are replaced and listed, at any depth", () => {
    const out = redact({
      apiKey: "sk-1",
      nested: { Authorization: "Bearer x", ok: 1, deeper: { client_secret: "s", name: "n" } },
      password: "p",
      prompt: "write me an app",
    });
    expect(out.metadata).toEqual({
      apiKey: "[redacted]",
      nested: {
        Authorization: "[redacted]",
        ok: 1,
        deeper: { client_secret: "[redacted]", name: "n" },
      },
      password: "[redacted]",
      prompt: "[redacted]",
    });
    expect(out.redactedFields.sort()).toEqual(
      [
        "apiKey",
        "nested.Authorization",
        "nested.deeper.client_secret",
        "password",
        "prompt",
      ].sort(),
    );
  });

  test("strings, arrays, keys and depth are bounded", () => {
    const out = redact({
      long: "x".repeat(600),
      list: Array.from({ length: 40 }, (_, i) => i),
      wide: Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`k${i}`, i])),
      a: { b: { c: { d: { e: { f: 1 } } } } },
      control: "a\u0000b\n\n c",
    });
    expect((out.metadata.long as string).length).toBe(AUDIT_LIMITS.string + 3);
    expect(out.metadata.list as number[]).toHaveLength(AUDIT_LIMITS.array);
    expect(Object.keys(out.metadata.wide as object)).toHaveLength(AUDIT_LIMITS.keys);
    expect(out.metadata.a).toEqual({ b: { c: { d: { e: "[truncated]" } } } });
    expect(out.metadata.control).toBe("ab c");
  });

  test("metadata over 8 KB is replaced by its hash", () => {
    const big = Object.fromEntries(
      Array.from({ length: 40 }, (_, i) => [`k${i}`, "y".repeat(500)]),
    );
    const out = redact(big);
    expect(out.metadata).toEqual({
      _truncated: true,
      _metadataHash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
    });
    // Just under the limit stays as is.
    const small = redact({ v: "z".repeat(400) });
    expect(small.metadata.v).toBe("z".repeat(400));
  });

  test("summaries are capped at 500 characters", () => {
    expect(capSummary("s".repeat(500))).toHaveLength(500);
    expect(capSummary("s".repeat(501))).toHaveLength(503);
  });
});
