import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import {
  House,
  Inbox,
  type LucideIcon,
  PlugZap,
  ScrollText,
  Settings2,
  Users,
  UsersRound,
} from "lucide-react";
import { isAdmin } from "../../lib/roles";
import { useTRPC } from "../../lib/trpc";
import type { Workspace } from "../../lib/types";
import { useLiveTopic } from "../../lib/use-live";

type To =
  | "/w/$workspaceId"
  | "/w/$workspaceId/reviews"
  | "/w/$workspaceId/settings/general"
  | "/w/$workspaceId/settings/members"
  | "/w/$workspaceId/settings/teams"
  | "/w/$workspaceId/settings/integrations"
  | "/w/$workspaceId/settings/audit";

function NavLink({
  to,
  workspaceId,
  icon: Icon,
  label,
  exact,
  count,
}: {
  to: To;
  workspaceId: string;
  icon: LucideIcon;
  label: string;
  exact?: boolean;
  count?: number;
}) {
  return (
    <Link
      to={to}
      params={{ workspaceId }}
      activeOptions={{ exact: exact ?? false, includeSearch: false }}
      className="flex h-8 items-center gap-2.5 rounded-md px-2 text-sm text-(--muted-foreground) transition-colors hover:bg-(--muted) hover:text-(--foreground) data-[status=active]:bg-(--card) data-[status=active]:font-medium data-[status=active]:text-(--foreground) data-[status=active]:shadow-xs data-[status=active]:ring-1 data-[status=active]:ring-(--border)"
    >
      <Icon className="size-4" aria-hidden />
      <span className="flex-1">{label}</span>
      {count ? (
        <span className="min-w-5 rounded-full bg-(--primary) px-1.5 text-center text-[11px] leading-5 font-semibold text-(--primary-foreground)">
          {count}
          <span className="sr-only"> pending</span>
        </span>
      ) : null}
    </Link>
  );
}

export function SidebarNav({ workspace }: { workspace: Workspace }) {
  const id = workspace.id;
  return (
    <nav aria-label="Main" className="mt-4 flex flex-col gap-5">
      <div className="flex flex-col gap-0.5">
        <NavLink to="/w/$workspaceId" workspaceId={id} icon={House} label="Home" exact />
        {isAdmin(workspace.role) ? <ReviewsLink workspaceId={id} /> : null}
      </div>
      <div className="flex flex-col gap-0.5">
        <h2 className="px-2 pb-1 text-xs font-medium text-(--muted-foreground)">Settings</h2>
        <NavLink
          to="/w/$workspaceId/settings/general"
          workspaceId={id}
          icon={Settings2}
          label="General"
        />
        <NavLink
          to="/w/$workspaceId/settings/members"
          workspaceId={id}
          icon={Users}
          label="Members"
        />
        <NavLink
          to="/w/$workspaceId/settings/teams"
          workspaceId={id}
          icon={UsersRound}
          label="Teams"
        />
        <NavLink
          to="/w/$workspaceId/settings/integrations"
          workspaceId={id}
          icon={PlugZap}
          label="Integrations"
        />
        {isAdmin(workspace.role) ? (
          <NavLink
            to="/w/$workspaceId/settings/audit"
            workspaceId={id}
            icon={ScrollText}
            label="Audit log"
          />
        ) : null}
      </div>
    </nav>
  );
}

/** Reviews, with the number of requests waiting: read again whenever the workspace says so. */
function ReviewsLink({ workspaceId }: { workspaceId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const count = useQuery(trpc.publishing.pendingCount.queryOptions({ workspaceId }));
  const refresh = () => queryClient.invalidateQueries(trpc.publishing.pathFilter());
  useLiveTopic(
    workspaceId,
    { kind: "workspace" },
    { onLive: () => void refresh(), onEvent: () => void refresh() },
  );
  return (
    <NavLink
      to="/w/$workspaceId/reviews"
      workspaceId={workspaceId}
      icon={Inbox}
      label="Reviews"
      count={count.data?.pending}
    />
  );
}
