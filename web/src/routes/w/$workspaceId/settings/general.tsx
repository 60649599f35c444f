import { useSuspenseQuery } from "@tanstack/react-query";
import { createFileRoute } from "@tanstack/react-router";
import { WorkspaceNameForm } from "../../../../components/settings/workspace-name-form";
import { PageBody } from "../../../../components/shell/app-shell";
import { PageHeader } from "../../../../components/ui/page-header";
import { useTRPC } from "../../../../lib/trpc";
import { useTitle } from "../../../../lib/use-title";

export const Route = createFileRoute("/w/$workspaceId/settings/general")({
  component: GeneralPage,
});

function GeneralPage() {
  const { workspaceId } = Route.useParams();
  const trpc = useTRPC();
  const { data: workspace } = useSuspenseQuery(trpc.workspaces.get.queryOptions({ workspaceId }));
  useTitle("General", workspace.name);
  return (
    <PageBody>
      <PageHeader title="General" description="The workspace's own settings." />
      {/* Keyed by the name, so a rename elsewhere (another tab) resets the form to it. */}
      <WorkspaceNameForm key={workspace.name} workspace={workspace} />
    </PageBody>
  );
}
