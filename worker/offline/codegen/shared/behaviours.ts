// Written into a generated app as-is when its spec asks for computed views, votes or stars.
import type { GeneratedFile } from "../types";

export const COMPUTED_FILE: GeneratedFile = {
  path: "src/lib/computed.ts",
  content: String.raw`// Views computed from the records as they are: they re-run whenever the live data changes.
import { useEffect } from "react";

const DAY = 24 * 3600 * 1000;

/** How many records a computed view reads at most; past it, it counts the first ones only. */
export const COMPUTED_LIMIT = 5000;

interface Paged {
  data: unknown[];
  loading: boolean;
  hasMore: boolean;
  loadMore: () => Promise<void>;
}

/**
 * A collection loads a page at a time; a count or a total over the first page would be wrong, so
 * a computed view reads the rest of the pages (up to COMPUTED_LIMIT records), one after another.
 */
export function useEveryPage(records: Paged): void {
  const { hasMore, loading, loadMore } = records;
  const count = records.data.length;
  useEffect(() => {
    if (hasMore && !loading && count < COMPUTED_LIMIT) loadMore().catch(() => {});
  }, [hasMore, loading, count, loadMore]);
}

/** Whole days from today (the viewer's calendar day) to a stored date or date-time; null if none. */
export function daysFromToday(value: unknown, now = new Date()): number | null {
  if (typeof value !== "string" || value === "") return null;
  const parsed = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? value + "T00:00:00" : value);
  if (Number.isNaN(parsed.getTime())) return null;
  const day = (d: Date) => Date.UTC(d.getFullYear(), d.getMonth(), d.getDate());
  return Math.round((day(parsed) - day(now)) / DAY);
}

/** From today to \`days\` days ahead, both included. */
export function isDueWithin(value: unknown, days: number): boolean {
  const d = daysFromToday(value);
  return d !== null && d >= 0 && d <= days;
}

export function isOverdue(value: unknown): boolean {
  const d = daysFromToday(value);
  return d !== null && d < 0;
}

/** Below a threshold; an empty value or threshold is not below anything. */
export function isBelow(value: unknown, threshold: unknown): boolean {
  return typeof value === "number" && typeof threshold === "number" && value < threshold;
}

export interface Group {
  key: string;
  count: number;
  total: number;
}

/** Records counted (and a number summed) per group, in the order \`keys\` gives, then the rest. */
export function groupRows<T>(
  rows: T[],
  keyOf: (row: T) => string,
  valueOf?: (row: T) => unknown,
  keys: readonly string[] = [],
): Group[] {
  const groups = new Map<string, Group>(keys.map((key) => [key, { key, count: 0, total: 0 }]));
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key) ?? { key, count: 0, total: 0 };
    group.count += 1;
    const value = valueOf?.(row);
    if (typeof value === "number" && Number.isFinite(value)) group.total += value;
    groups.set(key, group);
  }
  return [...groups.values()];
}
`,
};

export const VOTE_FILE: GeneratedFile = {
  path: "src/components/vote-button.tsx",
  content: `import { useEffect, useRef, useState } from "react";
import { cn } from "../lib/utils";
import { type Doc, SecondError } from "../second/sdk";

interface VoteButtonProps<T extends object> {
  record: Doc<T>;
  field: keyof T & string;
  /** The collection's update: the vote is saved only over the version it was counted on. */
  update: (id: string, patch: Partial<T>, options: { expectedVersion: number }) => Promise<unknown>;
  label: string;
  className?: string;
}

const ATTEMPTS = 6;

/**
 * ▲ adds one vote. Two people voting at once must both count, so a vote is written as
 * "count + 1 over the version I read": when someone else's vote landed first the write is
 * refused (CONFLICT), the live update brings their count, and the vote is counted again on top.
 */
export function VoteButton<T extends object>({ record, field, update, label, className }: VoteButtonProps<T>) {
  const latest = useRef(record);
  useEffect(() => {
    latest.current = record;
  }, [record]);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const count = Number(record[field] ?? 0) || 0;

  async function vote() {
    setBusy(true);
    setFailed(false);
    try {
      for (let attempt = 0; ; attempt++) {
        const seen = latest.current;
        const current = Number(seen[field] ?? 0) || 0;
        try {
          await update(seen._id, { [field]: current + 1 } as Partial<T>, { expectedVersion: seen._version });
          return;
        } catch (err) {
          if (!(err instanceof SecondError && err.code === "CONFLICT") || attempt + 1 >= ATTEMPTS) throw err;
          await newerThan(seen._version);
        }
      }
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  }

  /** Waits (briefly) for the live data to bring the version that beat this vote. */
  async function newerThan(version: number) {
    for (let i = 0; i < 40 && latest.current._version <= version; i++)
      await new Promise((resolve) => setTimeout(resolve, 50));
  }

  return (
    <button
      type="button"
      onClick={(event) => {
        event.stopPropagation();
        void vote();
      }}
      disabled={busy}
      aria-label={\`\${label}: \${count}. Add a vote\`}
      title={failed ? "The vote was not saved. Try again." : "Add a vote"}
      className={cn(
        "inline-flex h-8 min-w-14 items-center justify-center gap-1.5 rounded-lg border bg-card px-2.5 text-sm font-medium tabular-nums shadow-sm transition-colors hover:border-primary/40 hover:bg-primary/5 hover:text-primary focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring disabled:opacity-60",
        failed && "border-destructive/50 text-destructive",
        className,
      )}
    >
      <span aria-hidden="true" className="text-xs leading-none">▲</span>
      {count}
    </button>
  );
}
`,
};

export const STARS_FILE: GeneratedFile = {
  path: "src/components/star-rating.tsx",
  content: `import { type KeyboardEvent, useRef } from "react";
import { cn } from "../lib/utils";
import type { ControlProps } from "./field";

const star = (filled: boolean) => (filled ? "★" : "☆");

/** A rating shown as stars: "4 out of 5 stars" to a screen reader. */
export function Stars({ value, max }: { value: unknown; max: number }) {
  if (typeof value !== "number") return null;
  const shown = Math.max(0, Math.min(max, Math.round(value)));
  return (
    <span role="img" aria-label={\`\${shown} out of \${max} stars\`} className="whitespace-nowrap text-amber-500 tracking-tight">
      {Array.from({ length: max }, (_, i) => (
        <span key={i} aria-hidden="true" className={i < shown ? undefined : "text-muted-foreground/40"}>
          {star(i < shown)}
        </span>
      ))}
    </span>
  );
}

interface StarRatingProps extends ControlProps {
  /** The rating as the form keeps it: "" for none, else "1"…String(max). */
  value: string;
  max: number;
  label: string;
  onChange: (value: string) => void;
}

/**
 * Picks a rating: a radio group of stars. Arrow keys move and choose, Home and End jump, and
 * choosing the current rating again clears it (for an optional rating).
 */
export function StarRating({ id, value, max, label, onChange, required, ...aria }: StarRatingProps) {
  const chosen = Number(value) || 0;
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const pick = (n: number) => {
    const next = Math.max(1, Math.min(max, n));
    onChange(String(next));
    buttons.current[next - 1]?.focus();
  };
  function onKeyDown(event: KeyboardEvent) {
    // Arrows move from the star that has focus (the chosen one, or the first when none is).
    const focused = buttons.current.indexOf(event.target as HTMLButtonElement);
    const at = focused >= 0 ? focused + 1 : chosen;
    const moves: Record<string, number> = {
      ArrowRight: at + 1,
      ArrowUp: at + 1,
      ArrowLeft: at - 1,
      ArrowDown: at - 1,
      Home: 1,
      End: max,
    };
    const to = moves[event.key];
    if (to === undefined) return;
    event.preventDefault();
    pick(to);
  }
  return (
    <div
      id={id}
      role="radiogroup"
      aria-label={label}
      aria-required={required || undefined}
      {...aria}
      className="flex items-center gap-0.5"
      onKeyDown={onKeyDown}
    >
      {Array.from({ length: max }, (_, i) => {
        const n = i + 1;
        return (
          <button
            key={n}
            ref={(el) => {
              buttons.current[i] = el;
            }}
            type="button"
            role="radio"
            aria-checked={n === chosen}
            aria-label={n === 1 ? "1 star" : \`\${n} stars\`}
            tabIndex={n === (chosen || 1) ? 0 : -1}
            onClick={() => (n === chosen && !required ? onChange("") : pick(n))}
            className={cn(
              "rounded-md px-0.5 text-2xl leading-none transition-colors focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring",
              n <= chosen ? "text-amber-500" : "text-muted-foreground/40 hover:text-amber-400",
            )}
          >
            {star(n <= chosen)}
          </button>
        );
      })}
      <span className="ml-2 text-sm tabular-nums text-muted-foreground">{chosen ? \`\${chosen} / \${max}\` : "Not rated"}</span>
    </div>
  );
}
`,
};
