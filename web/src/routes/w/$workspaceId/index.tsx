import { useSuspenseQuery } from "@tanstack/react-query";
import { createFileRoute } from "@tanstack/react-router";
import { AppsSection } from "../../../components/home/apps-section";
import { Composer } from "../../../components/home/composer";
import { PageBody } from "../../../components/shell/app-shell";
import { useTRPC } from "../../../lib/trpc";
import { useTitle } from "../../../lib/use-title";

export const Route = createFileRoute("/w/$workspaceId/")({
  loader: ({ context: { queryClient, trpc }, params: { workspaceId } }) =>
    queryClient.ensureQueryData(trpc.apps.list.queryOptions({ workspaceId })),
  component: WorkspaceHome,
});

function WorkspaceHome() {
  const { workspaceId } = Route.useParams();
  const trpc = useTRPC();
  const { data: workspace } = useSuspenseQuery(trpc.workspaces.get.queryOptions({ workspaceId }));
  const { data: session } = useSuspenseQuery(trpc.auth.session.queryOptions());
  useTitle("Home", workspace.name);
  const firstName = session.user?.displayName.split(/\s+/)[0];

  return (
    <PageBody>
      <section className="mx-auto max-w-3xl pt-10 pb-4">
        <p className="text-center text-sm font-medium text-(--primary)">
          {firstName ? `Hi ${firstName}` : "Welcome"} · {workspace.name}
        </p>
        <h1 className="mt-2 text-center text-3xl font-semibold tracking-tight text-balance">
          What should we build?
        </h1>
        <p className="mx-auto mt-2 max-w-lg text-center text-sm leading-relaxed text-(--muted-foreground)">
          Describe an internal tool in plain words. An agent plans it, builds it, and your team
          reviews it before anyone relies on it.
        </p>
        <Composer workspaceId={workspaceId} />
      </section>
      <AppsSection workspaceId={workspaceId} />
    </PageBody>
  );
}
