import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowUp, Bot, PanelLeftClose, Square } from "lucide-react";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { useTRPC } from "../../lib/trpc";
import { useLiveTopic } from "../../lib/use-live";
import { Button } from "../ui/button";
import { LoadingBlock } from "../ui/spinner";
import { Tooltip } from "../ui/tooltip";
import {
  type BuildProgress,
  buildUnderWay,
  isActive,
  type RunStatus,
  type RunSummary,
} from "./run-state";
import { RunThread, useRunView } from "./run-thread";

/** The builder chat beside the preview: the app's latest run, and a composer for the next one. */
export function ChatPanel({
  workspaceId,
  appId,
  hidden,
  onCollapse,
  onBuilding,
}: {
  workspaceId: string;
  appId: string;
  hidden: boolean;
  onCollapse: () => void;
  /** The latest run's build while it is under way, for the preview; null otherwise. */
  onBuilding: (build: BuildProgress | null) => void;
}) {
  const trpc = useTRPC();
  const runs = useQuery(trpc.runs.list.queryOptions({ workspaceId, appId }));
  useFollowApp(workspaceId, appId);
  const [draft, setDraft] = useState("");
  const input = useRef<HTMLTextAreaElement>(null);
  const providers = useQuery(trpc.runs.providers.queryOptions({ workspaceId }));
  const latest = runs.data?.[0];
  const modelLabel = providers.data
    ?.flatMap((p) => p.models)
    .find((m) => m.id === latest?.model)?.label;
  const edit = (prompt: string) => {
    setDraft(prompt);
    input.current?.focus();
  };
  const composer = (status: RunStatus | null, run?: RunSummary) => (
    <ChatComposer
      workspaceId={workspaceId}
      appId={appId}
      run={run}
      status={status}
      draft={draft}
      setDraft={setDraft}
      inputRef={input}
    />
  );

  return (
    <aside
      aria-label="Builder chat"
      hidden={hidden}
      className="h-full min-h-0 w-full flex-col border-r bg-(--background) md:w-[400px] md:shrink-0 [&:not([hidden])]:flex"
    >
      <div className="flex h-11 shrink-0 items-center gap-2 border-b px-3">
        <Bot className="size-4 text-(--primary)" aria-hidden />
        <h2 className="flex-1 text-[13px] font-semibold">Builder</h2>
        {latest ? (
          <span className="truncate text-xs text-(--muted-foreground)">
            {modelLabel ?? latest.model}
          </span>
        ) : null}
        <Tooltip content="Hide chat" side="bottom">
          <Button variant="ghost" size="icon" aria-label="Hide chat" onClick={onCollapse}>
            <PanelLeftClose />
          </Button>
        </Tooltip>
      </div>
      {runs.isPending ? (
        <LoadingBlock />
      ) : latest ? (
        <LatestRun
          key={latest.id}
          workspaceId={workspaceId}
          appId={appId}
          run={latest}
          onEdit={edit}
          onBuilding={onBuilding}
        >
          {(status) => composer(status, latest)}
        </LatestRun>
      ) : (
        <>
          <div className="flex min-h-0 flex-1 flex-col items-center justify-center px-8 text-center">
            <div className="flex size-10 items-center justify-center rounded-full bg-(--accent) text-(--primary)">
              <Bot className="size-5" aria-hidden />
            </div>
            <p className="mt-3 text-sm font-medium">Tell the builder what to make</p>
            <p className="mt-1 text-[13px] leading-relaxed text-(--muted-foreground)">
              It proposes a plan first; nothing is built until you approve it.
            </p>
          </div>
          {composer(null)}
        </>
      )}
    </aside>
  );
}

/**
 * Other windows start runs, answer cards and finish builds: the app topic says which runs moved,
 * and the chat and preview read again what changed.
 */
function useFollowApp(workspaceId: string, appId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refreshRuns = () =>
    queryClient.invalidateQueries(trpc.runs.list.queryFilter({ workspaceId, appId }));
  useLiveTopic(
    workspaceId,
    { kind: "app", appId },
    {
      onLive: () => void refreshRuns(),
      onEvent: ({ runs }) => {
        if (runs.some((r) => r.type === "user-message" || r.type === "status")) void refreshRuns();
        if (runs.some((r) => r.type === "build-finish"))
          void queryClient.invalidateQueries(trpc.builds.pathFilter());
        if (runs.some((r) => r.type === "build-finish" || r.type === "approval-answer"))
          void queryClient.invalidateQueries(trpc.agents.pathFilter());
        // A review was decided or closed: the Publish button and the published build change.
        if (runs.some((r) => r.type === "review-notice")) {
          void queryClient.invalidateQueries(trpc.publishing.pathFilter());
          void queryClient.invalidateQueries(trpc.builds.pathFilter());
        }
      },
    },
  );
}

function LatestRun({
  workspaceId,
  appId,
  run,
  onEdit,
  onBuilding,
  children,
}: {
  workspaceId: string;
  appId: string;
  run: RunSummary;
  onEdit: (prompt: string) => void;
  onBuilding: (build: BuildProgress | null) => void;
  children: (status: RunStatus) => ReactNode;
}) {
  const view = useRunView(workspaceId, run);
  const building = buildUnderWay(view);
  useEffect(() => onBuilding(building), [building, onBuilding]);
  useEffect(() => () => onBuilding(null), [onBuilding]);
  const scroller = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  // Follow the stream while the reader is at the bottom; leave them be when they scrolled up.
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-run whenever the parts change
  useEffect(() => {
    const el = scroller.current;
    if (el && pinned.current) el.scrollTop = el.scrollHeight;
  }, [view.parts, view.status]);

  return (
    <>
      <div
        ref={scroller}
        onScroll={(e) => {
          const el = e.currentTarget;
          pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
        }}
        className="min-h-0 flex-1 overflow-y-auto px-4 py-4"
      >
        <RunThread workspaceId={workspaceId} appId={appId} run={run} view={view} onEdit={onEdit} />
      </div>
      {children(view.status)}
    </>
  );
}

function ChatComposer({
  workspaceId,
  appId,
  run,
  status,
  draft,
  setDraft,
  inputRef,
}: {
  workspaceId: string;
  appId: string;
  run?: RunSummary;
  status: RunStatus | null;
  draft: string;
  setDraft: (v: string) => void;
  inputRef: React.RefObject<HTMLTextAreaElement | null>;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(
    trpc.runs.create.mutationOptions({
      onSuccess: () => {
        setDraft("");
        return queryClient.invalidateQueries(trpc.runs.list.queryFilter({ workspaceId, appId }));
      },
    }),
  );
  const stop = useMutation(trpc.runs.stop.mutationOptions());
  const active = isActive(status);
  const waiting = status === "awaiting_approval";
  const ready = draft.trim().length > 0 && !active && !create.isPending;
  const send = () => {
    if (!ready) return;
    create.mutate({
      workspaceId,
      appId,
      prompt: draft.trim(),
      ...(run
        ? {
            provider: run.provider as "offline" | "anthropic" | "openai-compatible",
            model: run.model,
          }
        : {}),
    });
  };

  return (
    <div className="shrink-0 border-t bg-(--background) p-3">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          send();
        }}
        className="rounded-xl border bg-(--card) shadow-xs transition-shadow focus-within:border-(--ring) focus-within:ring-4 focus-within:ring-(--ring)/15 has-disabled:bg-(--muted)/40"
      >
        <label htmlFor="chat-prompt" className="sr-only">
          Message the builder
        </label>
        <textarea
          id="chat-prompt"
          ref={inputRef}
          value={draft}
          disabled={active}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) {
              e.preventDefault();
              send();
            }
          }}
          rows={3}
          placeholder={
            waiting
              ? "Answer the card above to continue."
              : active
                ? "The builder is working…"
                : "Ask for a change, or describe what to build…"
          }
          className="block w-full resize-none rounded-t-xl bg-transparent px-3 pt-2.5 text-sm leading-relaxed outline-none placeholder:text-(--muted-foreground)/70 disabled:cursor-not-allowed"
        />
        <div className="flex items-center justify-between gap-2 px-2 pb-2">
          <span className="pl-1 text-xs text-(--muted-foreground)">
            {active ? null : "Ctrl+Enter to send"}
          </span>
          {active && run ? (
            <Button
              variant="secondary"
              size="sm"
              loading={stop.isPending}
              onClick={() => stop.mutate({ workspaceId, runId: run.id })}
            >
              {stop.isPending ? null : <Square className="fill-current size-3!" />}
              Stop
            </Button>
          ) : (
            <Button type="submit" size="sm" disabled={!ready} loading={create.isPending}>
              Send
              <ArrowUp />
            </Button>
          )}
        </div>
      </form>
    </div>
  );
}
