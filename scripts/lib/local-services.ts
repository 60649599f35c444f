import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startEmbeddedPostgres } from "./embedded-postgres";
import { hostPort, reachable } from "./services";

export const DATA_DIR = path.resolve(".data");

/** A random value kept under .data/ so restarts reuse it (session secret, local passwords). */
export function persistentSecret(name: string, dir = DATA_DIR): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const value = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url");
  writeFileSync(file, value, { mode: 0o600 });
  return value;
}

export interface LocalPostgres {
  url: string;
  source: "DATABASE_URL" | "local server" | "embedded";
  stop(): Promise<void>;
}

/**
 * DATABASE_URL if set; else the local server on :5432 if it answers; else an embedded PostgreSQL.
 * SECOND_EMBEDDED_POSTGRES=1 takes the embedded one even when the others are there.
 */
export async function resolvePostgres(
  env: Record<string, string | undefined>,
): Promise<LocalPostgres> {
  const forced = env.SECOND_EMBEDDED_POSTGRES === "1";
  if (env.DATABASE_URL && !forced)
    return { url: env.DATABASE_URL, source: "DATABASE_URL", stop: async () => {} };
  if (!forced && (await reachable("127.0.0.1", 5432))) {
    return {
      url: "postgres://postgres@127.0.0.1:5432/second",
      source: "local server",
      stop: async () => {},
    };
  }
  const pg = await startEmbeddedPostgres({
    dir: path.join(DATA_DIR, "pg"),
    port: 54329,
    password: persistentSecret("embedded-pg-password"),
  });
  return { ...pg, source: "embedded" };
}

/** REDIS_URL if set; else the local Redis on :6379 if it answers; else none (queues use Postgres). */
export async function resolveRedis(
  env: Record<string, string | undefined>,
): Promise<string | undefined> {
  if (env.REDIS_URL) return env.REDIS_URL;
  const { host, port } = hostPort("redis://127.0.0.1:6379", 6379);
  return (await reachable(host, port)) ? "redis://127.0.0.1:6379" : undefined;
}
