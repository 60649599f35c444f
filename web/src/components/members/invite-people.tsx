import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Copy, UserPlus } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { errorMessage } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { Button } from "../ui/button";
import { Dialog, DialogContent, DialogTrigger } from "../ui/dialog";
import { Field } from "../ui/field";
import { Input } from "../ui/input";
import { Select } from "../ui/select";

const EXPIRY = [
  { value: "1", label: "1 hour" },
  { value: "24", label: "1 day" },
  { value: "168", label: "7 days" },
  { value: "720", label: "30 days" },
];

const linkFor = (token: string) => `${window.location.origin}/invite/${token}`;

/** Settings → Members: create an invite link (shown once) and revoke the active ones. */
export function InvitePeople({ workspaceId }: { workspaceId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data: teams = [] } = useQuery(trpc.teams.list.queryOptions({ workspaceId }));
  const { data: invites = [] } = useQuery(trpc.invites.list.queryOptions({ workspaceId }));
  const [open, setOpen] = useState(false);
  const [role, setRole] = useState<"member" | "admin">("member");
  const [teamId, setTeamId] = useState("none");
  const [expiry, setExpiry] = useState("168");
  const [uses, setUses] = useState("1");
  const [link, setLink] = useState<string | null>(null);
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.invites.list.queryKey({ workspaceId }) });
  const create = useMutation(
    trpc.invites.create.mutationOptions({
      meta: { inlineErrors: true },
      onSuccess: async (out) => {
        setLink(linkFor(out.token));
        await refresh();
      },
    }),
  );
  const revoke = useMutation(
    trpc.invites.revoke.mutationOptions({
      onSuccess: async () => {
        await refresh();
        toast.success("Invite link revoked");
      },
    }),
  );

  return (
    <section className="mb-6">
      <div className="mb-3 flex items-center justify-between gap-3">
        <h2 className="text-sm font-medium">Invite links</h2>
        <Dialog
          open={open}
          onOpenChange={(o) => {
            setOpen(o);
            if (!o) {
              setLink(null);
              create.reset();
            }
          }}
        >
          <DialogTrigger asChild>
            <Button>
              <UserPlus />
              Invite people
            </Button>
          </DialogTrigger>
          <DialogContent
            title="Invite people"
            description="Anyone with the link can join this workspace until it expires or is used up."
          >
            {link ? (
              <div className="flex flex-col gap-3">
                <p className="text-sm">Copy the link now: it is shown only once.</p>
                <Input readOnly aria-label="Invite link" value={link} data-testid="invite-link" />
                <Button
                  onClick={async () => {
                    await navigator.clipboard?.writeText(link).catch(() => {});
                    toast.success("Link copied");
                  }}
                >
                  <Copy />
                  Copy link
                </Button>
              </div>
            ) : (
              <form
                className="flex flex-col gap-4"
                onSubmit={(e) => {
                  e.preventDefault();
                  create.mutate({
                    workspaceId,
                    role,
                    teamId: teamId === "none" ? null : teamId,
                    expiresInHours: Number(expiry),
                    maxUses: Number(uses),
                  });
                }}
              >
                <Field id="invite-role" label="Role">
                  <Select
                    id="invite-role"
                    value={role}
                    onValueChange={(v) => setRole(v as "member" | "admin")}
                    options={[
                      { value: "member", label: "Member" },
                      { value: "admin", label: "Admin" },
                    ]}
                  />
                </Field>
                <Field id="invite-team" label="Team (optional)">
                  <Select
                    id="invite-team"
                    value={teamId}
                    onValueChange={setTeamId}
                    options={[
                      { value: "none", label: "No extra team" },
                      ...teams.map((t) => ({ value: t.id, label: t.name })),
                    ]}
                  />
                </Field>
                <Field id="invite-expiry" label="Expires after">
                  <Select
                    id="invite-expiry"
                    value={expiry}
                    onValueChange={setExpiry}
                    options={EXPIRY}
                  />
                </Field>
                <Field
                  id="invite-uses"
                  label="Uses"
                  hint="How many people can join with this link (1–1000)."
                >
                  <Input
                    id="invite-uses"
                    type="number"
                    min={1}
                    max={1000}
                    value={uses}
                    onChange={(e) => setUses(e.target.value)}
                  />
                </Field>
                {create.error ? (
                  <p role="alert" className="text-sm text-(--destructive)">
                    {errorMessage(create.error)}
                  </p>
                ) : null}
                <Button type="submit" loading={create.isPending}>
                  Create link
                </Button>
              </form>
            )}
          </DialogContent>
        </Dialog>
      </div>
      {invites.length === 0 ? (
        <p className="text-sm text-(--muted-foreground)">No active invite links.</p>
      ) : (
        <ul className="divide-y rounded-lg border" aria-label="Active invite links">
          {invites.map((i) => (
            <li key={i.id} className="flex items-center justify-between gap-3 px-3 py-2 text-sm">
              <span>
                {i.role === "admin" ? "Admin" : "Member"}
                {i.teamName ? ` · ${i.teamName}` : ""} · {i.uses}/{i.maxUses} used · expires{" "}
                {new Date(i.expiresAt).toLocaleString()}
              </span>
              <Button
                variant="secondary"
                loading={revoke.isPending && revoke.variables?.inviteId === i.id}
                onClick={() => revoke.mutate({ workspaceId, inviteId: i.id })}
              >
                Revoke
              </Button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
