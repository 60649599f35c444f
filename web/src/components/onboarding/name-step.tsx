import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ArrowRight } from "lucide-react";
import { useState } from "react";
import { errorFor } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { checkName } from "../../lib/validation";
import { Button } from "../ui/button";
import { describedBy, Field } from "../ui/field";
import { Input } from "../ui/input";

export function NameStep({ onDone }: { onDone: (name: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [localError, setLocalError] = useState<string>();
  const onboard = useMutation(
    trpc.auth.onboard.mutationOptions({
      meta: { inlineErrors: true },
      onSuccess: async (user) => {
        await queryClient.invalidateQueries({ queryKey: trpc.auth.session.queryKey() });
        onDone(user.displayName);
      },
    }),
  );
  const error = localError ?? errorFor(onboard.error, "displayName");
  const hint = "Shown to your teammates, in the audit log and beside your changes.";

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const problem = checkName(name, "Name");
        setLocalError(problem);
        if (!problem) onboard.mutate({ displayName: name.trim() });
      }}
    >
      <Field id="display-name" label="Your name" hint={hint} error={error}>
        <Input
          {...describedBy("display-name", error, hint)}
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            setLocalError(undefined);
          }}
          placeholder="Ada Lovelace"
          autoComplete="name"
          maxLength={80}
          autoFocus
        />
      </Field>
      <Button type="submit" size="lg" className="mt-6 w-full" loading={onboard.isPending}>
        Continue
        {onboard.isPending ? null : <ArrowRight />}
      </Button>
    </form>
  );
}
