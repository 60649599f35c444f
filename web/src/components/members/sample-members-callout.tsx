import { useMutation } from "@tanstack/react-query";
import { UserPlus } from "lucide-react";
import { toast } from "sonner";
import { useTRPC } from "../../lib/trpc";
import { useRefreshWorkspace } from "../../lib/use-refresh-workspace";
import { Button } from "../ui/button";
import { Callout } from "../ui/callout";

/** In local mode admins can also add sample people to try roles and teams without inviting anyone. */
export function SampleMembersCallout({ workspaceId }: { workspaceId: string }) {
  const trpc = useTRPC();
  const refresh = useRefreshWorkspace();
  const add = useMutation(
    trpc.members.addSamples.mutationOptions({
      onSuccess: async ({ added }) => {
        await refresh();
        toast.success(`Added ${added.length} sample ${added.length === 1 ? "member" : "members"}`, {
          description: added.map((a) => a.displayName).join(", "),
        });
      },
    }),
  );
  return (
    <Callout
      icon={UserPlus}
      title="Try roles with sample people"
      className="mb-6"
      action={
        <Button
          variant="secondary"
          loading={add.isPending}
          onClick={() => add.mutate({ workspaceId, count: 3 })}
        >
          {add.isPending ? null : <UserPlus />}
          Add sample members
        </Button>
      }
    >
      This server runs without an identity provider. Invite real people with a link above, or add a
      few sample people to try out roles, teams and the audit log.
    </Callout>
  );
}
