import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Check, Eye, PencilRuler, Search, Share2, UserMinus, Users } from "lucide-react";
import { useId, useMemo, useRef, useState } from "react";
import { toast } from "sonner";
import { errorMessage } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import type { App, Member } from "../../lib/types";
import { cn } from "../../lib/utils";
import { Avatar } from "../ui/avatar";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Dialog, DialogContent, DialogTrigger } from "../ui/dialog";
import { Input } from "../ui/input";
import { LoadingBlock } from "../ui/spinner";
import { Tooltip } from "../ui/tooltip";

/** The app top bar's Share button: who makes the app, who sees it, and adding collaborators. */
export function ShareButton({ workspaceId, app }: { workspaceId: string; app: App }) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <Tooltip content="Share: who makes and who sees this app" side="bottom">
        <DialogTrigger asChild>
          <Button variant="secondary" size="icon" aria-label="Share">
            <Share2 />
          </Button>
        </DialogTrigger>
      </Tooltip>
      <DialogContent
        title={`Share “${app.name}”`}
        description="Makers build the draft with you. Teams see only what you publish."
        className="max-w-lg"
        onEscapeKeyDown={(e) => {
          // Esc in the person picker clears it first; the next Esc closes the dialog.
          const el = document.activeElement;
          if (
            el instanceof HTMLInputElement &&
            el.getAttribute("role") === "combobox" &&
            (el.value !== "" || el.getAttribute("aria-expanded") === "true")
          )
            e.preventDefault();
        }}
      >
        {open ? <ShareBody workspaceId={workspaceId} appId={app.id} /> : null}
      </DialogContent>
    </Dialog>
  );
}

function ShareBody({ workspaceId, appId }: { workspaceId: string; appId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const target = { workspaceId, appId };
  const access = useQuery(trpc.apps.access.queryOptions(target));
  const members = useQuery(trpc.members.list.queryOptions({ workspaceId }));
  const refresh = () => queryClient.invalidateQueries(trpc.apps.access.queryFilter(target));
  const add = useMutation(
    trpc.apps.addCollaborator.mutationOptions({
      onSuccess: async (info, { userId }) => {
        queryClient.setQueryData(trpc.apps.access.queryKey(target), info);
        const name = info.collaborators.find((c) => c.userId === userId)?.displayName;
        toast.success(`${name ?? "They"} can now build this app with you`);
      },
      onError: (err) => {
        toast.error(errorMessage(err));
        void refresh();
      },
    }),
  );
  const remove = useMutation(
    trpc.apps.removeCollaborator.mutationOptions({
      onSuccess: async (info) => {
        queryClient.setQueryData(trpc.apps.access.queryKey(target), info);
        toast.success("Removed. Their open views of the draft have closed.");
      },
      onError: (err) => {
        toast.error(errorMessage(err));
        void refresh();
      },
    }),
  );

  if (access.isPending || members.isPending)
    return <LoadingBlock label="Loading who has access…" />;
  if (access.isError || members.isError)
    return (
      <p role="alert" className="text-sm text-(--destructive)">
        {errorMessage(access.error ?? members.error)}
      </p>
    );
  const info = access.data;
  const makers = new Set([info.creator?.userId, ...info.collaborators.map((c) => c.userId)]);
  const candidates = members.data.filter((m) => !makers.has(m.userId));
  const full = info.collaborators.length >= info.limit;

  return (
    <div className="flex flex-col gap-5">
      {info.canManage ? (
        <PersonPicker
          candidates={candidates}
          disabled={full || add.isPending}
          placeholder={
            full
              ? `At most ${info.limit} collaborators: remove one first`
              : "Add a collaborator by name…"
          }
          onPick={(m) => add.mutate({ ...target, userId: m.userId })}
        />
      ) : (
        <p className="rounded-lg bg-(--muted) px-3 py-2 text-xs text-(--muted-foreground)">
          Only the app's creator or a workspace admin can change who makes it.
        </p>
      )}

      <section aria-labelledby="share-makers">
        <h3 id="share-makers" className="mb-2 flex items-center gap-1.5 text-sm font-medium">
          <PencilRuler className="size-3.5 text-(--muted-foreground)" aria-hidden />
          Makers
        </h3>
        <ul className="divide-y rounded-lg border">
          {info.creator ? (
            <PersonRow
              name={info.creator.displayName}
              id={info.creator.userId}
              note={<Badge tone="accent">Creator</Badge>}
            />
          ) : null}
          {info.collaborators.map((c) => (
            <PersonRow
              key={c.userId}
              name={c.displayName}
              id={c.userId}
              note={
                <span className="text-xs text-(--muted-foreground)">
                  Collaborator{c.addedByName ? ` · added by ${c.addedByName}` : ""}
                </span>
              }
              action={
                info.canManage ? (
                  <Tooltip content={`Remove ${c.displayName}`}>
                    <Button
                      variant="ghost"
                      size="icon"
                      aria-label={`Remove ${c.displayName}`}
                      disabled={remove.isPending}
                      onClick={() => remove.mutate({ ...target, userId: c.userId })}
                    >
                      <UserMinus />
                    </Button>
                  </Tooltip>
                ) : null
              }
            />
          ))}
          {info.collaborators.length === 0 ? (
            <li className="px-3 py-2.5 text-xs text-(--muted-foreground)">No collaborators yet.</li>
          ) : null}
        </ul>
        <p className="mt-1.5 text-xs text-(--muted-foreground)">
          Workspace owners and admins make every app. Makers see the draft, the builder chat,
          agents, integrations and review state.
        </p>
      </section>

      <section aria-labelledby="share-teams">
        <h3 id="share-teams" className="mb-2 flex items-center gap-1.5 text-sm font-medium">
          <Eye className="size-3.5 text-(--muted-foreground)" aria-hidden />
          Viewers
        </h3>
        {info.teams.length > 0 ? (
          <ul className="flex flex-wrap gap-1.5" aria-label="Teams the app is published to">
            {info.teams.map((t) => (
              <li key={t.id}>
                <Badge>
                  <Users aria-hidden />
                  {t.name}
                </Badge>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-xs text-(--muted-foreground)">
            {info.published
              ? "Published to no team."
              : "Not published yet: nobody else sees this app."}
          </p>
        )}
        <p className="mt-1.5 text-xs text-(--muted-foreground)">
          Teams are chosen when you publish. Their members see the published version on published
          data only — never the draft, the builder chat, integrations or this list.
        </p>
      </section>
    </div>
  );
}

function PersonRow({
  name,
  id,
  note,
  action,
}: {
  name: string;
  id: string;
  note: React.ReactNode;
  action?: React.ReactNode;
}) {
  return (
    <li className="flex items-center gap-3 px-3 py-2">
      <Avatar name={name} seed={id} className="size-7" />
      <div className="min-w-0 flex-1">
        <p className="truncate text-sm font-medium">{name}</p>
      </div>
      {note}
      {action}
    </li>
  );
}

/**
 * A combobox of workspace members: type to filter, arrow keys to move, Enter to add. Escape
 * clears the text first, then closes the dialog as usual.
 */
function PersonPicker({
  candidates,
  disabled,
  placeholder,
  onPick,
}: {
  candidates: Member[];
  disabled: boolean;
  placeholder: string;
  onPick: (m: Member) => void;
}) {
  const [text, setText] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const listId = useId();
  const input = useRef<HTMLInputElement>(null);
  const matches = useMemo(() => {
    const q = text.trim().toLowerCase();
    return candidates.filter((m) => m.displayName.toLowerCase().includes(q)).slice(0, 8);
  }, [candidates, text]);
  const pick = (m: Member | undefined) => {
    if (!m) return;
    onPick(m);
    setText("");
    setOpen(false);
    input.current?.focus();
  };
  const shown = open && !disabled;

  return (
    <div className="relative">
      <Search
        className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-(--muted-foreground)"
        aria-hidden
      />
      <Input
        ref={input}
        role="combobox"
        aria-label="Add a collaborator"
        aria-expanded={shown}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={shown && matches[active] ? `${listId}-${active}` : undefined}
        className="pl-9"
        placeholder={placeholder}
        disabled={disabled}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown") {
            e.preventDefault();
            setOpen(true);
            setActive((i) => Math.min(i + 1, Math.max(matches.length - 1, 0)));
          } else if (e.key === "ArrowUp") {
            e.preventDefault();
            setActive((i) => Math.max(i - 1, 0));
          } else if (e.key === "Enter" && shown) {
            e.preventDefault();
            pick(matches[active]);
          } else if (e.key === "Escape" && (text || shown)) {
            setText("");
            setOpen(false);
          }
        }}
      />
      {shown ? (
        <div
          id={listId}
          role="listbox"
          aria-label="Workspace members"
          className="absolute inset-x-0 top-full z-10 mt-1 max-h-64 overflow-y-auto rounded-lg border bg-(--card) p-1 shadow-lg"
        >
          {matches.length === 0 ? (
            <p className="px-2 py-1.5 text-xs text-(--muted-foreground)">
              {candidates.length === 0
                ? "Everyone in the workspace already makes this app."
                : "No member by that name."}
            </p>
          ) : (
            matches.map((m, i) => (
              <div
                key={m.userId}
                tabIndex={-1}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                className={cn(
                  "flex cursor-pointer items-center gap-2 rounded-md px-2 py-1.5 text-sm",
                  i === active && "bg-(--accent) text-(--accent-foreground)",
                )}
                onMouseEnter={() => setActive(i)}
                // Before the input's blur closes the list.
                onMouseDown={(e) => {
                  e.preventDefault();
                  pick(m);
                }}
              >
                <Avatar name={m.displayName} seed={m.userId} className="size-6 text-[10px]" />
                <span className="min-w-0 flex-1 truncate">{m.displayName}</span>
                {m.role !== "member" ? (
                  <span className="text-xs text-(--muted-foreground) capitalize">{m.role}</span>
                ) : null}
                {i === active ? <Check className="size-3.5" aria-hidden /> : null}
              </div>
            ))
          )}
        </div>
      ) : null}
    </div>
  );
}
