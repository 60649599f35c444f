import { useInfiniteQuery } from "@tanstack/react-query";
import { RotateCw, ScrollText, SearchX, TriangleAlert } from "lucide-react";
import { type AuditFilters, auditListOptions, hasFilters } from "../../lib/audit-search";
import { errorMessage } from "../../lib/errors";
import { formatDateTime, formatFull, formatRelative } from "../../lib/format";
import { useTRPC } from "../../lib/trpc";
import { Avatar } from "../ui/avatar";
import { Button } from "../ui/button";
import { EmptyState } from "../ui/empty-state";
import { LoadingBlock } from "../ui/spinner";
import { Table, Td, Th, Tr } from "../ui/table";
import { ActionLabel, OutcomeBadge } from "./audit-badges";

export function AuditTable({
  workspaceId,
  filters,
  onOpen,
}: {
  workspaceId: string;
  filters: AuditFilters;
  onOpen: (eventId: string) => void;
}) {
  const trpc = useTRPC();
  const query = useInfiniteQuery(auditListOptions(trpc, workspaceId, filters));
  const events = query.data?.pages.flatMap((p) => p.events) ?? [];
  const refreshing = query.isRefetching && !query.isFetchingNextPage;

  const toolbar = (
    <div className="mb-2 flex items-center justify-between gap-3">
      <p className="text-[13px] text-(--muted-foreground)" aria-live="polite">
        {query.isSuccess && events.length > 0
          ? countLabel(events.length, query.hasNextPage, hasFilters(filters))
          : " "}
      </p>
      <Button variant="ghost" size="sm" onClick={() => query.refetch()} disabled={refreshing}>
        <RotateCw className={refreshing ? "animate-spin" : undefined} />
        Refresh
      </Button>
    </div>
  );

  if (query.isPending) return <LoadingBlock label="Loading events…" />;
  if (query.isError) {
    return (
      <>
        {toolbar}
        <EmptyState icon={TriangleAlert} title="The audit log couldn't load">
          {errorMessage(query.error)}
        </EmptyState>
      </>
    );
  }
  if (events.length === 0) {
    return (
      <>
        {toolbar}
        {hasFilters(filters) ? (
          <EmptyState icon={SearchX} title="No events match these filters">
            Widen the time range or clear a filter to see more.
          </EmptyState>
        ) : (
          <EmptyState icon={ScrollText} title="No events yet">
            Changes to this workspace, its members and its teams are recorded here as they happen.
          </EmptyState>
        )}
      </>
    );
  }

  return (
    <>
      {toolbar}
      <Table aria-label="Audit events">
        <thead>
          <tr>
            <Th className="w-40">Time</Th>
            <Th className="w-48">Actor</Th>
            <Th className="w-52">Action</Th>
            <Th>Summary</Th>
            <Th className="w-24">Outcome</Th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <Tr key={e.id} className="hover:bg-(--muted)/40">
              <Td className="whitespace-nowrap text-(--muted-foreground)">
                <time
                  dateTime={new Date(e.occurredAt).toISOString()}
                  title={formatFull(e.occurredAt)}
                >
                  <span className="block text-(--foreground)">{formatRelative(e.occurredAt)}</span>
                  <span className="block text-xs">{formatDateTime(e.occurredAt)}</span>
                </time>
              </Td>
              <Td>
                <div className="flex min-w-0 items-center gap-2">
                  <Avatar
                    name={e.actorName ?? "System"}
                    seed={e.actorId ?? "system"}
                    className="size-6 text-[10px]"
                  />
                  <span className="truncate">{e.actorName ?? "System"}</span>
                </div>
              </Td>
              <Td>
                <ActionLabel action={e.action} category={e.category} />
              </Td>
              <Td>
                <button
                  type="button"
                  onClick={() => onOpen(e.id)}
                  className="cursor-pointer text-left hover:text-(--primary) hover:underline"
                >
                  {e.summary}
                </button>
              </Td>
              <Td>
                <OutcomeBadge outcome={e.outcome} />
              </Td>
            </Tr>
          ))}
        </tbody>
      </Table>
      <div className="mt-4 flex justify-center">
        {query.hasNextPage ? (
          <Button
            variant="secondary"
            loading={query.isFetchingNextPage}
            onClick={() => query.fetchNextPage()}
          >
            Load more
          </Button>
        ) : (
          <p className="text-[13px] text-(--muted-foreground)">That's the beginning of the log.</p>
        )}
      </div>
    </>
  );
}

function countLabel(n: number, more: boolean, filtered: boolean) {
  const noun = n === 1 && !more ? "event" : "events";
  const verb = filtered ? (n === 1 && !more ? " matches" : " match") : "";
  return `${n}${more ? "+" : ""} ${noun}${verb}, newest first`;
}
