import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { CircleAlert, Clock, Globe, MessageSquareWarning, Rocket } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { errorMessage } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Callout } from "../ui/callout";
import { Dialog, DialogClose, DialogContent, DialogTrigger } from "../ui/dialog";
import { Textarea } from "../ui/input";
import { LoadingBlock } from "../ui/spinner";
import { ChangeSummary } from "./change-summary";
import { SetupBlocker } from "./setup-blocker";

const when = (d: Date | string) =>
  new Date(d).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

/** The top bar's Publish button: its dialog publishes (owners, admins) or asks for a review. */
export function PublishButton({ workspaceId, appId }: { workspaceId: string; appId: string }) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const state = useQuery(trpc.publishing.state.queryOptions({ workspaceId, appId }));
  const pending = state.data?.pendingReview;
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button size="sm" variant={pending ? "secondary" : "primary"}>
          {pending ? <Clock aria-hidden /> : <Rocket aria-hidden />}
          {pending ? "In review" : "Publish"}
        </Button>
      </DialogTrigger>
      {open ? (
        <DialogContent
          title="Publish this app"
          description="Your teams get a stable version with its own data. The draft stays yours to keep changing."
          className="max-w-3xl"
        >
          <PublishForm workspaceId={workspaceId} appId={appId} onDone={() => setOpen(false)} />
        </DialogContent>
      ) : null}
    </Dialog>
  );
}

function PublishForm({
  workspaceId,
  appId,
  onDone,
}: {
  workspaceId: string;
  appId: string;
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const state = useQuery(trpc.publishing.state.queryOptions({ workspaceId, appId }));
  const teams = useQuery(trpc.teams.list.queryOptions({ workspaceId }));
  const changes = useQuery(
    trpc.publishing.changes.queryOptions({ workspaceId, appId }, { retry: false }),
  );
  const [chosen, setChosen] = useState<Set<string> | null>(null);
  const [note, setNote] = useState("");
  const refresh = () => queryClient.invalidateQueries(trpc.publishing.pathFilter());
  const publish = useMutation(
    trpc.publishing.publish.mutationOptions({
      meta: { inlineErrors: true },
      onSuccess: async (v) => {
        await Promise.all([refresh(), queryClient.invalidateQueries(trpc.builds.pathFilter())]);
        toast.success(`Published as version ${v.number}`);
        onDone();
      },
    }),
  );
  const request = useMutation(
    trpc.publishing.requestReview.mutationOptions({
      meta: { inlineErrors: true },
      onSuccess: async () => {
        await refresh();
        toast.success("Review requested");
        onDone();
      },
    }),
  );

  if (state.isPending || teams.isPending) return <LoadingBlock label="Loading…" />;
  if (state.isError)
    return <p className="text-sm text-(--destructive)">{errorMessage(state.error)}</p>;
  const s = state.data;
  const allTeams = teams.data ?? [];
  const defaults = new Set(
    s.teams.length > 0
      ? s.teams.map((t) => t.id)
      : allTeams.filter((t) => t.isDefault).map((t) => t.id),
  );
  const selected = chosen ?? defaults;
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setChosen(next);
  };
  const mutation = s.canPublish ? publish : request;
  const buildId = changes.data?.draft.buildId;
  const submit = () => {
    const input = { workspaceId, appId, teamIds: [...selected], buildId };
    if (s.canPublish) publish.mutate(input);
    else request.mutate({ ...input, note: note.trim() || undefined });
  };
  // Owners and admins cannot publish until every integration is set up; a maker may still ask.
  const needsSetup = s.canPublish ? (changes.data?.integrations ?? []) : [];
  const blocked = (!s.canPublish && !!s.pendingReview) || needsSetup.length > 0;

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      className="flex flex-col gap-4"
    >
      <div className="flex flex-wrap items-center gap-2 text-[13px]">
        <Globe aria-hidden className="size-4 text-(--muted-foreground)" />
        {s.published ? (
          <span>
            Live: <strong>version {s.published.number}</strong>, published by{" "}
            {s.published.publishedByName} on {when(s.published.publishedAt)}
          </span>
        ) : (
          <span>Not published yet.</span>
        )}
        {s.published && !s.unpublishedChanges ? (
          <Badge tone="success">The draft matches it</Badge>
        ) : null}
      </div>

      {s.pendingReview ? (
        <Callout icon={Clock} title="A review request is pending">
          {s.pendingReview.requestedByName} asked on {when(s.pendingReview.requestedAt)}.{" "}
          {s.canPublish ? (
            <Link
              to="/w/$workspaceId/reviews"
              params={{ workspaceId }}
              search={{ review: s.pendingReview.id }}
              className="font-medium text-(--primary) hover:underline"
            >
              Open it in Reviews
            </Link>
          ) : (
            "An owner or admin will approve it or ask for changes. Changing the app closes it."
          )}
        </Callout>
      ) : s.lastReview?.status === "changes_requested" ? (
        <Callout icon={MessageSquareWarning} tone="danger" title="Changes were requested">
          {s.lastReview.decidedByName}: “{s.lastReview.message}”
        </Callout>
      ) : null}

      <fieldset>
        <legend className="mb-2 text-[13px] font-medium">Publish to</legend>
        <div className="flex flex-wrap gap-2">
          {allTeams.map((t) => (
            <label
              key={t.id}
              className="inline-flex cursor-pointer items-center gap-2 rounded-md border px-2.5 py-1.5 text-[13px] has-checked:border-(--primary)/50 has-checked:bg-(--accent)"
            >
              <input
                type="checkbox"
                checked={selected.has(t.id)}
                onChange={() => toggle(t.id)}
                className="accent-(--primary)"
              />
              {t.name}
            </label>
          ))}
        </div>
        <p className="mt-1.5 text-xs text-(--muted-foreground)">
          Members of these teams open the published app and work in its published data.
        </p>
      </fieldset>

      <div>
        <h3 className="mb-2 text-[13px] font-medium">What changes</h3>
        <div className="max-h-[45vh] overflow-y-auto pr-1">
          {changes.isPending ? (
            <LoadingBlock label="Comparing the draft with the live version…" />
          ) : changes.isError ? (
            <Callout icon={CircleAlert} tone="danger">
              {errorMessage(changes.error)}
            </Callout>
          ) : (
            <ChangeSummary changes={changes.data} integrations={changes.data.integrations} />
          )}
        </div>
      </div>

      {!s.canPublish ? (
        <div className="flex flex-col gap-1.5">
          <label htmlFor="review-note" className="text-[13px] font-medium">
            Note for the reviewer (optional)
          </label>
          <Textarea
            id="review-note"
            value={note}
            onChange={(e) => setNote(e.target.value)}
            placeholder="What changed and why"
            maxLength={2000}
          />
        </div>
      ) : null}

      <SetupBlocker workspaceId={workspaceId} appId={appId} integrations={needsSetup} />
      {mutation.error ? (
        <p role="alert" className="text-sm text-(--destructive)">
          {errorMessage(mutation.error)}
        </p>
      ) : null}

      <div className="flex justify-end gap-2">
        <DialogClose asChild>
          <Button variant="secondary">Cancel</Button>
        </DialogClose>
        <Button
          type="submit"
          loading={mutation.isPending}
          disabled={blocked || changes.isError || selected.size === 0}
        >
          {s.canPublish ? "Publish" : "Request review"}
        </Button>
      </div>
    </form>
  );
}
