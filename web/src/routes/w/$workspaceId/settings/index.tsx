import { createFileRoute, redirect } from "@tanstack/react-router";

export const Route = createFileRoute("/w/$workspaceId/settings/")({
  beforeLoad: ({ params }) => {
    throw redirect({ to: "/w/$workspaceId/settings/general", params, replace: true });
  },
});
