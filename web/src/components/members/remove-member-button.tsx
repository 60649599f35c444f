import { useMutation } from "@tanstack/react-query";
import { UserMinus } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "../../lib/trpc";
import type { Member, Workspace } from "../../lib/types";
import { useRefreshWorkspace } from "../../lib/use-refresh-workspace";
import { Button } from "../ui/button";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { Tooltip } from "../ui/tooltip";

export function RemoveMemberButton({
  workspace,
  member,
}: {
  workspace: Workspace;
  member: Member;
}) {
  const trpc = useTRPC();
  const refresh = useRefreshWorkspace();
  const [open, setOpen] = useState(false);
  const remove = useMutation(
    trpc.members.remove.mutationOptions({
      onSuccess: async () => {
        setOpen(false);
        await refresh();
        toast.success(`Removed ${member.displayName} from ${workspace.name}`);
      },
    }),
  );

  const reason = member.isYou
    ? "You can't remove yourself from the workspace."
    : member.role === "owner" && workspace.role !== "owner"
      ? "Only an owner can remove an owner."
      : null;
  const label = `Remove ${member.displayName}`;

  if (reason) {
    return (
      <Tooltip content={reason} wrap>
        <Button variant="ghost" size="icon" aria-label={label} disabled>
          <UserMinus />
        </Button>
      </Tooltip>
    );
  }
  return (
    <>
      <Tooltip content={label}>
        <Button
          variant="ghost"
          size="icon"
          aria-label={label}
          onClick={() => setOpen(true)}
          className="text-(--muted-foreground) hover:text-(--destructive)"
        >
          <UserMinus />
        </Button>
      </Tooltip>
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        title={`Remove ${member.displayName}?`}
        description={`They lose access to ${workspace.name} and leave all of its teams. What they did stays in the audit log.`}
        confirmLabel="Remove member"
        pending={remove.isPending}
        onConfirm={() => remove.mutate({ workspaceId: workspace.id, userId: member.userId })}
      />
    </>
  );
}
