import type { ReactNode } from "react";
import { Badge } from "../ui/badge";

export function DetailSection({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section>
      <h3 className="mb-2 text-xs font-semibold tracking-wide text-(--muted-foreground) uppercase">
        {title}
      </h3>
      {children}
    </section>
  );
}

export function Fields({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="grid grid-cols-[8rem_minmax(0,1fr)] gap-x-4 gap-y-2 text-sm">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-(--muted-foreground)">{label}</dt>
          <dd className="min-w-0 break-words">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function Mono({ children }: { children: ReactNode }) {
  return <code className="font-mono text-[12.5px] break-all">{children}</code>;
}

export function Chips({
  items,
  empty,
  tone = "neutral",
}: {
  items: string[];
  empty: string;
  tone?: "neutral" | "warning";
}) {
  if (items.length === 0) return <span className="text-(--muted-foreground)">{empty}</span>;
  return (
    <span className="flex flex-wrap gap-1">
      {items.map((i) => (
        <Badge key={i} tone={tone} className="font-mono">
          {i}
        </Badge>
      ))}
    </span>
  );
}
