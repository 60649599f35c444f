import { describe, expect, test } from "bun:test";
import { networkIsolation, runChild, scrubbedEnv } from "../../worker/build/child";

const limits = { timeoutMs: 10_000, memoryMb: 512 };
const node = (code: string) => ["node", "-e", code];

describe("build child processes", () => {
  test("see a scrubbed environment: none of the worker's variables or secrets", async () => {
    process.env.SECOND_TEST_SECRET = "sk-should-not-leak";
    const result = await runChild(node("console.log(JSON.stringify(process.env))"), {
      cwd: "/tmp",
      env: scrubbedEnv("/tmp"),
      limits,
    });
    delete process.env.SECOND_TEST_SECRET;
    expect(result.code).toBe(0);
    const env = JSON.parse(result.stdout) as Record<string, string>;
    expect(env.SECOND_TEST_SECRET).toBeUndefined();
    expect(Object.keys(env).some((k) => /DATABASE|REDIS|ANTHROPIC|SESSION/.test(k))).toBe(false);
    expect(env.HOME).toBe("/tmp");
  });

  test("are stopped at the time limit", async () => {
    const result = await runChild(node("setInterval(() => {}, 1000)"), {
      cwd: "/tmp",
      env: scrubbedEnv("/tmp"),
      limits: { timeoutMs: 300, memoryMb: 512 },
    });
    expect(result.killed).toBe("timeout");
    expect(result.code).not.toBe(0);
  });

  test("are stopped when the process tree outgrows the memory limit", async () => {
    // Keeps allocating and touching memory until something stops it.
    const hog =
      "const keep = []; setInterval(() => keep.push(Buffer.alloc(32 * 1024 * 1024, 1)), 20)";
    const result = await runChild(node(hog), {
      cwd: "/tmp",
      env: scrubbedEnv("/tmp"),
      limits: { timeoutMs: 20_000, memoryMb: 200 },
    });
    expect(result.killed).toBe("memory");
  });

  test("have no network where user namespaces allow it", async () => {
    const isolated = networkIsolation().length > 0;
    const result = await runChild(
      node(
        "require('net').connect(5432, '127.0.0.1').on('connect', () => { console.log('connected'); process.exit(0) }).on('error', () => { console.log('refused'); process.exit(0) })",
      ),
      { cwd: "/tmp", env: scrubbedEnv("/tmp"), limits },
    );
    expect(result.stdout.trim()).toBe(isolated ? "refused" : "connected");
  });
});
