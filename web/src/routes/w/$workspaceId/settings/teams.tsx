import { useSuspenseQuery } from "@tanstack/react-query";
import { createFileRoute } from "@tanstack/react-router";
import { Plus, UsersRound } from "lucide-react";
import { useState } from "react";
import { PageBody } from "../../../../components/shell/app-shell";
import { TeamCard } from "../../../../components/teams/team-card";
import { CreateTeamDialog } from "../../../../components/teams/team-name-dialog";
import { Button } from "../../../../components/ui/button";
import { EmptyState } from "../../../../components/ui/empty-state";
import { PageHeader } from "../../../../components/ui/page-header";
import { isAdmin } from "../../../../lib/roles";
import { useTRPC } from "../../../../lib/trpc";
import { useTitle } from "../../../../lib/use-title";

export const Route = createFileRoute("/w/$workspaceId/settings/teams")({
  loader: ({ context: { queryClient, trpc }, params: { workspaceId } }) =>
    Promise.all([
      queryClient.ensureQueryData(trpc.teams.list.queryOptions({ workspaceId })),
      queryClient.ensureQueryData(trpc.members.list.queryOptions({ workspaceId })),
    ]),
  component: TeamsPage,
});

function TeamsPage() {
  const { workspaceId } = Route.useParams();
  const trpc = useTRPC();
  const { data: workspace } = useSuspenseQuery(trpc.workspaces.get.queryOptions({ workspaceId }));
  const { data: teams } = useSuspenseQuery(trpc.teams.list.queryOptions({ workspaceId }));
  const { data: members } = useSuspenseQuery(trpc.members.list.queryOptions({ workspaceId }));
  const [creating, setCreating] = useState(false);
  useTitle("Teams", workspace.name);
  const manage = isAdmin(workspace.role);
  const create = manage ? (
    <Button onClick={() => setCreating(true)}>
      <Plus />
      Create team
    </Button>
  ) : null;

  return (
    <PageBody>
      <PageHeader
        title="Teams"
        description="Group people by department or project. Everyone in the workspace is in General; owners and admins add more teams and choose who is in each."
        actions={create}
      />
      <div className="grid gap-4">
        {teams.map((team) => (
          <TeamCard key={team.id} team={team} members={members} workspace={workspace} />
        ))}
      </div>
      {teams.every((t) => t.isDefault) ? (
        <EmptyState icon={UsersRound} title="No other teams yet" className="mt-4">
          {manage
            ? "Create a team for a department or a project, then add people to it."
            : "Owners and admins create teams. Ask one of them to set yours up."}
        </EmptyState>
      ) : null}
      <CreateTeamDialog workspaceId={workspaceId} open={creating} onOpenChange={setCreating} />
    </PageBody>
  );
}
