import { readdir, readlink } from "node:fs/promises";

/** Live processes whose working directory is `dir` (a build's type-check and bundle run there). */
export async function processesIn(dir: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if ((await readlink(`/proc/${entry}/cwd`)) === dir) pids.push(Number(entry));
    } catch {
      // gone, or not ours to read
    }
  }
  return pids;
}

/** A type-check that takes seconds (and no network or packages): to stop a build while it runs. */
export function slowTypes(blocks = 80): string {
  const lines = ["type D = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9';"];
  for (let i = 0; i < blocks; i++) {
    lines.push(
      `type X${i} = \`${i}\${D}\${D}\${D}\${D}\`;`,
      `type Y${i} = Exclude<X${i}, \`${i}0\${string}\` | \`${i}1\${string}\`>;`,
      `export const k${i}: Y${i} = "${i}2222";`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/** Polls a condition until it holds (or fails after `timeoutMs`); for state outside our events. */
export async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(20);
  }
}
