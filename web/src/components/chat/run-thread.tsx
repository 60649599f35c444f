import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Brain, ChevronRight, CircleStop, OctagonX, Pencil, RotateCcw } from "lucide-react";
import { Collapsible } from "radix-ui";
import { useEffect, useState } from "react";
import { useTRPC } from "../../lib/trpc";
import { useLiveTopic } from "../../lib/use-live";
import { cn } from "../../lib/utils";
import { Button } from "../ui/button";
import { Callout } from "../ui/callout";
import { Spinner } from "../ui/spinner";
import { Tooltip } from "../ui/tooltip";
import { DataChangeLine, NoticeLine, RepairRequestCard } from "./agent-parts";
import { AgentsCard } from "./agents-card";
import { type Answer, ApprovalCard } from "./approval-card";
import { IntegrationSetupCard } from "./integration-setup-card";
import { Markdown } from "./markdown";
import {
  type ChatPart,
  emptyView,
  foldEvents,
  isActive,
  type RunStatus,
  type RunSummary,
  type RunView,
} from "./run-state";
import { ToolCard } from "./tool-card";
import { groupFileChanges, ToolGroup } from "./tool-group";

/**
 * One run's conversation on the tab's live stream, from the start (a reload replays it) and
 * resumed from its last seq after a reconnect; events are folded once by seq.
 */
export function useRunView(workspaceId: string, run: RunSummary) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [view, setView] = useState<RunView>(emptyView);
  useLiveTopic(
    workspaceId,
    { kind: "run", runId: run.id },
    { onEvent: (e) => setView((v) => foldEvents(v, e.events)) },
  );
  const status: RunStatus = view.status ?? run.status;
  useEffect(() => {
    if (view.status === null) return;
    void queryClient.invalidateQueries(trpc.runs.list.queryFilter({ workspaceId }));
    if (!isActive(view.status))
      void queryClient.invalidateQueries(trpc.runs.usage.queryFilter({ workspaceId }));
  }, [view.status, queryClient, trpc, workspaceId]);
  // A finished build changes the preview and the saved files.
  const builtId = view.build?.finish?.buildId;
  useEffect(() => {
    if (builtId !== undefined) void queryClient.invalidateQueries(trpc.builds.pathFilter());
  }, [builtId, queryClient, trpc]);
  return { ...view, status };
}

export function RunThread({
  workspaceId,
  appId,
  run,
  view,
  onEdit,
}: {
  workspaceId: string;
  appId: string;
  run: RunSummary;
  view: RunView & { status: RunStatus };
  onEdit: (prompt: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries(trpc.runs.list.queryFilter({ workspaceId }));
  const respond = useMutation(trpc.runs.respond.mutationOptions());
  const retry = useMutation(trpc.runs.retry.mutationOptions({ onSuccess: refresh }));
  const { status, parts } = view;
  const active = isActive(status);
  const answer = (a: Answer) => respond.mutate({ workspaceId, runId: run.id, ...a });
  const tryAgain = (
    <Button
      variant="secondary"
      size="sm"
      loading={retry.isPending}
      onClick={() => retry.mutate({ workspaceId, runId: run.id })}
    >
      {retry.isPending ? null : <RotateCcw />}
      Try again
    </Button>
  );

  return (
    <div className="space-y-4">
      {groupFileChanges(parts).map((part) =>
        part.kind === "tool-group" ? (
          <ToolGroup key={part.key} parts={part.parts} />
        ) : (
          <Part
            key={part.key}
            part={part}
            canEdit={!active}
            onEdit={onEdit}
            renderApproval={(p) =>
              p.toolName === "present_agents" ? (
                <AgentsCard
                  workspaceId={workspaceId}
                  appId={appId}
                  runId={run.id}
                  part={p}
                  waiting={status === "awaiting_approval"}
                />
              ) : p.toolName === "present_integration_setup" ? (
                <IntegrationSetupCard
                  workspaceId={workspaceId}
                  appId={appId}
                  part={p}
                  waiting={status === "awaiting_approval"}
                  busy={respond.isPending}
                  onAnswer={answer}
                />
              ) : (
                <ApprovalCard
                  part={p}
                  waiting={status === "awaiting_approval"}
                  busy={respond.isPending}
                  onAnswer={answer}
                />
              )
            }
          />
        ),
      )}
      {status === "pending" || status === "running" ? (
        <div
          role="status"
          className="flex items-center gap-2 text-[13px] text-(--muted-foreground)"
        >
          <Spinner className="size-3.5 text-(--primary)" />
          {status === "pending" ? "Starting…" : "Working…"}
        </div>
      ) : null}
      {status === "failed" ? (
        <Callout icon={OctagonX} tone="danger" title="The run failed" action={tryAgain}>
          {view.failure?.message ?? run.failureMessage ?? "Something went wrong."}
        </Callout>
      ) : null}
      {status === "stopped" ? (
        <Callout icon={CircleStop} tone="neutral" title="Stopped" action={tryAgain}>
          {view.build?.finish?.status === "stopped"
            ? "The run was stopped during a build, so that build was abandoned; the preview still shows the last good version."
            : "The builder stopped before finishing."}
        </Callout>
      ) : null}
      {/* A run can end with its last build failed: only then is trying again an offer. */}
      {status === "completed" && view.build?.finish?.status === "failed" ? (
        <div className="flex">{tryAgain}</div>
      ) : null}
    </div>
  );
}

function Part({
  part,
  canEdit,
  onEdit,
  renderApproval,
}: {
  part: ChatPart;
  canEdit: boolean;
  onEdit: (prompt: string) => void;
  renderApproval: (p: Extract<ChatPart, { kind: "approval" }>) => React.ReactNode;
}) {
  switch (part.kind) {
    case "user":
      return (
        <div className="group flex items-end justify-end gap-1">
          {canEdit ? (
            <Tooltip content="Edit and send again">
              <Button
                variant="ghost"
                size="icon"
                aria-label="Edit message"
                className="size-7 text-(--muted-foreground) opacity-0 group-hover:opacity-100 focus-visible:opacity-100"
                onClick={() => onEdit(part.text)}
              >
                <Pencil className="size-3.5!" />
              </Button>
            </Tooltip>
          ) : null}
          <div
            data-testid="user-message"
            className="max-w-[88%] rounded-2xl rounded-br-md bg-(--accent) px-3.5 py-2 text-sm leading-relaxed break-words whitespace-pre-wrap text-(--foreground)"
          >
            {part.text}
          </div>
        </div>
      );
    case "repair":
      return <RepairRequestCard part={part} />;
    case "answer":
      return (
        <div className="flex justify-end">
          <div className="max-w-[88%] rounded-2xl rounded-br-md bg-(--accent) px-3.5 py-2 text-sm leading-relaxed whitespace-pre-wrap">
            {part.approve
              ? part.feedback
                ? `Approved: ${part.feedback}`
                : "Approved. Go ahead."
              : `Changes requested${part.feedback ? `: ${part.feedback}` : "."}`}
          </div>
        </div>
      );
    case "text":
      return (
        <div data-testid="assistant-message">
          <Markdown text={part.text} />
        </div>
      );
    case "reasoning":
      return <Reasoning text={part.text} streaming={part.streaming} />;
    case "tool":
      return <ToolCard part={part} />;
    case "approval":
      return renderApproval(part);
    case "data-change":
      return <DataChangeLine part={part} />;
    case "notice":
      return <NoticeLine part={part} />;
  }
}

export function Reasoning({ text, streaming }: { text: string; streaming: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <Collapsible.Root open={open} onOpenChange={setOpen}>
      <Collapsible.Trigger className="inline-flex cursor-pointer items-center gap-1.5 text-[13px] text-(--muted-foreground) hover:text-(--foreground)">
        <Brain className="size-3.5" aria-hidden />
        {streaming ? "Thinking…" : "Thought"}
        <ChevronRight
          aria-hidden
          className={cn("size-3.5 transition-transform", open && "rotate-90")}
        />
      </Collapsible.Trigger>
      <Collapsible.Content className="mt-1.5 border-l-2 pl-3 text-[13px] leading-relaxed whitespace-pre-wrap text-(--muted-foreground)">
        {text}
      </Collapsible.Content>
    </Collapsible.Root>
  );
}
