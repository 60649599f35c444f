import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ArrowRight } from "lucide-react";
import { errorFor } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { Button } from "../ui/button";
import { NameField, useNameInput } from "../ui/name-field";

export function NameStep({ onDone }: { onDone: (name: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const onboard = useMutation(
    trpc.auth.onboard.mutationOptions({
      meta: { inlineErrors: true },
      onSuccess: async (user) => {
        await queryClient.invalidateQueries({ queryKey: trpc.auth.session.queryKey() });
        onDone(user.displayName);
      },
    }),
  );
  const name = useNameInput({
    what: "Name",
    serverError: errorFor(onboard.error, "displayName"),
    keepServerError: true,
  });
  const hint = "Shown to your teammates, in the audit log and beside your changes.";

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const displayName = name.submit();
        if (displayName !== undefined) onboard.mutate({ displayName });
      }}
    >
      <NameField
        id="display-name"
        label="Your name"
        hint={hint}
        placeholder="Ada Lovelace"
        autoComplete="name"
        input={name}
      />
      <Button type="submit" size="lg" className="mt-6 w-full" loading={onboard.isPending}>
        Continue
        {onboard.isPending ? null : <ArrowRight />}
      </Button>
    </form>
  );
}
