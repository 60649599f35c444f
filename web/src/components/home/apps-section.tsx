import { useSuspenseQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { Eye, LayoutGrid, Plus } from "lucide-react";
import { useState } from "react";
import { formatFull, formatRelative } from "../../lib/format";
import { useTRPC } from "../../lib/trpc";
import type { App } from "../../lib/types";
import { AppActions } from "../apps/app-actions";
import { CreateAppDialog } from "../apps/app-dialogs";
import { AppIcon } from "../apps/app-icon";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { EmptyState } from "../ui/empty-state";

export function AppsSection({ workspaceId }: { workspaceId: string }) {
  const trpc = useTRPC();
  const { data: apps } = useSuspenseQuery(trpc.apps.list.queryOptions({ workspaceId }));
  const [creating, setCreating] = useState(false);
  const newApp = (
    <Button variant="secondary" size="sm" onClick={() => setCreating(true)}>
      <Plus />
      New app
    </Button>
  );

  return (
    <section aria-labelledby="apps-heading" className="mx-auto mt-14 max-w-3xl">
      <div className="mb-3 flex items-center justify-between gap-3">
        <div className="flex items-baseline gap-2">
          <h2 id="apps-heading" className="text-sm font-semibold">
            Apps
          </h2>
          <span className="text-xs text-(--muted-foreground)">
            {apps.length} {apps.length === 1 ? "app" : "apps"}
          </span>
        </div>
        {apps.length > 0 ? newApp : null}
      </div>
      {apps.length === 0 ? (
        <EmptyState icon={LayoutGrid} title="No apps yet" action={newApp}>
          Describe an app above and press Build, or start one by hand. Apps you create, and apps
          shared with your teams, will show up here.
        </EmptyState>
      ) : (
        <ul
          aria-label="Apps"
          className="divide-y overflow-hidden rounded-xl border bg-(--card) shadow-xs"
        >
          {apps.map((app) => (
            <AppRow key={app.id} workspaceId={workspaceId} app={app} />
          ))}
        </ul>
      )}
      <CreateAppDialog workspaceId={workspaceId} open={creating} onOpenChange={setCreating} />
    </section>
  );
}

function AppRow({ workspaceId, app }: { workspaceId: string; app: App }) {
  return (
    <li className="group relative flex items-center gap-3 px-4 py-3 transition-colors hover:bg-(--muted)/50">
      <AppIcon name={app.name} seed={app.id} />
      <div className="min-w-0 flex-1">
        <Link
          to="/w/$workspaceId/apps/$appId"
          params={{ workspaceId, appId: app.id }}
          className="block truncate text-sm font-medium outline-none after:absolute after:inset-0 after:rounded-none focus-visible:after:outline-2 focus-visible:after:-outline-offset-2 focus-visible:after:outline-(--ring)"
        >
          {app.name}
        </Link>
        <p className="truncate text-[13px] text-(--muted-foreground)">
          {app.description || "No description"}
        </p>
      </div>
      <time
        dateTime={new Date(app.createdAt).toISOString()}
        title={formatFull(app.createdAt)}
        className="hidden shrink-0 text-xs text-(--muted-foreground) sm:block"
      >
        Created {formatRelative(app.createdAt)}
      </time>
      {app.access === "viewer" ? (
        <Badge tone="success" title="Published to a team you are in: you see the published app">
          <Eye aria-hidden />
          Published
        </Badge>
      ) : (
        // Above the row-wide link, so the menu stays its own target.
        <div className="relative z-10">
          <AppActions workspaceId={workspaceId} app={app} />
        </div>
      )}
    </li>
  );
}
