import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { createFileRoute, Link } from "@tanstack/react-router";
import { CircleAlert, Inbox, ShieldAlert, TriangleAlert } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import type { RouterOutputs } from "../../../../../src/api-types";
import { ChangeSummary } from "../../../components/publishing/change-summary";
import { SetupBlocker } from "../../../components/publishing/setup-blocker";
import { PageBody } from "../../../components/shell/app-shell";
import { Badge } from "../../../components/ui/badge";
import { Button } from "../../../components/ui/button";
import { Callout } from "../../../components/ui/callout";
import { EmptyState } from "../../../components/ui/empty-state";
import { Textarea } from "../../../components/ui/input";
import { PageHeader } from "../../../components/ui/page-header";
import { LoadingBlock } from "../../../components/ui/spinner";
import { errorMessage } from "../../../lib/errors";
import { isAdmin } from "../../../lib/roles";
import { useTRPC } from "../../../lib/trpc";
import { useTitle } from "../../../lib/use-title";
import { cn } from "../../../lib/utils";

type ReviewRow = RouterOutputs["publishing"]["reviews"][number];

export const Route = createFileRoute("/w/$workspaceId/reviews")({
  validateSearch: (raw: Record<string, unknown>): { review?: string } => ({
    review: typeof raw.review === "string" && raw.review ? raw.review : undefined,
  }),
  loader: async ({ context: { queryClient, trpc }, params: { workspaceId } }) => {
    const ws = await queryClient.ensureQueryData(trpc.workspaces.get.queryOptions({ workspaceId }));
    if (!isAdmin(ws.role)) return;
    await queryClient.ensureQueryData(
      trpc.publishing.reviews.queryOptions({ workspaceId, status: "pending" }),
    );
  },
  component: ReviewsPage,
});

const when = (d: Date | string) =>
  new Date(d).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

const STATUS_LABEL: Record<string, { label: string; tone: "success" | "warning" | "neutral" }> = {
  pending: { label: "Pending", tone: "warning" },
  approved: { label: "Approved", tone: "success" },
  changes_requested: { label: "Changes requested", tone: "warning" },
  superseded: { label: "Closed: app changed", tone: "neutral" },
  withdrawn: { label: "Withdrawn", tone: "neutral" },
};

function ReviewsPage() {
  const { workspaceId } = Route.useParams();
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  const trpc = useTRPC();
  const { data: workspace } = useSuspenseQuery(trpc.workspaces.get.queryOptions({ workspaceId }));
  useTitle("Reviews", workspace.name);
  if (!isAdmin(workspace.role))
    return (
      <PageBody>
        <PageHeader title="Reviews" />
        <EmptyState icon={ShieldAlert} title="Owners and admins review apps">
          When you publish an app, your request goes to them; you'll see their answer in the app's
          builder chat.
        </EmptyState>
      </PageBody>
    );
  return (
    <Inboxes
      workspaceId={workspaceId}
      selected={search.review}
      onSelect={(review) => navigate({ search: { review }, replace: true })}
    />
  );
}

function Inboxes({
  workspaceId,
  selected,
  onSelect,
}: {
  workspaceId: string;
  selected: string | undefined;
  onSelect: (id: string | undefined) => void;
}) {
  const trpc = useTRPC();
  const { data: pending } = useSuspenseQuery(
    trpc.publishing.reviews.queryOptions({ workspaceId, status: "pending" }),
  );
  const decided = useQuery(
    trpc.publishing.reviews.queryOptions({ workspaceId, status: "decided" }),
  );
  const current = selected ?? pending[0]?.id;
  return (
    <PageBody wide>
      <PageHeader
        title="Reviews"
        description="Requests to publish apps. Approving publishes exactly the draft you reviewed to the teams it names."
      />
      <div className="grid gap-6 lg:grid-cols-[18rem_minmax(0,1fr)]">
        <div className="flex flex-col gap-5">
          <ReviewList
            title="Waiting for you"
            rows={pending}
            current={current}
            onSelect={onSelect}
            empty="Nothing to review. Requests from app makers show up here."
          />
          <ReviewList
            title="Decided"
            rows={decided.data ?? []}
            current={current}
            onSelect={onSelect}
            empty="No decisions yet."
          />
        </div>
        {current ? (
          <ReviewDetail
            key={current}
            workspaceId={workspaceId}
            reviewId={current}
            onDecided={() => onSelect(current)}
          />
        ) : (
          <EmptyState icon={Inbox} title="No review requests">
            When a member asks to publish an app, its changes appear here for you to approve.
          </EmptyState>
        )}
      </div>
    </PageBody>
  );
}

function ReviewList({
  title,
  rows,
  current,
  onSelect,
  empty,
}: {
  title: string;
  rows: ReviewRow[];
  current: string | undefined;
  onSelect: (id: string) => void;
  empty: string;
}) {
  return (
    <section aria-label={title}>
      <h2 className="mb-2 flex items-center gap-2 text-xs font-medium text-(--muted-foreground)">
        {title}
        <Badge>{rows.length}</Badge>
      </h2>
      {rows.length === 0 ? (
        <p className="rounded-lg border border-dashed px-3 py-3 text-xs text-(--muted-foreground)">
          {empty}
        </p>
      ) : (
        <ul className="flex flex-col gap-1.5">
          {rows.map((r) => (
            <li key={r.id}>
              <button
                type="button"
                onClick={() => onSelect(r.id)}
                aria-current={r.id === current ? "true" : undefined}
                className={cn(
                  "w-full cursor-pointer rounded-lg border bg-(--card) px-3 py-2 text-left text-[13px] hover:bg-(--muted)/50",
                  "focus-visible:outline-2 focus-visible:outline-(--ring)",
                  r.id === current && "border-(--primary)/40 ring-1 ring-(--primary)/30",
                )}
              >
                <span className="block truncate font-medium">{r.appName}</span>
                <span className="block truncate text-xs text-(--muted-foreground)">
                  {r.requestedByName} · {when(r.requestedAt)}
                </span>
                <span className="mt-1 flex flex-wrap gap-1">
                  <Badge tone={STATUS_LABEL[r.status]?.tone}>
                    {STATUS_LABEL[r.status]?.label ?? r.status}
                  </Badge>
                  <Badge>{r.counts.files} files</Badge>
                  {r.counts.agentsChanged ? <Badge tone="warning">agents</Badge> : null}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ReviewDetail({
  workspaceId,
  reviewId,
  onDecided,
}: {
  workspaceId: string;
  reviewId: string;
  /** Keeps the decided request open once it leaves the pending list. */
  onDecided: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const review = useQuery(trpc.publishing.review.queryOptions({ workspaceId, reviewId }));
  const [asking, setAsking] = useState(false);
  const [message, setMessage] = useState("");
  const refresh = () => queryClient.invalidateQueries(trpc.publishing.pathFilter());
  const approve = useMutation(
    trpc.publishing.approve.mutationOptions({
      meta: { inlineErrors: true },
      onSuccess: async (out) => {
        onDecided();
        await refresh();
        toast.success(`Published as version ${out.version.number}`);
      },
    }),
  );
  const changes = useMutation(
    trpc.publishing.requestChanges.mutationOptions({
      meta: { inlineErrors: true },
      onSuccess: async () => {
        onDecided();
        await refresh();
        setAsking(false);
        toast.success("Sent back to the maker");
      },
    }),
  );
  if (review.isPending) return <LoadingBlock label="Loading the request…" />;
  if (review.isError)
    return (
      <Callout icon={CircleAlert} tone="danger">
        {errorMessage(review.error)}
      </Callout>
    );
  const r = review.data;
  const status = STATUS_LABEL[r.status];
  const error = approve.error ?? changes.error;
  return (
    <article aria-label={`Review of ${r.app.name}`} className="flex min-w-0 flex-col gap-4">
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h2 className="flex flex-wrap items-center gap-2 text-base font-semibold">
            <Link
              to="/w/$workspaceId/apps/$appId"
              params={{ workspaceId, appId: r.app.id }}
              className="hover:underline"
            >
              {r.app.name}
            </Link>
            <Badge tone={status?.tone}>{status?.label ?? r.status}</Badge>
          </h2>
          <p className="mt-0.5 text-[13px] text-(--muted-foreground)">
            {r.requestedByName} asked on {when(r.requestedAt)} to publish to{" "}
            {r.teams.map((t) => t.name ?? "a deleted team").join(", ")}
            {r.changes.since ? `, replacing version ${r.changes.since.versionNumber}` : ""}.
          </p>
          {r.note ? <p className="mt-2 text-[13px]">“{r.note}”</p> : null}
        </div>
        {r.status === "pending" ? (
          <div className="flex gap-2">
            <Button variant="secondary" onClick={() => setAsking((a) => !a)}>
              Request changes
            </Button>
            <Button
              loading={approve.isPending}
              disabled={r.stale || r.integrations.length > 0}
              onClick={() => approve.mutate({ workspaceId, reviewId })}
            >
              Approve and publish
            </Button>
          </div>
        ) : null}
      </header>

      {r.status !== "pending" ? (
        <Callout icon={Inbox} tone="neutral">
          {r.status === "approved"
            ? `${r.decidedByName} approved it${r.versionNumber ? ` as version ${r.versionNumber}` : ""}.`
            : r.status === "changes_requested"
              ? `${r.decidedByName} asked for changes: “${r.message}”`
              : (r.message ?? "This request is closed.")}
        </Callout>
      ) : null}
      {r.stale ? (
        <Callout icon={TriangleAlert} tone="danger" title="The app changed after this request">
          Approving would publish something not shown here. Ask the maker to send a new request.
        </Callout>
      ) : null}
      {r.status === "pending" ? (
        <SetupBlocker workspaceId={workspaceId} appId={r.app.id} integrations={r.integrations} />
      ) : null}

      {asking ? (
        <form
          noValidate
          className="flex flex-col gap-2 rounded-lg border bg-(--card) p-3"
          onSubmit={(e) => {
            e.preventDefault();
            changes.mutate({ workspaceId, reviewId, message });
          }}
        >
          <label htmlFor="review-message" className="text-[13px] font-medium">
            What should change before this is published?
          </label>
          <Textarea
            id="review-message"
            autoFocus
            value={message}
            onChange={(e) => setMessage(e.target.value)}
            placeholder="This goes to the app's builder chat"
            maxLength={4000}
          />
          <div className="flex justify-end gap-2">
            <Button variant="secondary" size="sm" onClick={() => setAsking(false)}>
              Cancel
            </Button>
            <Button type="submit" size="sm" loading={changes.isPending}>
              Send to the maker
            </Button>
          </div>
        </form>
      ) : null}
      {error ? (
        <p role="alert" className="text-sm text-(--destructive)">
          {errorMessage(error)}
        </p>
      ) : null}

      <ChangeSummary changes={r.changes} integrations={r.integrations} />
    </article>
  );
}
