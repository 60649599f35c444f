import { useSuspenseQuery } from "@tanstack/react-query";
import { createFileRoute, notFound, Outlet, redirect } from "@tanstack/react-router";
import { useEffect } from "react";
import { PageNotFound, WorkspaceNotFound } from "../../components/route-states";
import { AppShell } from "../../components/shell/app-shell";
import { errorCode } from "../../lib/errors";
import { rememberWorkspace } from "../../lib/last-workspace";
import { useTRPC } from "../../lib/trpc";

const WORKSPACE_MISSING = "workspace-missing";

export const Route = createFileRoute("/w/$workspaceId")({
  beforeLoad: async ({ context: { queryClient, trpc } }) => {
    const session = await queryClient.ensureQueryData(trpc.auth.session.queryOptions());
    if (!session.user) throw redirect({ to: "/onboarding", replace: true });
  },
  loader: async ({ context: { queryClient, trpc }, params: { workspaceId } }) => {
    try {
      await Promise.all([
        queryClient.ensureQueryData(trpc.workspaces.get.queryOptions({ workspaceId })),
        queryClient.ensureQueryData(trpc.workspaces.list.queryOptions()),
      ]);
    } catch (err) {
      // A malformed id, an unknown workspace and someone else's workspace all look the same.
      const code = errorCode(err);
      if (code === "NOT_FOUND" || code === "BAD_REQUEST")
        throw notFound({ data: WORKSPACE_MISSING });
      throw err;
    }
  },
  notFoundComponent: ({ data }) =>
    data === WORKSPACE_MISSING ? <WorkspaceNotFound /> : <PageNotFound />,
  component: WorkspaceLayout,
});

function WorkspaceLayout() {
  const { workspaceId } = Route.useParams();
  const trpc = useTRPC();
  const { data: workspace } = useSuspenseQuery(trpc.workspaces.get.queryOptions({ workspaceId }));
  // Remembered on render, not in the loader: hovering a link preloads without visiting.
  useEffect(() => rememberWorkspace(workspaceId), [workspaceId]);
  return (
    <AppShell workspace={workspace}>
      <Outlet />
    </AppShell>
  );
}
