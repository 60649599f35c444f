import { useMutation, useQueryClient } from "@tanstack/react-query";
import { KeyRound } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { errorMessage } from "../../lib/errors";
import { formatRelative } from "../../lib/format";
import { useTRPC } from "../../lib/trpc";
import type { IntegrationGrant } from "../../lib/types";
import { Button } from "../ui/button";
import { Input } from "../ui/input";

type Secret = IntegrationGrant["secrets"][number];

/**
 * One secret of a grant: its name and whether it is set. Write-only: the value typed here is
 * sent once and never shown again, so the field starts empty whatever is stored.
 */
export function SecretRow({
  workspaceId,
  grantId,
  secret,
  manage,
}: {
  workspaceId: string;
  grantId: string;
  secret: Secret;
  manage: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState("");
  const done = async (message: string) => {
    setValue("");
    setEditing(false);
    await Promise.all([
      queryClient.invalidateQueries(trpc.integrations.pathFilter()),
      queryClient.invalidateQueries(trpc.audit.pathFilter()),
    ]);
    toast.success(message);
  };
  const set = useMutation(
    trpc.integrations.setSecret.mutationOptions({
      onSuccess: () => done(`Saved ${secret.name}`),
      onError: (err) => toast.error(errorMessage(err)),
    }),
  );
  const clear = useMutation(
    trpc.integrations.clearSecret.mutationOptions({
      onSuccess: () => done(`Cleared ${secret.name}`),
      onError: (err) => toast.error(errorMessage(err)),
    }),
  );
  const inputId = `secret-${grantId}-${secret.name}`;
  const open = manage && (editing || !secret.set);

  return (
    <li className="rounded-lg border bg-(--background) px-3 py-2.5">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <label htmlFor={inputId} className="flex min-w-0 items-center gap-2">
          <KeyRound className="size-3.5 shrink-0 text-(--muted-foreground)" aria-hidden />
          <code className="truncate text-[13px] font-medium">{secret.name}</code>
        </label>
        <span
          className={
            secret.set ? "text-xs text-(--success)" : "text-xs font-medium text-(--warning)"
          }
        >
          {secret.set && secret.updatedAt
            ? `Set · updated ${formatRelative(secret.updatedAt)}${secret.updatedByName ? ` by ${secret.updatedByName}` : ""}`
            : "Not set"}
        </span>
      </div>
      {open ? (
        <form
          className="mt-2 flex flex-wrap gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            if (value.trim())
              set.mutate({ workspaceId, grantId, name: secret.name, value: value.trim() });
          }}
        >
          <Input
            id={inputId}
            type="password"
            autoComplete="off"
            spellCheck={false}
            placeholder={secret.set ? "Paste the new value" : "Paste the value"}
            value={value}
            onChange={(e) => setValue(e.target.value)}
            className="h-8 min-w-0 flex-1 font-mono text-[13px]"
          />
          <Button type="submit" size="sm" loading={set.isPending} disabled={!value.trim()}>
            Save
          </Button>
          {secret.set ? (
            <Button variant="ghost" size="sm" onClick={() => setEditing(false)}>
              Cancel
            </Button>
          ) : null}
        </form>
      ) : manage ? (
        <div className="mt-2 flex gap-2">
          <Button variant="secondary" size="sm" onClick={() => setEditing(true)}>
            Replace
          </Button>
          <Button
            variant="ghost"
            size="sm"
            loading={clear.isPending}
            onClick={() => clear.mutate({ workspaceId, grantId, name: secret.name })}
          >
            Clear
          </Button>
        </div>
      ) : null}
    </li>
  );
}
