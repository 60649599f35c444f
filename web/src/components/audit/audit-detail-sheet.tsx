import { skipToken, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { Clock, Lock, TriangleAlert } from "lucide-react";
import { type AuditFilters, auditListOptions } from "../../lib/audit-search";
import { errorMessage } from "../../lib/errors";
import { formatFull, humanizeAction } from "../../lib/format";
import { useTRPC } from "../../lib/trpc";
import type { AuditEvent, AuditEventDetail } from "../../lib/types";
import { Callout } from "../ui/callout";
import { Dialog, SheetContent } from "../ui/dialog";
import { LoadingBlock } from "../ui/spinner";
import { OutcomeBadge } from "./audit-badges";
import { Chips, DetailSection, Fields, Mono } from "./detail-parts";

export function AuditDetailSheet({
  workspaceId,
  filters,
  eventId,
  onClose,
}: {
  workspaceId: string;
  filters: AuditFilters;
  eventId: string | undefined;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const list = useInfiniteQuery(auditListOptions(trpc, workspaceId, filters));
  const detail = useQuery(
    trpc.audit.get.queryOptions(eventId ? { workspaceId, eventId } : skipToken),
  );
  const listed = list.data?.pages.flatMap((p) => p.events).find((e) => e.id === eventId);
  const event: AuditEvent | AuditEventDetail | undefined = detail.data ?? listed;

  return (
    <Dialog open={eventId !== undefined} onOpenChange={(open) => (open ? null : onClose())}>
      <SheetContent
        title={event ? humanizeAction(event.action) : "Audit event"}
        description={event?.summary}
      >
        {event ? (
          <EventBody event={event} seal={detail} />
        ) : detail.isError ? (
          <Callout icon={TriangleAlert} tone="danger" title="This event couldn't load">
            {errorMessage(detail.error)}
          </Callout>
        ) : (
          <LoadingBlock />
        )}
      </SheetContent>
    </Dialog>
  );
}

function EventBody({
  event,
  seal,
}: {
  event: AuditEvent;
  seal: { data?: AuditEventDetail | undefined; isPending: boolean; isError: boolean };
}) {
  const metadata = JSON.stringify(event.metadata ?? {}, null, 2);
  return (
    <div className="grid gap-6">
      <div className="flex flex-wrap items-center gap-2 text-sm text-(--muted-foreground)">
        <OutcomeBadge outcome={event.outcome} />
        <time dateTime={new Date(event.occurredAt).toISOString()}>
          {formatFull(event.occurredAt)}
        </time>
      </div>
      <SealStatus seal={seal} />
      <DetailSection title="Actor">
        <Fields
          rows={[
            ["Name", event.actorName ?? "System"],
            ["Kind", event.actorKind],
            ["User id", event.actorId ? <Mono key="u">{event.actorId}</Mono> : "—"],
          ]}
        />
      </DetailSection>
      <DetailSection title="Target">
        <Fields
          rows={[
            ["Type", event.targetType ?? "—"],
            ["Name", event.targetName ?? "—"],
            ["Id", event.targetId ? <Mono key="t">{event.targetId}</Mono> : "—"],
          ]}
        />
      </DetailSection>
      <DetailSection title="Event">
        <Fields
          rows={[
            ["Action", <Mono key="a">{event.action}</Mono>],
            ["Category", event.category],
            ["Sequence", `#${event.seq}`],
            ["Event id", <Mono key="i">{event.id}</Mono>],
            ["Request id", event.requestId ? <Mono key="q">{event.requestId}</Mono> : "—"],
          ]}
        />
      </DetailSection>
      <DetailSection title="Changes">
        <Fields
          rows={[
            ["Changed fields", <Chips key="c" items={event.changedFields} empty="None recorded" />],
            [
              "Redacted",
              <Chips
                key="r"
                items={event.redactedFields}
                empty="Nothing redacted"
                tone="warning"
              />,
            ],
          ]}
        />
      </DetailSection>
      <DetailSection title="Metadata">
        <pre className="overflow-x-auto rounded-lg border bg-(--muted)/50 p-3 font-mono text-xs leading-relaxed">
          {metadata}
        </pre>
      </DetailSection>
    </div>
  );
}

function SealStatus({
  seal,
}: {
  seal: { data?: AuditEventDetail | undefined; isPending: boolean; isError: boolean };
}) {
  if (seal.isPending)
    return <p className="text-sm text-(--muted-foreground)">Checking the seal…</p>;
  if (seal.isError || !seal.data) {
    return <p className="text-sm text-(--muted-foreground)">The seal status couldn't be loaded.</p>;
  }
  const s = seal.data.seal;
  if (!s) {
    return (
      <Callout icon={Clock} tone="neutral" title="Not sealed yet">
        Events are sealed into the workspace's hash chain in batches, usually within seconds.
      </Callout>
    );
  }
  return (
    <Callout icon={Lock} tone="success" title={`Sealed in batch #${s.batchNo}`}>
      <span className="block">Sealed {formatFull(s.sealedAt)}.</span>
      <span className="mt-1 block break-all font-mono text-xs">{s.hash}</span>
    </Callout>
  );
}
