import { createHash } from "node:crypto";
import stringify from "safe-stable-stringify";

export const AUDIT_LIMITS = {
  string: 512,
  array: 25,
  keys: 50,
  keyLength: 120,
  depth: 5,
  metadataBytes: 8 * 1024,
  summary: 500,
  changedFields: 50,
  redactedFields: 100,
} as const;

const SECRET_KEY =
  /password|passwd|token|secret|api[-_]?key|authorization|cookie|session|connection[-_]?string|private[-_]?key|credential|prompt|messages|headers|body|response/i;

export interface Redacted {
  metadata: Record<string, unknown>;
  redactedFields: string[];
}

const clean = (s: string) =>
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  s.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "").replace(/\s+/g, " ");

const cap = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}...` : s);

/** Strips secret-like keys and bounds size, depth and breadth; lists what it removed. */
export function redact(input: Record<string, unknown> | undefined): Redacted {
  const redactedFields: string[] = [];
  const walk = (value: unknown, depth: number, path: string): unknown => {
    if (value === null || typeof value === "number" || typeof value === "boolean") return value;
    if (typeof value === "string") return cap(clean(value), AUDIT_LIMITS.string);
    if (typeof value === "bigint") return value.toString();
    if (value instanceof Date) return value.toISOString();
    if (depth >= AUDIT_LIMITS.depth) return "[truncated]";
    if (Array.isArray(value)) {
      return value.slice(0, AUDIT_LIMITS.array).map((v, i) => walk(v, depth + 1, `${path}[${i}]`));
    }
    if (typeof value === "object") {
      const out: Record<string, unknown> = {};
      for (const [rawKey, v] of Object.entries(value).slice(0, AUDIT_LIMITS.keys)) {
        const key = cap(clean(rawKey), AUDIT_LIMITS.keyLength);
        const keyPath = path ? `${path}.${key}` : key;
        if (SECRET_KEY.test(key)) {
          out[key] = "[redacted]";
          if (redactedFields.length < AUDIT_LIMITS.redactedFields) redactedFields.push(keyPath);
        } else if (v !== undefined) {
          out[key] = walk(v, depth + 1, keyPath);
        }
      }
      return out;
    }
    return String(value);
  };
  let metadata = (walk(input ?? {}, 0, "") ?? {}) as Record<string, unknown>;
  const serialized = stringify(metadata) ?? "{}";
  if (Buffer.byteLength(serialized) > AUDIT_LIMITS.metadataBytes) {
    metadata = { _truncated: true, _metadataHash: sha256(serialized) };
  }
  return { metadata, redactedFields };
}

export function sha256(text: string): string {
  return `sha256:${createHash("sha256").update(text).digest("hex")}`;
}

export function capSummary(summary: string): string {
  return cap(clean(summary), AUDIT_LIMITS.summary);
}
