import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  ArrowLeft,
  CalendarClock,
  CircleStop,
  FileInput,
  Hand,
  History,
  OctagonX,
  RotateCcw,
} from "lucide-react";
import { useEffect, useState } from "react";
import type { RouterOutputs } from "../../../../src/api-types";
import { cronInWords } from "../../lib/cron";
import { errorMessage } from "../../lib/errors";
import { formatDateTime, formatRelative } from "../../lib/format";
import { useTRPC } from "../../lib/trpc";
import { useLiveTopic } from "../../lib/use-live";
import { DataChangeLine, NoticeLine } from "../chat/agent-parts";
import { Markdown } from "../chat/markdown";
import { emptyView, foldEvents, isActive, type RunStatus, type RunView } from "../chat/run-state";
import { Reasoning } from "../chat/run-thread";
import { ToolCard } from "../chat/tool-card";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Callout } from "../ui/callout";
import { Dialog, SheetContent } from "../ui/dialog";
import { EmptyState } from "../ui/empty-state";
import { LoadingBlock, Spinner } from "../ui/spinner";
import { ReportFailure } from "./report-failure";

type AgentRun = RouterOutputs["agentRuns"]["list"][number];

const STATUS: Record<
  RunStatus,
  { label: string; tone: "success" | "warning" | "danger" | "neutral" | "accent" }
> = {
  pending: { label: "Queued", tone: "neutral" },
  running: { label: "Running", tone: "accent" },
  awaiting_approval: { label: "Waiting", tone: "warning" },
  completed: { label: "Completed", tone: "success" },
  failed: { label: "Failed", tone: "danger" },
  stopped: { label: "Stopped", tone: "neutral" },
};

export function StatusBadge({ status }: { status: RunStatus }) {
  const s = STATUS[status];
  return (
    <Badge tone={s.tone} data-testid="run-status">
      {status === "running" ? <Spinner className="size-3" /> : null}
      {s.label}
    </Badge>
  );
}

function triggerLabel(t: AgentRun["trigger"]) {
  if (t.type === "manual") return { icon: Hand, text: "Run by hand" };
  if (t.type === "document")
    return { icon: FileInput, text: `Document ${t.on} in ${t.collection}` };
  return { icon: CalendarClock, text: `Scheduled: ${cronInWords(t.cron)}` };
}

/** The agent usually ends by saying its result; then the stream already shows it. */
function endsWithResult(view: RunView, result: string) {
  const last = view.parts.findLast((p) => p.kind === "text");
  return last?.kind === "text" && last.text.trim().endsWith(result.trim());
}

function useNow(active: boolean) {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [active]);
  return now;
}

function duration(run: AgentRun, now: number) {
  if (!run.startedAt) return null;
  const end = run.finishedAt ? new Date(run.finishedAt).getTime() : now;
  const s = Math.max(0, (end - new Date(run.startedAt).getTime()) / 1000);
  return s < 60 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/**
 * The app's agent runs beside whatever is open: a live list, and one run streamed as it happens
 * (replayed from its first event, so a reload picks it up where it is).
 */
export function AgentRunsDrawer({
  workspaceId,
  appId,
  selected,
  onSelect,
  onClose,
  onOpenChat,
}: {
  workspaceId: string;
  appId: string;
  /** "all" for the list, or a run id. */
  selected: string | undefined;
  onSelect: (runId: string | "all") => void;
  onClose: () => void;
  /** Closes the drawer on the builder chat (where a repair request just started). */
  onOpenChat: () => void;
}) {
  return (
    <Dialog open={selected !== undefined} onOpenChange={(open) => !open && onClose()}>
      {selected !== undefined ? (
        <SheetContent
          title="Agent runs"
          description="Every run of this app's agents, live."
          className="max-w-2xl"
        >
          {selected === "all" ? (
            <RunList workspaceId={workspaceId} appId={appId} onSelect={onSelect} />
          ) : (
            <RunViewer
              workspaceId={workspaceId}
              runId={selected}
              onBack={() => onSelect("all")}
              onSelect={onSelect}
              onOpenChat={onOpenChat}
            />
          )}
        </SheetContent>
      ) : null}
    </Dialog>
  );
}

function useFollowAgentRuns(workspaceId: string, appId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () =>
    queryClient.invalidateQueries(trpc.agentRuns.list.queryFilter({ workspaceId, appId }));
  useLiveTopic(
    workspaceId,
    { kind: "app", appId },
    {
      onLive: () => void refresh(),
      onEvent: ({ runs }) => {
        if (runs.some((r) => r.type === "status" || r.type === "run-finish")) void refresh();
      },
    },
  );
}

function RunList({
  workspaceId,
  appId,
  onSelect,
}: {
  workspaceId: string;
  appId: string;
  onSelect: (runId: string) => void;
}) {
  const trpc = useTRPC();
  const runs = useQuery(trpc.agentRuns.list.queryOptions({ workspaceId, appId }));
  useFollowAgentRuns(workspaceId, appId);
  const now = useNow(!!runs.data?.some((r) => isActive(r.status)));

  if (runs.isPending) return <LoadingBlock label="Loading runs…" />;
  if (runs.isError)
    return (
      <Callout icon={OctagonX} tone="danger">
        {errorMessage(runs.error)}
      </Callout>
    );
  if (runs.data.length === 0)
    return (
      <EmptyState icon={History} title="No agent runs yet">
        Runs appear here as they start: from the app's buttons, the Agents tab, new documents or a
        schedule.
      </EmptyState>
    );
  return (
    <ul className="-mx-2 divide-y" data-testid="agent-run-list">
      {runs.data.map((run) => {
        const trigger = triggerLabel(run.trigger);
        const Icon = trigger.icon;
        const took = duration(run, now);
        return (
          <li key={run.id}>
            <button
              type="button"
              onClick={() => onSelect(run.id)}
              className="flex w-full cursor-pointer items-center gap-3 rounded-lg px-2 py-2.5 text-left hover:bg-(--muted)/60"
              data-testid="agent-run-row"
            >
              <div className="min-w-0 flex-1">
                <div className="flex items-center gap-2">
                  <span className="truncate text-sm font-medium">{run.agentName}</span>
                  {run.approvalMode === "mock" ? <Badge tone="warning">Mock</Badge> : null}
                  {run.scope === "published" ? <Badge>Published data</Badge> : null}
                </div>
                <div className="mt-0.5 flex items-center gap-1.5 text-xs text-(--muted-foreground)">
                  <Icon className="size-3" aria-hidden />
                  <span className="truncate">{trigger.text}</span>
                  <span aria-hidden>·</span>
                  <span title={formatDateTime(run.createdAt)}>
                    {formatRelative(run.createdAt, now)}
                  </span>
                  {took ? (
                    <>
                      <span aria-hidden>·</span>
                      <span className="tabular-nums">{took}</span>
                    </>
                  ) : null}
                </div>
              </div>
              <StatusBadge status={run.status} />
            </button>
          </li>
        );
      })}
    </ul>
  );
}

function RunViewer({
  workspaceId,
  runId,
  onBack,
  onSelect,
  onOpenChat,
}: {
  workspaceId: string;
  runId: string;
  onBack: () => void;
  onSelect: (runId: string) => void;
  onOpenChat: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const run = useQuery(trpc.agentRuns.get.queryOptions({ workspaceId, runId }));
  const [view, setView] = useState<RunView>(emptyView);
  useLiveTopic(
    workspaceId,
    { kind: "run", runId },
    { onEvent: (e) => setView((v) => foldEvents(v, e.events)) },
  );
  const status = view.status ?? run.data?.status ?? null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: refetch whenever the stream moves the status
  useEffect(() => {
    void queryClient.invalidateQueries(trpc.agentRuns.pathFilter());
  }, [status]);
  const stop = useMutation(trpc.agentRuns.stop.mutationOptions());
  const retry = useMutation(
    trpc.agentRuns.retry.mutationOptions({ onSuccess: (r) => onSelect(r.id) }),
  );
  const data = run.data;
  const now = useNow(isActive(status));

  return (
    <div className="space-y-4" data-testid="agent-run-viewer">
      <Button variant="ghost" size="sm" className="-ml-2" onClick={onBack}>
        <ArrowLeft />
        All runs
      </Button>
      {run.isError ? (
        <Callout icon={OctagonX} tone="danger">
          {errorMessage(run.error)}
        </Callout>
      ) : null}
      {data ? (
        <div className="flex flex-wrap items-start gap-3 rounded-lg border bg-(--muted)/30 px-3.5 py-3">
          <div className="min-w-0 flex-1">
            <div className="flex items-center gap-2">
              <h3 className="text-sm font-semibold">{data.agentName}</h3>
              {status ? <StatusBadge status={status} /> : null}
            </div>
            <p className="mt-0.5 text-xs text-(--muted-foreground)">
              {triggerLabel(data.trigger).text} · {formatDateTime(data.createdAt)}
              {duration(data, now) ? ` · ${duration(data, now)}` : ""} ·{" "}
              {data.scope === "published" ? "published data" : "draft data"} · {data.model}
            </p>
            {data.approvalMode === "mock" ? (
              <p className="mt-1 text-xs text-(--warning)">
                Approved for mock data only: custom tools answer with sample data.
              </p>
            ) : null}
          </div>
          {status === "pending" || status === "running" ? (
            <Button
              variant="secondary"
              size="sm"
              loading={stop.isPending}
              onClick={() => stop.mutate({ workspaceId, runId })}
            >
              {stop.isPending ? null : <CircleStop />}
              Stop
            </Button>
          ) : null}
          {status === "failed" || status === "stopped" ? (
            <Button
              variant="secondary"
              size="sm"
              loading={retry.isPending}
              onClick={() => retry.mutate({ workspaceId, runId })}
            >
              {retry.isPending ? null : <RotateCcw />}
              Retry
            </Button>
          ) : null}
        </div>
      ) : (
        <LoadingBlock />
      )}
      {stop.error || retry.error ? (
        <p className="text-[13px] text-(--destructive)" role="alert">
          {errorMessage(stop.error ?? retry.error)}
        </p>
      ) : null}
      {data && Object.keys(data.input ?? {}).length > 0 ? (
        <details className="rounded-lg border text-[13px]">
          <summary className="cursor-pointer px-3 py-2 font-medium">Input</summary>
          <pre className="max-h-48 overflow-auto border-t bg-(--muted)/30 px-3 py-2 font-mono text-[11.5px] whitespace-pre-wrap">
            {JSON.stringify(data.input, null, 2)}
          </pre>
        </details>
      ) : null}
      <div className="space-y-3">
        {view.parts.map((part) => {
          switch (part.kind) {
            case "text":
              return (
                <div key={part.key} data-testid="agent-run-text">
                  <Markdown text={part.text} />
                </div>
              );
            case "reasoning":
              return <Reasoning key={part.key} text={part.text} streaming={part.streaming} />;
            case "tool":
              return part.failure ? (
                <div key={part.key} className="space-y-2">
                  <ToolCard part={part} />
                  <ReportFailure
                    workspaceId={workspaceId}
                    runId={runId}
                    part={{ ...part, failure: part.failure }}
                    onOpenChat={onOpenChat}
                  />
                </div>
              ) : (
                <ToolCard key={part.key} part={part} />
              );
            case "data-change":
              return <DataChangeLine key={part.key} part={part} />;
            case "notice":
              return <NoticeLine key={part.key} part={part} />;
            default:
              return null;
          }
        })}
        {status === "pending" || status === "running" ? (
          <div
            role="status"
            className="flex items-center gap-2 text-[13px] text-(--muted-foreground)"
          >
            <Spinner className="size-3.5 text-(--primary)" />
            {status === "pending" ? "Queued…" : "Working…"}
          </div>
        ) : null}
        {status === "failed" ? (
          <Callout icon={OctagonX} tone="danger" title="The run failed">
            {view.failure?.message ?? data?.failureMessage ?? "Something went wrong."}
          </Callout>
        ) : null}
        {status === "completed" && data?.result && !endsWithResult(view, data.result) ? (
          <Callout icon={History} tone="success" title="Result">
            {data.result}
          </Callout>
        ) : null}
      </div>
    </div>
  );
}
