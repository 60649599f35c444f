import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { useTRPC } from "../../lib/trpc";
import { NameDialog } from "../ui/name-dialog";

export function ProfileDialog({
  open,
  onOpenChange,
  currentName,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  currentName: string;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const update = useMutation(
    trpc.auth.updateProfile.mutationOptions({
      meta: { inlineErrors: true },
      onSuccess: async () => {
        // The name shows up everywhere: members, teams, the shell.
        await queryClient.invalidateQueries();
        toast.success("Name updated");
        onOpenChange(false);
      },
    }),
  );
  return (
    <NameDialog
      open={open}
      onOpenChange={onOpenChange}
      title="Edit your name"
      description="Your teammates see this name in member lists, teams and the audit log."
      field={{ id: "profile-name", label: "Your name", what: "Name" }}
      initial={currentName}
      submitLabel="Save"
      mutation={update}
      errorField="displayName"
      keepServerError
      onSubmit={(displayName) => update.mutate({ displayName })}
    />
  );
}
