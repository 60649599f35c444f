import { useSuspenseQuery } from "@tanstack/react-query";
import { createFileRoute } from "@tanstack/react-router";
import { Search } from "lucide-react";
import { useState } from "react";
import { InvitePeople } from "../../../../components/members/invite-people";
import { MembersTable } from "../../../../components/members/members-table";
import { SampleMembersCallout } from "../../../../components/members/sample-members-callout";
import { PageBody } from "../../../../components/shell/app-shell";
import { Input } from "../../../../components/ui/input";
import { PageHeader } from "../../../../components/ui/page-header";
import { isAdmin } from "../../../../lib/roles";
import { useTRPC } from "../../../../lib/trpc";
import { useTitle } from "../../../../lib/use-title";

export const Route = createFileRoute("/w/$workspaceId/settings/members")({
  loader: ({ context: { queryClient, trpc }, params: { workspaceId } }) =>
    queryClient.ensureQueryData(trpc.members.list.queryOptions({ workspaceId })),
  component: MembersPage,
});

function MembersPage() {
  const { workspaceId } = Route.useParams();
  const trpc = useTRPC();
  const { data: workspace } = useSuspenseQuery(trpc.workspaces.get.queryOptions({ workspaceId }));
  const { data: members } = useSuspenseQuery(trpc.members.list.queryOptions({ workspaceId }));
  const { data: session } = useSuspenseQuery(trpc.auth.session.queryOptions());
  const [filter, setFilter] = useState("");
  useTitle("Members", workspace.name);

  const needle = filter.trim().toLowerCase();
  const shown = needle
    ? members.filter((m) => m.displayName.toLowerCase().includes(needle))
    : members;
  const count = `${members.length} ${members.length === 1 ? "person" : "people"}`;

  return (
    <PageBody>
      <PageHeader
        title="Members"
        description={`${count} in ${workspace.name}. Roles decide who can manage members, teams and the audit log.`}
      />
      {isAdmin(workspace.role) ? <InvitePeople workspaceId={workspaceId} /> : null}
      {session.mode === "none" && isAdmin(workspace.role) ? (
        <SampleMembersCallout workspaceId={workspaceId} />
      ) : null}
      <div className="mb-3 flex items-center justify-between gap-3">
        <div className="relative w-full max-w-xs">
          <Search
            aria-hidden
            className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-(--muted-foreground)"
          />
          <Input
            type="search"
            aria-label="Filter members by name"
            placeholder="Filter by name"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            className="pl-9"
          />
        </div>
      </div>
      <MembersTable workspace={workspace} members={shown} filtered={needle.length > 0} />
    </PageBody>
  );
}
