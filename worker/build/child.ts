import { spawn, spawnSync } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";

/**
 * LLM-written code is only ever touched by child processes started here: a scrubbed
 * environment (no credentials, no tokens), a wall-clock limit, a memory limit on the whole
 * process tree, and no network where the OS lets us take it away.
 */
export interface ChildLimits {
  timeoutMs: number;
  memoryMb: number;
}

export interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Why the platform ended it, when it did ("stopped": the run was stopped). */
  killed: "timeout" | "memory" | "stopped" | null;
  ms: number;
}

const MAX_OUTPUT = 256 * 1024;
const MEMORY_POLL_MS = 100;

/** Only what a compiler needs; nothing from the worker's own environment leaks through. */
export function scrubbedEnv(home: string): Record<string, string> {
  return {
    PATH: "/usr/local/bin:/usr/bin:/bin",
    HOME: home,
    LANG: "C.UTF-8",
    NODE_ENV: "production",
    NO_COLOR: "1",
    CI: "1",
  };
}

let isolation: string[] | undefined;

/** `unshare -rn` gives the child an empty network namespace where user namespaces are allowed. */
export function networkIsolation(): string[] {
  if (isolation) return isolation;
  const probe = spawnSync("unshare", ["-rn", "true"], { stdio: "ignore", timeout: 2000 });
  isolation = probe.status === 0 ? ["unshare", "-rn"] : [];
  return isolation;
}

export function runChild(
  command: string[],
  options: {
    cwd: string;
    env: Record<string, string>;
    limits: ChildLimits;
    isolate?: boolean;
    /** Aborting kills the whole process tree at once. */
    signal?: AbortSignal;
  },
): Promise<ChildResult> {
  const argv = [...(options.isolate === false ? [] : networkIsolation()), ...command];
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let killed: ChildResult["killed"] = null;
    child.stdout.on("data", (d: Buffer) => {
      if (stdout.length < MAX_OUTPUT) stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      if (stderr.length < MAX_OUTPUT) stderr += d.toString();
    });
    const kill = (why: NonNullable<ChildResult["killed"]>) => {
      if (killed || child.pid === undefined) return;
      killed = why;
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => kill("timeout"), options.limits.timeoutMs);
    const onAbort = () => kill("stopped");
    options.signal?.addEventListener("abort", onAbort, { once: true });
    if (options.signal?.aborted) onAbort();
    const limitKb = options.limits.memoryMb * 1024;
    const memory = setInterval(() => {
      if (child.pid === undefined) return;
      void treeRssKb(child.pid).then((kb) => kb > limitKb && kill("memory"));
    }, MEMORY_POLL_MS);
    const done = () => {
      clearTimeout(timer);
      clearInterval(memory);
      options.signal?.removeEventListener("abort", onAbort);
    };
    child.on("error", (err) => {
      done();
      reject(err);
    });
    child.on("close", (code) => {
      done();
      resolve({ code, stdout, stderr, killed, ms: performance.now() - started });
    });
  });
}

/** Resident memory of a process and all its descendants, in KB (0 once it has gone). */
async function treeRssKb(pid: number): Promise<number> {
  let total = 0;
  const pending = [pid];
  while (pending.length > 0) {
    const current = pending.pop()!;
    try {
      const status = await readFile(`/proc/${current}/status`, "utf8");
      total += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      for (const task of await readdir(`/proc/${current}/task`)) {
        const children = await readFile(`/proc/${current}/task/${task}/children`, "utf8");
        for (const child of children.split(" ")) if (child.trim()) pending.push(Number(child));
      }
    } catch {
      // the process ended between two reads
    }
  }
  return total;
}
