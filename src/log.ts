import type { Config } from "./config";

type Level = "debug" | "info" | "warn" | "error";
export type Logger = Record<Level, (msg: string, meta?: Record<string, unknown>) => void>;

const ORDER: Record<Level | "silent", number> = { debug: 0, info: 1, warn: 2, error: 3, silent: 4 };

/** Structured one-line JSON logs on stderr. */
export function createLogger(level: Config["logLevel"], name = "second"): Logger {
  const make = (l: Level) => (msg: string, meta?: Record<string, unknown>) => {
    if (ORDER[l] < ORDER[level]) return;
    console.error(JSON.stringify({ t: new Date().toISOString(), level: l, name, msg, ...meta }));
  };
  return { debug: make("debug"), info: make("info"), warn: make("warn"), error: make("error") };
}
