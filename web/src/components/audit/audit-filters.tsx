import { useQuery } from "@tanstack/react-query";
import { Search, X } from "lucide-react";
import { type ReactNode, useEffect, useState } from "react";
import type { AuditCategory } from "../../../../src/api-types";
import {
  type AuditFilters,
  fromLocalInput,
  hasFilters,
  toLocalInput,
} from "../../lib/audit-search";
import { useTRPC } from "../../lib/trpc";
import { Button } from "../ui/button";
import { Input } from "../ui/input";
import { Select } from "../ui/select";

const ALL = "all";
const TARGET_TYPES = [
  { value: "workspace", label: "Workspace" },
  { value: "member", label: "Member" },
  { value: "team", label: "Team" },
];
const CLEARED: AuditFilters = {
  category: undefined,
  actorId: undefined,
  targetType: undefined,
  from: undefined,
  to: undefined,
  q: undefined,
};
const capitalize = (s: string) => (s.charAt(0).toUpperCase() + s.slice(1)).replace(/_/g, " ");
const pick = (v: string) => (v === ALL ? undefined : v);

function FilterField(props: {
  id: string;
  title: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={`grid min-w-0 content-start gap-1.5 ${props.className ?? ""}`}>
      <label htmlFor={props.id} className="text-xs font-medium text-(--muted-foreground)">
        {props.title}
      </label>
      {props.children}
    </div>
  );
}

export function AuditFilterBar({
  workspaceId,
  filters,
  onChange,
}: {
  workspaceId: string;
  filters: AuditFilters;
  onChange: (patch: Partial<AuditFilters>) => void;
}) {
  const trpc = useTRPC();
  const { data: catalog } = useQuery(trpc.audit.catalog.queryOptions());
  const { data: members = [] } = useQuery(trpc.members.list.queryOptions({ workspaceId }));
  const [q, setQ] = useState(filters.q ?? "");

  useEffect(() => setQ(filters.q ?? ""), [filters.q]);
  useEffect(() => {
    const next = q.trim() || undefined;
    if (next === filters.q) return;
    const t = setTimeout(() => onChange({ q: next }), 300);
    return () => clearTimeout(t);
  }, [q, filters.q, onChange]);

  const categories = (catalog?.categories ?? []).map((c) => ({ value: c, label: capitalize(c) }));
  const actors = members.map((m) => ({ value: m.userId, label: m.displayName }));
  return (
    <search className="mb-4 grid gap-3 rounded-xl border bg-(--card) p-4 shadow-xs sm:grid-cols-2 lg:grid-cols-[2fr_1fr_1fr_1fr]">
      <FilterField id="audit-q" title="Search" className="sm:col-span-2 lg:col-span-1">
        <div className="relative">
          <Search
            aria-hidden
            className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-(--muted-foreground)"
          />
          <Input
            id="audit-q"
            type="search"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            placeholder="Summary, action or name"
            className="pl-9"
          />
        </div>
      </FilterField>
      <FilterField id="audit-category" title="Category">
        <Select
          id="audit-category"
          value={filters.category ?? ALL}
          onValueChange={(v) => onChange({ category: pick(v) as AuditCategory | undefined })}
          options={[{ value: ALL, label: "All categories" }, ...categories]}
          className="h-9 w-full text-sm"
        />
      </FilterField>
      <FilterField id="audit-actor" title="Actor">
        <Select
          id="audit-actor"
          value={filters.actorId ?? ALL}
          onValueChange={(v) => onChange({ actorId: pick(v) })}
          options={[{ value: ALL, label: "Anyone" }, ...actors]}
          className="h-9 w-full text-sm"
        />
      </FilterField>
      <FilterField id="audit-target" title="Target type">
        <Select
          id="audit-target"
          value={filters.targetType ?? ALL}
          onValueChange={(v) => onChange({ targetType: pick(v) })}
          options={[{ value: ALL, label: "Any target" }, ...TARGET_TYPES]}
          className="h-9 w-full text-sm"
        />
      </FilterField>
      <fieldset className="grid min-w-0 gap-1.5 sm:col-span-2">
        <legend className="mb-1.5 text-xs font-medium text-(--muted-foreground)">Time range</legend>
        <div className="flex items-center gap-2">
          <label htmlFor="audit-from" className="sr-only">
            From
          </label>
          <Input
            id="audit-from"
            type="datetime-local"
            value={toLocalInput(filters.from)}
            onChange={(e) => onChange({ from: fromLocalInput(e.target.value) })}
          />
          <span aria-hidden className="text-(--muted-foreground)">
            –
          </span>
          <label htmlFor="audit-to" className="sr-only">
            To
          </label>
          <Input
            id="audit-to"
            type="datetime-local"
            value={toLocalInput(filters.to)}
            onChange={(e) => onChange({ to: fromLocalInput(e.target.value) })}
          />
        </div>
      </fieldset>
      <div className="flex items-end justify-end sm:col-span-2 lg:col-span-2">
        <Button variant="ghost" disabled={!hasFilters(filters)} onClick={() => onChange(CLEARED)}>
          <X />
          Clear filters
        </Button>
      </div>
    </search>
  );
}
