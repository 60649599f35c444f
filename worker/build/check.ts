import path from "node:path";
import type { BuildProblem } from "../../db/schema/builds";
import { type ChildResult, runChild, scrubbedEnv } from "./child";
import { PLATFORM_ROOT, TEMPLATE_DIR } from "./deps";
import { BUILD_LIMITS } from "./limits";

const TSC = path.join(PLATFORM_ROOT, "node_modules/typescript/lib/tsc.js");
const VITE = path.join(PLATFORM_ROOT, "node_modules/vite/bin/vite.js");
/** The platform's build configuration; the workspace's copy is for reading only. */
export const VITE_CONFIG = path.join(TEMPLATE_DIR, "vite.config.ts");

export interface CheckResult {
  ok: boolean;
  problems: BuildProblem[];
  ms: number;
}

const limits = { timeoutMs: BUILD_LIMITS.timeoutMs, memoryMb: BUILD_LIMITS.memoryMb };

/** Type-checks the workspace with the platform's tsconfig (written there by the platform). */
export async function typecheck(root: string, signal?: AbortSignal): Promise<CheckResult> {
  const result = await runChild(
    ["node", TSC, "-p", "tsconfig.json", "--noEmit", "--pretty", "false"],
    { cwd: root, env: scrubbedEnv(root), limits, signal },
  );
  if (result.code === 0 && !result.killed) return { ok: true, problems: [], ms: result.ms };
  const problems = parseTscOutput(`${result.stdout}\n${result.stderr}`);
  return { ok: false, problems: withFallback(problems, result, "typecheck"), ms: result.ms };
}

/** Builds the workspace with the platform's Vite config into `outDir`. */
export async function viteBuild(
  root: string,
  outDir: string,
  signal?: AbortSignal,
): Promise<CheckResult> {
  const result = await runChild(
    ["node", VITE, "build", root, "--config", VITE_CONFIG, "--outDir", outDir, "--emptyOutDir"],
    { cwd: root, env: scrubbedEnv(root), limits, signal },
  );
  if (result.code === 0 && !result.killed) return { ok: true, problems: [], ms: result.ms };
  const problems = parseBuildOutput(`${result.stderr}\n${result.stdout}`, root);
  return { ok: false, problems: withFallback(problems, result, "build"), ms: result.ms };
}

// "src/App.tsx(12,5): error TS2322: Type 'string' is not assignable to type 'number'."
const TSC_LINE = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/;

export function parseTscOutput(output: string): BuildProblem[] {
  const problems: BuildProblem[] = [];
  for (const line of stripAnsi(output).split("\n")) {
    const match = TSC_LINE.exec(line.trim());
    if (match) {
      problems.push({
        source: "typecheck",
        file: match[1]!.replaceAll("\\", "/"),
        line: Number(match[2]),
        column: Number(match[3]),
        message: `${match[5]} (${match[4]})`,
      });
    } else if (problems.length > 0 && /^\s{2,}\S/.test(line)) {
      // A continuation line of the previous message (elaboration of a type error).
      const last = problems.at(-1)!;
      if (last.message.length < 600) last.message += `\n${line.trim()}`;
    } else if (/error TS\d+:/.test(line)) {
      problems.push({
        source: "typecheck",
        file: null,
        line: null,
        column: null,
        message: line.trim(),
      });
    }
  }
  return problems;
}

/** Rolldown / Vite errors: keep the first meaningful lines and any file:line:column they name. */
export function parseBuildOutput(output: string, root: string): BuildProblem[] {
  const text = stripAnsi(output).replaceAll(`${root}/`, "");
  const lines = text
    .split("\n")
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== "" && !/^\s*at\s/.test(l) && !/^vite v\d/.test(l.trim()));
  const errorAt = lines.findIndex((l) => /error/i.test(l));
  const relevant = lines.slice(Math.max(0, errorAt), Math.max(0, errorAt) + 12);
  if (relevant.length === 0) return [];
  const where = /([\w./@-]+\.(?:tsx?|jsx?|css|html|json)):(\d+):(\d+)/.exec(relevant.join("\n"));
  return [
    {
      source: "build",
      file: where?.[1] ?? null,
      line: where ? Number(where[2]) : null,
      column: where ? Number(where[3]) : null,
      message: relevant.join("\n").slice(0, 1500),
    },
  ];
}

function withFallback(
  problems: BuildProblem[],
  result: ChildResult,
  source: "typecheck" | "build",
) {
  const step = source === "typecheck" ? "The type-check" : "The build";
  if (result.killed === "timeout") {
    return [
      problem(
        source,
        `${step} took longer than ${BUILD_LIMITS.timeoutMs / 1000} s and was stopped; look for very large files or generated code.`,
      ),
    ];
  }
  if (result.killed === "memory") {
    return [
      problem(
        source,
        `${step} used more than ${BUILD_LIMITS.memoryMb} MB of memory and was stopped; look for very large files or types.`,
      ),
    ];
  }
  if (problems.length > 0) return problems;
  const tail = stripAnsi(`${result.stderr}\n${result.stdout}`)
    .trim()
    .split("\n")
    .slice(-8)
    .join("\n");
  return [problem(source, `${step} failed (exit code ${result.code}): ${tail || "no output"}`)];
}

const problem = (source: BuildProblem["source"], message: string): BuildProblem => ({
  source,
  file: null,
  line: null,
  column: null,
  message,
});

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes are what it removes
const stripAnsi = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, "");

/** Problems as the model reads them: grouped by file, in line order, capped. */
export function formatProblems(problems: readonly BuildProblem[]): string {
  const shown = problems.slice(0, BUILD_LIMITS.maxProblems);
  const byFile = new Map<string, BuildProblem[]>();
  for (const p of shown) {
    const key = p.file ?? "(no file)";
    byFile.set(key, [...(byFile.get(key) ?? []), p]);
  }
  const sections = [...byFile].map(([file, list]) => {
    const items = [...list]
      .sort((a, b) => (a.line ?? 0) - (b.line ?? 0))
      .map(
        (p) =>
          `  ${p.line ? `line ${p.line}${p.column ? `:${p.column}` : ""}: ` : ""}${p.message.replaceAll("\n", "\n    ")}`,
      );
    return `${file}\n${items.join("\n")}`;
  });
  const more = problems.length - shown.length;
  return sections.join("\n\n") + (more > 0 ? `\n\n…and ${more} more.` : "");
}
