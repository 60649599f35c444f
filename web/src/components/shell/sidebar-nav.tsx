import { Link } from "@tanstack/react-router";
import {
  House,
  type LucideIcon,
  PlugZap,
  ScrollText,
  Settings2,
  Users,
  UsersRound,
} from "lucide-react";
import { isAdmin } from "../../lib/roles";
import type { Workspace } from "../../lib/types";

type To =
  | "/w/$workspaceId"
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
}: {
  to: To;
  workspaceId: string;
  icon: LucideIcon;
  label: string;
  exact?: boolean;
}) {
  return (
    <Link
      to={to}
      params={{ workspaceId }}
      activeOptions={{ exact: exact ?? false, includeSearch: false }}
      className="flex h-8 items-center gap-2.5 rounded-md px-2 text-sm text-(--muted-foreground) transition-colors hover:bg-(--muted) hover:text-(--foreground) data-[status=active]:bg-(--card) data-[status=active]:font-medium data-[status=active]:text-(--foreground) data-[status=active]:shadow-xs data-[status=active]:ring-1 data-[status=active]:ring-(--border)"
    >
      <Icon className="size-4" aria-hidden />
      {label}
    </Link>
  );
}

export function SidebarNav({ workspace }: { workspace: Workspace }) {
  const id = workspace.id;
  return (
    <nav aria-label="Main" className="mt-4 flex flex-col gap-5">
      <div className="flex flex-col gap-0.5">
        <NavLink to="/w/$workspaceId" workspaceId={id} icon={House} label="Home" exact />
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
