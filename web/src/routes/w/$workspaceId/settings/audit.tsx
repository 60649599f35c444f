import { useSuspenseQuery } from "@tanstack/react-query";
import { createFileRoute } from "@tanstack/react-router";
import { ShieldAlert } from "lucide-react";
import { useCallback } from "react";
import { AuditDetailSheet } from "../../../../components/audit/audit-detail-sheet";
import { AuditFilterBar } from "../../../../components/audit/audit-filters";
import { AuditTable } from "../../../../components/audit/audit-table";
import { VerifyChainButton, VerifyChainResult } from "../../../../components/audit/verify-chain";
import { PageBody } from "../../../../components/shell/app-shell";
import { EmptyState } from "../../../../components/ui/empty-state";
import { PageHeader } from "../../../../components/ui/page-header";
import {
  type AuditFilters,
  auditListOptions,
  filtersOf,
  validateAuditSearch,
} from "../../../../lib/audit-search";
import { isAdmin } from "../../../../lib/roles";
import { useTRPC } from "../../../../lib/trpc";
import { useTitle } from "../../../../lib/use-title";

export const Route = createFileRoute("/w/$workspaceId/settings/audit")({
  validateSearch: validateAuditSearch,
  loaderDeps: ({ search }) => filtersOf(search),
  loader: async ({ context: { queryClient, trpc }, params: { workspaceId }, deps }) => {
    const ws = await queryClient.ensureQueryData(trpc.workspaces.get.queryOptions({ workspaceId }));
    if (!isAdmin(ws.role)) return;
    await Promise.all([
      queryClient.prefetchInfiniteQuery(auditListOptions(trpc, workspaceId, deps)),
      queryClient.ensureQueryData(trpc.audit.catalog.queryOptions()),
      queryClient.ensureQueryData(trpc.members.list.queryOptions({ workspaceId })),
    ]);
  },
  component: AuditPage,
});

function AuditPage() {
  const { workspaceId } = Route.useParams();
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  const trpc = useTRPC();
  const { data: workspace } = useSuspenseQuery(trpc.workspaces.get.queryOptions({ workspaceId }));
  useTitle("Audit log", workspace.name);
  const setFilters = useCallback(
    (patch: Partial<AuditFilters>) =>
      navigate({ search: (prev) => ({ ...prev, ...patch }), replace: true }),
    [navigate],
  );

  if (!isAdmin(workspace.role)) {
    return (
      <PageBody>
        <PageHeader title="Audit log" />
        <EmptyState icon={ShieldAlert} title="Owners and admins only">
          Only workspace owners and admins can read the audit log. Ask one of them if you need to
          know who changed what.
        </EmptyState>
      </PageBody>
    );
  }

  const filters = filtersOf(search);
  const openEvent = (event: string | undefined) =>
    navigate({ search: (prev) => ({ ...prev, event }), replace: event === undefined });

  return (
    <PageBody wide>
      <PageHeader
        title="Audit log"
        description="Every change in this workspace, who made it and when. Records are append-only and sealed into a tamper-evident hash chain."
        actions={<VerifyChainButton workspaceId={workspaceId} />}
      />
      <VerifyChainResult workspaceId={workspaceId} />
      <AuditFilterBar workspaceId={workspaceId} filters={filters} onChange={setFilters} />
      <AuditTable workspaceId={workspaceId} filters={filters} onOpen={openEvent} />
      <AuditDetailSheet
        workspaceId={workspaceId}
        filters={filters}
        eventId={search.event}
        onClose={() => openEvent(undefined)}
      />
    </PageBody>
  );
}
