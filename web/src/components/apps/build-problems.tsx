import { useState } from "react";
import { cn } from "../../lib/utils";
import type { BuildProblem } from "../chat/run-state";

const FEW = 6;

function byFile(problems: BuildProblem[]) {
  const groups = new Map<string, BuildProblem[]>();
  for (const p of problems) {
    const key = p.file ?? "";
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  return [...groups];
}

const where = (p: BuildProblem) =>
  p.line === null ? null : p.column === null ? `${p.line}` : `${p.line}:${p.column}`;

/** Type and build errors grouped by file, the first few shown until asked for all. */
export function BuildProblems({
  problems,
  className,
}: {
  problems: BuildProblem[];
  className?: string;
}) {
  const [all, setAll] = useState(false);
  const shown = all ? problems : problems.slice(0, FEW);
  return (
    <div className={cn("space-y-3", className)}>
      {byFile(shown).map(([file, list]) => (
        <section key={file || "(app)"}>
          <h4 className="truncate font-mono text-xs font-medium text-(--foreground)">
            {file || "The app as a whole"}
          </h4>
          <ul className="mt-1 space-y-1">
            {list.map((p, i) => (
              <li
                // biome-ignore lint/suspicious/noArrayIndexKey: problems have no identity of their own
                key={i}
                className="flex gap-3 font-mono text-[11.5px] leading-5"
              >
                <span className="w-12 shrink-0 text-right text-(--muted-foreground) tabular-nums">
                  {where(p) ?? "—"}
                </span>
                <span className="min-w-0 break-words whitespace-pre-wrap">{p.message}</span>
              </li>
            ))}
          </ul>
        </section>
      ))}
      {problems.length > FEW ? (
        <button
          type="button"
          onClick={() => setAll(!all)}
          aria-expanded={all}
          className="cursor-pointer text-xs font-medium text-(--primary) hover:underline"
        >
          {all ? "Show fewer" : `Show all ${problems.length} problems`}
        </button>
      ) : null}
    </div>
  );
}

export const problemCount = (n: number) => `${n} ${n === 1 ? "problem" : "problems"}`;
