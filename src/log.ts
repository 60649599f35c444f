import type { Config } from "./config";
import { redactCredentials } from "./credentials";

type Level = "debug" | "info" | "warn" | "error";
export type Logger = Record<Level, (msg: string, meta?: Record<string, unknown>) => void>;
/** Where finished lines go: stderr, or a test's capture. */
export type LogSink = (line: string) => void;

const ORDER: Record<Level | "silent", number> = { debug: 0, info: 1, warn: 2, error: 3, silent: 4 };

/** A log line never exceeds this many characters; a longer one is cut with a marker. */
export const MAX_LOG_LINE = 2_000;
const MAX_VALUE = 300;
const MARK = "…[truncated]";

const cap = (s: string, n = MAX_VALUE) => (s.length > n ? `${s.slice(0, n)}${MARK}` : s);

/**
 * Structured one-line JSON logs. Values are made safe here, not by each caller: an Error becomes
 * its name and code (never a driver's query or parameters), strings are capped, and so is the line.
 */
export function createLogger(
  level: Config["logLevel"],
  name = "second",
  sink: LogSink = (line) => console.error(line),
  /** Credential values (configSecrets) removed from every line wherever they appear. */
  secrets: readonly string[] = [],
): Logger {
  const make =
    (l: Level) =>
    (msg: string, meta: Record<string, unknown> = {}) => {
      if (ORDER[l] < ORDER[level]) return;
      const entry = { t: new Date().toISOString(), level: l, name, msg: cap(msg) };
      const fields = safe(meta, 0) as Record<string, unknown>;
      let line = JSON.stringify({ ...entry, ...fields });
      const full = line.length;
      // Over the cap: drop the largest fields first, and say how long the line would have been.
      const size = (k: string) => JSON.stringify(fields[k] ?? null).length;
      const bySize = Object.keys(fields).sort((a, b) => size(b) - size(a));
      while (line.length > MAX_LOG_LINE) {
        const drop = bySize.shift();
        if (drop === undefined) break;
        delete fields[drop];
        line = JSON.stringify({ ...entry, ...fields, truncated: full });
      }
      sink(redactCredentials(line, secrets));
    };
  return { debug: make("debug"), info: make("info"), warn: make("warn"), error: make("error") };
}

function safe(value: unknown, depth: number): unknown {
  if (typeof value === "string") return cap(value);
  if (value === null || typeof value !== "object") return value;
  if (value instanceof Error) return describeError(value);
  if (depth >= 2) return "[object]";
  if (Array.isArray(value)) return value.slice(0, 10).map((v) => safe(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value).slice(0, 20)) out[cap(k, 40)] = safe(v, depth + 1);
  return out;
}

interface DriverError extends Error {
  code?: unknown;
  routine?: unknown;
  table_name?: unknown;
  constraint_name?: unknown;
}

/**
 * What an error may put in a log: its class, its code, and a message with quoted values removed
 * (PostgreSQL and JSON parsers quote the offending input). drizzle's own message is the query
 * and its parameters, so only the database error it wraps is described.
 */
export function describeError(err: unknown, depth = 0): Record<string, unknown> {
  if (!(err instanceof Error)) return { name: typeof err };
  const e: DriverError =
    err.message.startsWith("Failed query:") && err.cause instanceof Error ? err.cause : err;
  const out: Record<string, unknown> = { name: e.name, message: cap(redact(e.message), 200) };
  if (typeof e.code === "string" || typeof e.code === "number") out.code = e.code;
  if (e.name === "PostgresError") {
    out.routine = e.routine;
    out.table = e.table_name;
    out.constraint = e.constraint_name;
  }
  if (e === err && err.cause instanceof Error && depth < 2) {
    out.cause = describeError(err.cause, depth + 1);
  }
  return out;
}

/** The call sites of an error's stack, without its first line (which repeats the message). */
export function stackFrames(err: unknown): string[] {
  if (!(err instanceof Error) || !err.stack) return [];
  return err.stack
    .split("\n")
    .filter((l) => /^\s+at /.test(l))
    .slice(0, 8)
    .map((l) => cap(l.trim(), 160));
}

function redact(message: string): string {
  if (message.startsWith("Failed query:")) return "Failed query";
  return message.replace(/"[^"]*"|'[^']*'|`[^`]*`/g, '"…"');
}
