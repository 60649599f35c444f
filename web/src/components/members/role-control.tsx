import { useMutation } from "@tanstack/react-query";
import { toast } from "sonner";
import { isAdmin, ROLE_HINT, ROLE_LABEL, ROLES } from "../../lib/roles";
import { useTRPC } from "../../lib/trpc";
import type { Member, Role, Workspace } from "../../lib/types";
import { useRefreshWorkspace } from "../../lib/use-refresh-workspace";
import { Badge } from "../ui/badge";
import { Select } from "../ui/select";
import { Tooltip } from "../ui/tooltip";

/** Why the viewer can't change this member's role, or null when they can. */
function lockReason(viewer: Role, member: Member): string | null {
  if (member.isYou) return "You can't change your own role. Ask another owner to do it.";
  if (member.role === "owner" && viewer !== "owner") {
    return "Only an owner can change an owner's role.";
  }
  return null;
}

export function RoleControl({ workspace, member }: { workspace: Workspace; member: Member }) {
  const trpc = useTRPC();
  const refresh = useRefreshWorkspace();
  const change = useMutation(
    trpc.members.changeRole.mutationOptions({
      onSuccess: async ({ role, changed }) => {
        await refresh();
        if (changed) toast.success(`${member.displayName} is now ${article(role)} ${role}`);
      },
    }),
  );

  if (!isAdmin(workspace.role)) {
    return (
      <Badge tone={member.role === "member" ? "neutral" : "accent"}>
        {ROLE_LABEL[member.role]}
      </Badge>
    );
  }

  // Only owners may grant the owner role, so admins don't see it offered.
  const options = ROLES.filter(
    (r) => r !== "owner" || workspace.role === "owner" || member.role === "owner",
  ).map((r) => ({ value: r, label: ROLE_LABEL[r], hint: ROLE_HINT[r] }));
  const value = change.isPending ? change.variables.role : member.role;
  const reason = lockReason(workspace.role, member);
  const select = (
    <Select
      aria-label={`Role of ${member.displayName}`}
      value={value}
      options={options}
      disabled={reason !== null || change.isPending}
      onValueChange={(role) =>
        change.mutate({ workspaceId: workspace.id, userId: member.userId, role: role as Role })
      }
      className="w-32"
    />
  );
  return reason ? (
    <Tooltip content={reason} wrap>
      {select}
    </Tooltip>
  ) : (
    select
  );
}

const article = (role: Role) => (role === "member" ? "a" : "an");
