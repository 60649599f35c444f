import { useSuspenseQuery } from "@tanstack/react-query";
import { createFileRoute, Link } from "@tanstack/react-router";
import { ArrowRight, PlugZap, X } from "lucide-react";
import { GrantCard } from "../../../../components/integrations/grant-card";
import { PageBody } from "../../../../components/shell/app-shell";
import { EmptyState } from "../../../../components/ui/empty-state";
import { PageHeader } from "../../../../components/ui/page-header";
import { isAdmin } from "../../../../lib/roles";
import { useTRPC } from "../../../../lib/trpc";
import { useTitle } from "../../../../lib/use-title";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** ?app=<id> narrows the page to one app (the builder's setup card links here). */
const validateSearch = (raw: Record<string, unknown>): { app?: string } =>
  typeof raw.app === "string" && UUID.test(raw.app) ? { app: raw.app } : {};

export const Route = createFileRoute("/w/$workspaceId/settings/integrations")({
  validateSearch,
  loader: ({ context: { queryClient, trpc }, params: { workspaceId } }) =>
    queryClient.ensureQueryData(trpc.integrations.list.queryOptions({ workspaceId })),
  component: IntegrationsPage,
});

function IntegrationsPage() {
  const { workspaceId } = Route.useParams();
  const { app: focus } = Route.useSearch();
  const trpc = useTRPC();
  const { data: workspace } = useSuspenseQuery(trpc.workspaces.get.queryOptions({ workspaceId }));
  const { data: apps } = useSuspenseQuery(trpc.integrations.list.queryOptions({ workspaceId }));
  useTitle("Integrations", workspace.name);
  const manage = isAdmin(workspace.role);
  const shown = focus ? apps.filter((a) => a.appId === focus) : apps;
  const grants = apps.flatMap((a) => a.grants);
  const waiting = grants.filter((g) => g.status === "needs_setup").length;

  return (
    <PageBody>
      <PageHeader
        title="Integrations"
        description={
          manage
            ? "The outside services your apps' tools reach, one grant per app and service. Secrets are encrypted and write-only: once saved, only their names are shown."
            : "The outside services your apps' tools reach. Owners and admins enter the secrets; you can see what each app uses and what is left to set up."
        }
      />
      {grants.length > 0 ? (
        <p className="mb-4 text-sm text-(--muted-foreground)">
          {grants.length} {grants.length === 1 ? "grant" : "grants"} across {apps.length}{" "}
          {apps.length === 1 ? "app" : "apps"}
          {waiting > 0 ? (
            <>
              {" · "}
              <span className="font-medium text-(--warning)">{waiting} need setup</span>
            </>
          ) : null}
        </p>
      ) : null}
      {focus && shown.length > 0 ? (
        <div className="mb-4">
          <Link
            to="/w/$workspaceId/settings/integrations"
            params={{ workspaceId }}
            search={{}}
            className="inline-flex items-center gap-1.5 rounded-full border bg-(--card) px-3 py-1 text-xs font-medium hover:bg-(--muted)"
          >
            Showing {shown[0]!.appName}
            <X className="size-3.5" aria-label="Show every app" />
          </Link>
        </div>
      ) : null}
      {shown.length === 0 ? (
        <EmptyState
          icon={PlugZap}
          title={focus ? "This app has no integrations" : "No integrations yet"}
        >
          When the builder gives an app tools that reach an outside service (a CRM, a ticketing
          system, chat), it declares them in integration-setup.json and they appear here to be set
          up. Until then those tools answer with mock data.
        </EmptyState>
      ) : (
        <div className="flex flex-col gap-8">
          {shown.map((app) => (
            <section key={app.appId} aria-label={app.appName} className="flex flex-col gap-3">
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <h2 className="text-base font-semibold">{app.appName}</h2>
                <Link
                  to="/w/$workspaceId/apps/$appId"
                  params={{ workspaceId, appId: app.appId }}
                  className="inline-flex items-center gap-1 text-[13px] text-(--primary) underline-offset-4 hover:underline"
                >
                  Open app
                  <ArrowRight className="size-3.5" aria-hidden />
                </Link>
              </div>
              {app.approval !== "live" ? (
                <p className="text-xs text-(--muted-foreground)">
                  {app.approval === "mock"
                    ? "This app's agents are approved for mock data only: an owner or admin approves them live on the app's Agents tab."
                    : app.approval === "stale"
                      ? "This app's agents changed since they were approved: tools answer with mock data until they are approved again."
                      : "This app's agents are not approved yet: tools answer with mock data until an owner or admin approves them."}
                </p>
              ) : null}
              {app.grants.map((g) => (
                <GrantCard key={g.id} workspaceId={workspaceId} grant={g} manage={manage} />
              ))}
            </section>
          ))}
        </div>
      )}
    </PageBody>
  );
}
