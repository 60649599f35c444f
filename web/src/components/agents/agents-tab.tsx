import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  Bot,
  Check,
  History,
  Play,
  ShieldAlert,
  ShieldCheck,
  ShieldOff,
  TriangleAlert,
} from "lucide-react";
import { useState } from "react";
import type { RouterOutputs } from "../../../../src/api-types";
import { errorMessage } from "../../lib/errors";
import { formatDateTime, formatRelative } from "../../lib/format";
import { useTRPC } from "../../lib/trpc";
import { cn } from "../../lib/utils";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Callout } from "../ui/callout";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { EmptyState } from "../ui/empty-state";
import { LoadingBlock } from "../ui/spinner";
import { Tooltip } from "../ui/tooltip";
import {
  AgentDetails,
  AgentHeading,
  type AgentSummary,
  shortHash,
  type ToolSummary,
} from "./agent-details";

type Config = RouterOutputs["agents"]["config"];
type ApprovalState = Config["approval"]["state"];

const STATE: Record<
  ApprovalState,
  { label: string; tone: "success" | "warning" | "danger" | "neutral"; icon: typeof ShieldCheck }
> = {
  live: { label: "Approved live", tone: "success", icon: ShieldCheck },
  mock: { label: "Mock data only", tone: "warning", icon: ShieldAlert },
  stale: { label: "Stale — changed since approval", tone: "danger", icon: ShieldOff },
  none: { label: "Not approved", tone: "neutral", icon: ShieldOff },
};

/** The app's agents: what each may do, whether that is approved, and its runs. */
export function AgentsTab({
  workspaceId,
  appId,
  onOpenRuns,
}: {
  workspaceId: string;
  appId: string;
  onOpenRuns: (runId?: string) => void;
}) {
  const trpc = useTRPC();
  const config = useQuery(trpc.agents.config.queryOptions({ workspaceId, appId }));
  // Once published, schedules run under the live version whatever the draft's approval says.
  const schedules = useQuery(trpc.agents.schedules.queryOptions({ workspaceId, appId }));
  const nextRuns = new Map(
    (schedules.data ?? []).flatMap((s) =>
      s.nextRunAt ? [[`${s.agentId}:${s.triggerIndex}`, s] as const] : [],
    ),
  );

  if (config.isPending) return <LoadingBlock label="Loading agents…" />;
  if (config.isError)
    return (
      <div className="p-6">
        <EmptyState icon={TriangleAlert} title="The agents couldn't load">
          {errorMessage(config.error)}
        </EmptyState>
      </div>
    );
  const { declared, approval } = config.data;
  return (
    <div className="h-full overflow-y-auto" data-testid="agents-tab">
      <div className="mx-auto max-w-4xl space-y-5 p-4 md:p-6">
        <div className="flex flex-wrap items-center gap-3">
          <div className="min-w-0 flex-1">
            <h2 className="text-base font-semibold">Agents</h2>
            <p className="text-sm text-(--muted-foreground)">
              AI agents declared by this app. They run in the background on the app's data, with
              only the tools and collections approved here.
            </p>
          </div>
          <Button variant="secondary" size="sm" onClick={() => onOpenRuns()}>
            <History />
            Agent runs
          </Button>
        </div>
        {approval.problems.length > 0 ? (
          <Callout icon={TriangleAlert} tone="danger" title="agents.json is not valid">
            {approval.problems[0]} Ask the builder to fix it.
          </Callout>
        ) : null}
        {declared ? (
          <>
            <ApprovalPanel workspaceId={workspaceId} appId={appId} config={config.data} />
            {declared.agents.map((agent) => (
              <AgentCard
                key={agent.id}
                workspaceId={workspaceId}
                appId={appId}
                agent={agent}
                config={config.data}
                onRun={onOpenRuns}
                nextRuns={nextRuns}
              />
            ))}
            {declared.appTools.length > 0 ? (
              <section className="rounded-xl border bg-(--card) p-4 shadow-xs">
                <h3 className="text-sm font-semibold">App tools</h3>
                <p className="mb-2 text-[13px] text-(--muted-foreground)">
                  Backend functions the app itself may call.
                </p>
                <ul className="space-y-1">
                  {declared.appTools.map((t) => (
                    <li key={t.name} className="font-mono text-xs">
                      {t.name}
                      {t.type === "custom" ? ` · ${t.method} ${t.domain}` : ""}
                    </li>
                  ))}
                </ul>
              </section>
            ) : null}
          </>
        ) : approval.problems.length === 0 ? (
          <EmptyState icon={Bot} title="This app has no agents yet">
            Ask the builder for one in the chat, for example “add an agent that triages new tickets
            and sets their priority”. Its agents appear here for approval.
          </EmptyState>
        ) : null}
      </div>
    </div>
  );
}

function ApprovalPanel({
  workspaceId,
  appId,
  config,
}: {
  workspaceId: string;
  appId: string;
  config: Config;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirmRevoke, setConfirmRevoke] = useState(false);
  const refresh = () => queryClient.invalidateQueries(trpc.agents.pathFilter());
  const approve = useMutation(trpc.agents.approve.mutationOptions({ onSettled: refresh }));
  const revoke = useMutation(
    trpc.agents.revoke.mutationOptions({
      onSettled: refresh,
      onSuccess: () => setConfirmRevoke(false),
    }),
  );
  const { approval, canApproveLive } = config;
  const state = STATE[approval.state];
  const Icon = state.icon;
  const hash = approval.currentHash;
  const approved = approval.state === "live" || approval.state === "mock";
  const canApproveAgain = !(
    approval.state === "live" ||
    (approval.state === "mock" && !canApproveLive)
  );

  return (
    <section
      aria-label="Approval"
      data-testid="agents-approval"
      data-state={approval.state}
      className={cn(
        "rounded-xl border bg-(--card) p-4 shadow-xs",
        approval.state === "stale" && "border-(--destructive)/30",
      )}
    >
      <div className="flex flex-wrap items-start gap-3">
        <div
          className={cn(
            "flex size-9 shrink-0 items-center justify-center rounded-lg",
            state.tone === "success" && "bg-(--success)/10 text-(--success)",
            state.tone === "warning" && "bg-(--warning)/12 text-(--warning)",
            state.tone === "danger" && "bg-(--destructive)/10 text-(--destructive)",
            state.tone === "neutral" && "bg-(--muted) text-(--muted-foreground)",
          )}
        >
          <Icon className="size-4.5" aria-hidden />
        </div>
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-2">
            <h3 className="text-sm font-semibold">Approval</h3>
            <Badge tone={state.tone} data-testid="approval-state">
              {state.label}
            </Badge>
          </div>
          <p className="mt-0.5 text-[13px] text-(--muted-foreground)">
            {approval.approval ? (
              <>
                {approval.state === "stale" ? "Last approved" : "Approved"}{" "}
                {approval.approval.mode === "mock" ? "for mock data " : ""}by{" "}
                <span className="font-medium text-(--foreground)">
                  {approval.approval.approvedByName}
                </span>{" "}
                <span title={formatDateTime(approval.approval.approvedAt)}>
                  {formatRelative(approval.approval.approvedAt)}
                </span>
                {approval.approval.source === "build_chat" ? " in the builder chat" : ""}.
              </>
            ) : (
              "Nothing an agent may do runs until an approval pins this exact file."
            )}{" "}
            {approval.state === "stale"
              ? "agents.json changed since; its agents do not run until it is approved again."
              : approval.state === "mock"
                ? "Custom tools answer with sample data until an owner or admin approves."
                : null}
          </p>
          {hash ? (
            <p className="mt-1 font-mono text-[11px] text-(--muted-foreground)" title={hash}>
              agents.json · {shortHash(hash)}
              {approval.state === "stale" && approval.approval
                ? ` (approved ${shortHash(approval.approval.hash)})`
                : ""}
            </p>
          ) : null}
        </div>
        <div className="flex flex-wrap items-center gap-2">
          {approved && canApproveLive ? (
            <Button
              variant="secondary"
              size="sm"
              onClick={() => setConfirmRevoke(true)}
              disabled={revoke.isPending}
            >
              <ShieldOff />
              Revoke
            </Button>
          ) : null}
          {canApproveAgain && hash ? (
            <Button
              size="sm"
              loading={approve.isPending}
              onClick={() => approve.mutate({ workspaceId, appId, hash, source: "agents_page" })}
            >
              {approve.isPending ? null : <Check />}
              {canApproveLive ? "Approve" : "Approve for mock data"}
            </Button>
          ) : null}
        </div>
      </div>
      {!canApproveLive ? (
        <p className="mt-3 rounded-lg bg-(--muted)/50 px-3 py-2 text-xs text-(--muted-foreground)">
          Only workspace owners and admins approve agents for live use or revoke an approval. Your
          approval lets the agents run with mock data.
        </p>
      ) : null}
      {approve.error || revoke.error ? (
        <p className="mt-3 text-[13px] text-(--destructive)" role="alert">
          {errorMessage(approve.error ?? revoke.error)}
        </p>
      ) : null}
      <ConfirmDialog
        open={confirmRevoke}
        onOpenChange={setConfirmRevoke}
        title="Revoke the agents' approval?"
        description="Runs under way stop at their next tool call, and no agent of this app runs again until someone approves agents.json."
        confirmLabel="Revoke"
        pending={revoke.isPending}
        onConfirm={() => revoke.mutate({ workspaceId, appId })}
      />
    </section>
  );
}

function ToolSwitch({
  workspaceId,
  appId,
  agentId,
  tool,
  hash,
  canEdit,
}: {
  workspaceId: string;
  appId: string;
  agentId: string;
  tool: ToolSummary;
  hash: string;
  canEdit: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toggle = useMutation(
    trpc.agents.setToolEnabled.mutationOptions({
      onSettled: () => {
        void queryClient.invalidateQueries(trpc.agents.pathFilter());
        void queryClient.invalidateQueries(trpc.builds.pathFilter());
      },
    }),
  );
  const label = `${tool.enabled ? "Turn off" : "Turn on"} ${tool.name}`;
  const button = (
    <button
      type="button"
      role="switch"
      aria-checked={tool.enabled}
      aria-label={label}
      disabled={!canEdit || toggle.isPending}
      onClick={() =>
        toggle.mutate({
          workspaceId,
          appId,
          agentId,
          toolName: tool.name,
          enabled: !tool.enabled,
          hash,
        })
      }
      className={cn(
        "relative inline-flex h-5 w-9 shrink-0 cursor-pointer items-center rounded-full transition-colors disabled:cursor-default disabled:opacity-50",
        "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-(--ring)",
        tool.enabled ? "bg-(--primary)" : "bg-(--input)",
      )}
    >
      <span
        className={cn(
          "inline-block size-4 rounded-full bg-white shadow-sm transition-transform",
          tool.enabled ? "translate-x-4.5" : "translate-x-0.5",
        )}
      />
    </button>
  );
  return (
    <span className="flex items-center gap-2">
      {toggle.error ? (
        <span className="text-xs text-(--destructive)" role="alert">
          {errorMessage(toggle.error)}
        </span>
      ) : null}
      <Tooltip
        wrap={!canEdit}
        content={
          canEdit
            ? "Changes agents.json: the agents must be approved again"
            : "Only the app's creator or a workspace admin can change its agents"
        }
      >
        {button}
      </Tooltip>
    </span>
  );
}

function AgentCard({
  workspaceId,
  appId,
  agent,
  config,
  onRun,
  nextRuns,
}: {
  workspaceId: string;
  appId: string;
  agent: AgentSummary;
  config: Config;
  onRun: (runId?: string) => void;
  nextRuns?: Map<string, { cron: string; scope: "draft" | "published"; nextRunAt: string | null }>;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const start = useMutation(
    trpc.agentRuns.start.mutationOptions({
      onSuccess: (run) => {
        void queryClient.invalidateQueries(trpc.agentRuns.list.queryFilter());
        onRun(run.id);
      },
    }),
  );
  const manual = agent.triggers.some((t) => t.type === "manual");
  const state = config.approval.state;
  const why = !manual
    ? "This agent has no manual trigger: it starts on its own triggers only."
    : state === "none"
      ? "Approve the agents first."
      : state === "stale"
        ? "agents.json changed since it was approved: approve it again first."
        : null;
  const hash = config.declared!.hash;

  return (
    <section
      aria-label={agent.name}
      data-testid={`agent-${agent.id}`}
      className="rounded-xl border bg-(--card) p-4 shadow-xs"
    >
      <AgentHeading agent={agent}>
        <Tooltip wrap={!!why} content={why ?? "Start a run now, on draft data"}>
          <Button
            variant="secondary"
            size="sm"
            disabled={!!why}
            loading={start.isPending}
            onClick={() => start.mutate({ workspaceId, appId, agentId: agent.id })}
          >
            {start.isPending ? null : <Play />}
            Run now
          </Button>
        </Tooltip>
      </AgentHeading>
      {start.error ? (
        <p className="mt-2 text-[13px] text-(--destructive)" role="alert">
          {errorMessage(start.error)}
        </p>
      ) : null}
      <div className="mt-4 border-t pt-4">
        <AgentDetails
          agent={agent}
          scheduleNote={(i) => {
            const s = nextRuns?.get(`${agent.id}:${i}`);
            const trigger = agent.triggers[i];
            // The live version's schedule is shown only where the draft declares the same one.
            if (!s?.nextRunAt || trigger?.type !== "schedule" || trigger.cron !== s.cron)
              return null;
            return (
              <span
                className="text-xs text-(--muted-foreground)"
                title={formatDateTime(s.nextRunAt)}
              >
                · next {formatRelative(s.nextRunAt)}
                {s.scope === "published" ? " on the published app" : ""}
              </span>
            );
          }}
          toolAction={(tool) => (
            <ToolSwitch
              workspaceId={workspaceId}
              appId={appId}
              agentId={agent.id}
              tool={tool}
              hash={hash}
              canEdit={config.canEdit}
            />
          )}
        />
      </div>
    </section>
  );
}
