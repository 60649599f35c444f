// The whole test suite: lint, type-check, unit + integration (real Postgres and Redis), the web
// build, and browser tests (Playwright + Chromium). Ends with one line: "N passed, N failed".
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { Redis } from "ioredis";
import { createTemplate, dropRunDatabases, OWNER_URL } from "../tests/support/db";
import { hostPort, reachable } from "./lib/services";

const run = `r${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const results: { step: string; passed: number; failed: number }[] = [];

for (const [name, url, port] of [
  ["PostgreSQL", OWNER_URL, 5432],
  ["Redis", redisUrl, 6379],
] as const) {
  const { host, port: p } = hostPort(url, port);
  if (!(await reachable(host, p))) {
    console.error(
      `${name} is not answering on ${host}:${p}. Start it (see README, "Running the tests").`,
    );
    console.log("0 passed, 1 failed");
    process.exit(1);
  }
}

function step(label: string, cmd: string[], env: Record<string, string> = {}): number {
  console.log(`\n── ${label}: ${cmd.join(" ")}`);
  const proc = Bun.spawnSync(cmd, {
    stdout: "inherit",
    stderr: "inherit",
    env: { ...process.env, ...env },
  });
  return proc.exitCode ?? 1;
}

function junit(file: string): { tests: number; failed: number } | null {
  try {
    const xml = readFileSync(file, "utf8");
    const head = xml.match(/<testsuites\b[^>]*>/)?.[0] ?? "";
    const attr = (n: string) => Number(head.match(new RegExp(`\\b${n}="(\\d+)"`))?.[1] ?? 0);
    return { tests: attr("tests"), failed: attr("failures") + attr("errors") };
  } catch {
    return null;
  }
}

/** A step judged by its exit code counts as one check. */
function check(label: string, cmd: string[]) {
  const code = step(label, cmd);
  results.push({ step: label, passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1 });
  return code === 0;
}

/** A test runner step: counts come from its JUnit report; a crash with no report is a failure. */
function suite(label: string, cmd: string[], report: string, env: Record<string, string>) {
  rmSync(report, { force: true });
  const code = step(label, cmd, env);
  const counts = junit(report);
  const failed = (counts?.failed ?? 0) + (code !== 0 && !counts?.failed ? 1 : 0);
  results.push({ step: label, passed: (counts?.tests ?? 0) - (counts?.failed ?? 0), failed });
}

mkdirSync("test-results", { recursive: true });
const template = await createTemplate(`second_tpl_${run}`);
const env = { SECOND_TEST_TEMPLATE: template, SECOND_TEST_RUN: run, REDIS_URL: redisUrl };
try {
  check("lint", ["bunx", "biome", "ci", "--colors=off", "."]);
  check("typecheck", ["bunx", "tsc", "--noEmit", "-p", "tsconfig.json"]);
  suite(
    "unit + integration",
    [
      "bun",
      "test",
      "--timeout=20000",
      "--reporter=junit",
      "--reporter-outfile=test-results/bun-junit.xml",
    ],
    "test-results/bun-junit.xml",
    env,
  );
  if (
    check("web build", [
      "bunx",
      "vite",
      "build",
      "--config",
      "web/vite.config.ts",
      "--logLevel",
      "warn",
    ])
  ) {
    suite(
      "browser",
      ["bunx", "playwright", "test", "--config", "tests/e2e/playwright.config.ts"],
      "test-results/e2e-junit.xml",
      env,
    );
  }
} finally {
  await dropRunDatabases(run);
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  const keys = await redis.keys(`second-test-second_t_${run}*`).catch(() => [] as string[]);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
}

console.log("");
for (const r of results)
  console.log(`  ${r.step.padEnd(20)} ${r.passed} passed, ${r.failed} failed`);
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
