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

export { spawnServer } from "../support/spawn";
