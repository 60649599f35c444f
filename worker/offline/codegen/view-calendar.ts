import { lit, lowerFirst } from "./names";
import type { EntityPlan } from "./plan";

/**
 * A month grid, Monday first, with today marked: each record on the day of its date (a date-time
 * shows its time), a click opens it, a day's "+" starts a new one on that day, and the records
 * without a date wait in an "Unscheduled" list below.
 */
export function calendarView(entity: EntityPlan, name: string): string {
  const { type, value } = entity.names;
  const field = entity.view!.field;
  const timed = field.type === "datetime";
  const singular = lowerFirst(entity.singular);
  const plural = lowerFirst(entity.plural);
  const v = `record.${field.key}`;
  // A new record on a clicked day: the date itself, or nine in the morning of it.
  const prefill = timed ? 'key + "T09:00"' : "key";
  return `import { CalendarDays, ChevronLeft, ChevronRight, Plus } from "lucide-react";
import { useMemo, useState } from "react";
import { Button } from "../../components/ui/button";
import { type ${type}, type ${type}Draft, ${value}Title } from "../../entities/${entity.key}";
import { cn } from "../../lib/utils";
import type { Doc } from "../../second/sdk";

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const pad = (n: number) => String(n).padStart(2, "0");
const dayKey = (d: Date) => \`\${d.getFullYear()}-\${pad(d.getMonth() + 1)}-\${pad(d.getDate())}\`;

/** The local day a stored value falls on: a date as it is, a date-time where the reader is. */
function dayOf(value: unknown): string | null {
  if (typeof value !== "string" || value === "") return null;
  if (/^\\d{4}-\\d{2}-\\d{2}$/.test(value)) return value;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : dayKey(at);
}
${
  timed
    ? `
function timeOf(value: unknown): string {
  const at = typeof value === "string" ? new Date(value) : null;
  return at && !Number.isNaN(at.getTime())
    ? at.toLocaleTimeString(undefined, { hour: "numeric", minute: "2-digit" })
    : "";
}
`
    : ""
}
/** Whole weeks, Monday to Sunday, covering the month. */
function monthDays(year: number, month: number): Date[] {
  const offset = (new Date(year, month, 1).getDay() + 6) % 7;
  const length = new Date(year, month + 1, 0).getDate();
  const count = Math.ceil((offset + length) / 7) * 7;
  return Array.from({ length: count }, (_, i) => new Date(year, month, 1 - offset + i));
}

// The month on show outlives the calendar while a record is open: back from it, the same month.
let lastShown: { year: number; month: number } | null = null;

interface ${name}Props {
  /** The records the page's search and filters leave, in its sort order. */
  rows: Doc<${type}>[];
  canWrite: boolean;
  onSelect: (id: string) => void;
  onNew: (initial: Partial<${type}Draft>) => void;
}

export function ${name}({ rows, canWrite, onSelect, onNew }: ${name}Props) {
  const today = dayKey(new Date());
  const [shown, setShownState] = useState(
    () => lastShown ?? { year: new Date().getFullYear(), month: new Date().getMonth() },
  );
  const setShown = (next: (typeof shown) | ((current: typeof shown) => typeof shown)) =>
    setShownState((current) => {
      lastShown = typeof next === "function" ? next(current) : next;
      return lastShown;
    });
  const byDay = useMemo(() => {
    const days = new Map<string, Doc<${type}>[]>();
    const dated = rows.filter((record) => dayOf(${v}) !== null);
    dated.sort((a, b) => String(a.${field.key}).localeCompare(String(b.${field.key})));
    for (const record of dated) {
      const key = dayOf(${v})!;
      days.set(key, [...(days.get(key) ?? []), record]);
    }
    return days;
  }, [rows]);
  const unscheduled = rows.filter((record) => dayOf(${v}) === null);
  const days = monthDays(shown.year, shown.month);
  const monthKey = \`\${shown.year}-\${pad(shown.month + 1)}\`;
  const inMonth = [...byDay.entries()].filter(([key]) => key.startsWith(monthKey)).length;
  const title = new Date(shown.year, shown.month, 1).toLocaleDateString(undefined, {
    month: "long",
    year: "numeric",
  });
  const go = (delta: number) =>
    setShown((current) => {
      const first = new Date(current.year, current.month + delta, 1);
      return { year: first.getFullYear(), month: first.getMonth() };
    });

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 className="text-lg font-semibold tracking-tight" aria-live="polite">
          {title}
        </h2>
        <div className="flex items-center gap-2">
          <Button
            variant="secondary"
            size="sm"
            onClick={() => setShown({ year: new Date().getFullYear(), month: new Date().getMonth() })}
          >
            Today
          </Button>
          <div className="flex items-center gap-1">
            <Button variant="ghost" size="icon" aria-label="Previous month" onClick={() => go(-1)}>
              <ChevronLeft aria-hidden="true" />
            </Button>
            <Button variant="ghost" size="icon" aria-label="Next month" onClick={() => go(1)}>
              <ChevronRight aria-hidden="true" />
            </Button>
          </div>
        </div>
      </div>

      <div className="overflow-x-auto rounded-xl border bg-card shadow-sm">
        <div className="min-w-[42rem]">
          <div className="grid grid-cols-7 border-b bg-muted/40">
            {WEEKDAYS.map((day) => (
              <div key={day} className="px-2 py-2 text-xs font-medium text-muted-foreground">
                {day}
              </div>
            ))}
          </div>
          <div className="grid grid-cols-7">
            {days.map((day, i) => {
              const key = dayKey(day);
              const items = byDay.get(key) ?? [];
              const outside = day.getMonth() !== shown.month;
              const label = day.toLocaleDateString(undefined, { weekday: "long", day: "numeric", month: "long" });
              return (
                <div
                  key={key}
                  role="group"
                  aria-label={label}
                  className={cn(
                    "group flex min-h-24 min-w-0 flex-col gap-1 border-b p-1.5",
                    (i + 1) % 7 !== 0 && "border-r",
                    i >= days.length - 7 && "border-b-0",
                    outside && "bg-muted/30",
                  )}
                >
                  <div className="flex items-center justify-between">
                    <span
                      aria-current={key === today ? "date" : undefined}
                      className={cn(
                        "flex size-6 items-center justify-center rounded-full text-xs tabular-nums",
                        outside ? "text-muted-foreground/60" : "text-foreground",
                        key === today && "bg-primary font-semibold text-primary-foreground",
                      )}
                    >
                      {day.getDate()}
                    </span>
                    {canWrite ? (
                      <button
                        type="button"
                        aria-label={\`New ${singular} on \${label}\`}
                        onClick={() => onNew({ ${field.key}: ${prefill} })}
                        className="flex size-6 items-center justify-center rounded-md text-muted-foreground opacity-0 transition-opacity hover:bg-accent hover:text-foreground focus-visible:opacity-100 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring group-hover:opacity-100"
                      >
                        <Plus className="size-3.5" aria-hidden="true" />
                      </button>
                    ) : null}
                  </div>
                  <ul className="flex min-w-0 flex-col gap-1">
                    {items.map((record) => (
                      <li key={record._id} className="min-w-0">
                        <button
                          type="button"
                          onClick={() => onSelect(record._id)}
                          className="flex w-full min-w-0 flex-col rounded-md border-l-2 border-primary bg-primary/10 px-1.5 py-0.5 text-left text-xs text-primary transition-colors hover:bg-primary/20 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
                        >
                          <span className="w-full truncate font-medium">{${value}Title(record)}</span>
${timed ? `                          <span className="tabular-nums opacity-75">{timeOf(${v})}</span>\n` : ""}
                        </button>
                      </li>
                    ))}
                  </ul>
                </div>
              );
            })}
          </div>
        </div>
      </div>

      {inMonth === 0 ? (
        <p className="flex items-center gap-2 text-sm text-muted-foreground">
          <CalendarDays className="size-4" aria-hidden="true" />
          {${lit(`No ${plural} in `)} + title + (canWrite ? ${lit(" — hover a day and press + to add one.")} : ".")}
        </p>
      ) : null}

      {unscheduled.length > 0 ? (
        <section aria-label="Unscheduled" className="rounded-xl border bg-card p-4 shadow-sm">
          <h3 className="text-sm font-semibold tracking-tight">
            Unscheduled <span className="font-normal text-muted-foreground">{unscheduled.length}</span>
          </h3>
          <p className="mt-0.5 text-xs text-muted-foreground">{${lit(`${entity.plural} without a ${lowerFirst(field.label)}`)}}</p>
          <ul className="mt-3 flex flex-wrap gap-2">
            {unscheduled.map((record) => (
              <li key={record._id}>
                <button
                  type="button"
                  onClick={() => onSelect(record._id)}
                  className="rounded-md border bg-background px-2.5 py-1 text-xs font-medium transition-colors hover:bg-accent focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
                >
                  {${value}Title(record)}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
`;
}
