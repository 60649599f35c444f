import { readFileSync } from "node:fs";
import type { Subprocess } from "bun";
import type { TestDatabase } from "./db";
import { TEST_AUDIT_KEY, TEST_MASTER_KEY } from "./server";

export interface SpawnedServer {
  url: string;
  proc: Subprocess;
  rssKb(): number;
  stop(): Promise<void>;
}

/** The server as its own process (as in production), on a free port, against the given database. */
export async function spawnServer(
  db: TestDatabase,
  env: Record<string, string> = {},
  entry = "src/main.ts",
): Promise<SpawnedServer> {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const proc = Bun.spawn(["bun", entry], {
    env: {
      ...process.env,
      DATABASE_URL: db.ownerUrl,
      DATABASE_APP_URL: db.appUrl,
      DATABASE_QUEUE_URL: db.queueUrl,
      REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
      QUEUE_PREFIX: `second-test-${db.name}`,
      PORT: String(port),
      LOG_LEVEL: "error",
      SESSION_SECRET: "spawned-session-secret-that-is-long-enough-0123456789",
      AUDIT_SIGNING_KEY: TEST_AUDIT_KEY,
      SECOND_MASTER_KEY: TEST_MASTER_KEY,
      ...env,
    },
    stdout: "inherit",
    stderr: "inherit",
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (i > 400 || proc.exitCode !== null)
      throw new Error("the server process did not become healthy");
    await Bun.sleep(25);
  }
  return {
    url,
    proc,
    rssKb() {
      const status = readFileSync(`/proc/${proc.pid}/status`, "utf8");
      return Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
    },
    async stop() {
      proc.kill("SIGTERM");
      await proc.exited;
    },
  };
}
