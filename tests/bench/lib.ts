import type { Subprocess } from "bun";
import type { TestDatabase } from "../support/db";

export const CONCURRENCY = 16;

/** Runs n operations over `concurrency` concurrent callers; returns operations per second. */
export async function throughput(
  n: number,
  op: (i: number) => Promise<unknown>,
  concurrency = CONCURRENCY,
) {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await op(next++);
    }),
  );
  const ms = performance.now() - start;
  return { ms, perSecond: Math.round((n / ms) * 1000) };
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return +(sorted[Math.max(0, i)] ?? Number.NaN).toFixed(2);
}

/** The server as its own process (as in production), on a free port, against the given database. */
export async function spawnServer(
  db: TestDatabase,
): Promise<{ url: string; proc: Subprocess; rssKb(): number; stop(): Promise<void> }> {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const proc = Bun.spawn(["bun", "src/main.ts"], {
    env: {
      ...process.env,
      DATABASE_URL: db.ownerUrl,
      DATABASE_APP_URL: db.appUrl,
      REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
      QUEUE_PREFIX: `second-bench-${db.name}`,
      PORT: String(port),
      LOG_LEVEL: "warn",
      SESSION_SECRET: "bench-session-secret-that-is-long-enough-0123456789",
      DATABASE_POOL_SIZE: "20",
    },
    stdout: "inherit",
    stderr: "inherit",
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await Bun.sleep(50);
  }
  return {
    url,
    proc,
    rssKb() {
      const status = require("node:fs").readFileSync(`/proc/${proc.pid}/status`, "utf8") as string;
      return Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
    },
    async stop() {
      proc.kill("SIGTERM");
      await proc.exited;
    },
  };
}
