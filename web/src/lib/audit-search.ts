import type { AuditCategory, RouterInputs } from "../../../src/api-types";
import type { Trpc } from "./trpc";

/** The audit log's filters, kept in the URL so a filtered view can be shared and reloaded. */
export interface AuditFilters {
  category?: AuditCategory;
  actorId?: string;
  targetType?: string;
  from?: string;
  to?: string;
  q?: string;
}

export interface AuditSearch extends AuditFilters {
  /** The event whose details are open. */
  event?: string;
}

const text = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v : undefined);

export function validateAuditSearch(raw: Record<string, unknown>): AuditSearch {
  return {
    category: text(raw.category) as AuditCategory | undefined,
    actorId: text(raw.actorId),
    targetType: text(raw.targetType),
    from: text(raw.from),
    to: text(raw.to),
    q: text(raw.q),
    event: text(raw.event),
  };
}

export const filtersOf = ({ event: _, ...filters }: AuditSearch): AuditFilters => filters;

export const hasFilters = (f: AuditFilters) => Object.values(f).some((v) => v !== undefined);

export const PAGE_SIZE = 50;

export function listInput(
  workspaceId: string,
  f: AuditFilters,
): Omit<RouterInputs["audit"]["list"], "cursor"> {
  return { workspaceId, ...f, limit: PAGE_SIZE };
}

/** `<input type="datetime-local">` speaks local time without a zone; the API wants ISO instants. */
export function toLocalInput(iso: string | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const local = new Date(d.getTime() - d.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

export function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** One definition of the audit list query, shared by the route loader and the table. */
export const auditListOptions = (trpc: Trpc, workspaceId: string, f: AuditFilters) =>
  trpc.audit.list.infiniteQueryOptions(listInput(workspaceId, f), {
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
