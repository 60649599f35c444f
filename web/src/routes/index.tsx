import { createFileRoute, redirect } from "@tanstack/react-router";
import { lastWorkspaceId } from "../lib/last-workspace";

/** `/` sends people to onboarding, or to the workspace they used last (else their first). */
export const Route = createFileRoute("/")({
  beforeLoad: async ({ context: { queryClient, trpc } }) => {
    const session = await queryClient.ensureQueryData(trpc.auth.session.queryOptions());
    if (!session.user) throw redirect({ to: "/onboarding", replace: true });
    const workspaces = await queryClient.fetchQuery(trpc.workspaces.list.queryOptions());
    const last = lastWorkspaceId();
    const target = workspaces.find((w) => w.id === last) ?? workspaces[0];
    if (!target) throw redirect({ to: "/onboarding", replace: true });
    throw redirect({
      to: "/w/$workspaceId",
      params: { workspaceId: target.id },
      replace: true,
    });
  },
});
