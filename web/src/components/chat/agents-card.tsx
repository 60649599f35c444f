import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Bot, Check, Info, MessageSquareText, RefreshCw, TriangleAlert } from "lucide-react";
import { useRef, useState } from "react";
import { errorCode, errorMessage } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { useCardFocus } from "../../lib/use-focus-when-idle";
import { cn } from "../../lib/utils";
import { AgentDetails, AgentHeading, type AgentsSummary, shortHash } from "../agents/agent-details";
import { Button } from "../ui/button";
import { Callout } from "../ui/callout";
import { FeedbackForm } from "./feedback-form";
import type { ChatPart } from "./run-state";

type ApprovalPart = Extract<ChatPart, { kind: "approval" }>;
type CardInput = Partial<AgentsSummary> & { summary?: string };

function outcomeOf(part: ApprovalPart, currentHash: string | null | undefined) {
  if (!part.answer) return null;
  if (!part.answer.approve) return { label: "Changes requested", tone: "muted" as const };
  const hash = part.agents?.hash ?? (part.input as CardInput).hash;
  if (currentHash !== undefined && hash && currentHash !== hash)
    return { label: "Stale — the file changed since", tone: "warning" as const };
  return part.agents?.mode === "mock"
    ? { label: "Approved · mock data only", tone: "warning" as const }
    : { label: "Approved live", tone: "success" as const };
}

/**
 * The builder's present_agents card: every agent with what it may touch. Approving approves the
 * exact file shown (live for owners and admins, mock data only for others) and lets the builder go on.
 */
export function AgentsCard({
  workspaceId,
  appId,
  runId,
  part,
  waiting,
}: {
  workspaceId: string;
  appId: string;
  runId: string;
  part: ApprovalPart;
  waiting: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const config = useQuery(trpc.agents.config.queryOptions({ workspaceId, appId }));
  const [changing, setChanging] = useState(false);
  const [shown, setShown] = useState<CardInput>(part.input as CardInput);
  const answer = useMutation(
    trpc.agents.answerCard.mutationOptions({
      onSettled: () => queryClient.invalidateQueries(trpc.agents.pathFilter()),
    }),
  );
  const open = waiting && !part.answer;
  const approve = useRef<HTMLButtonElement>(null);
  const card = useRef<HTMLElement>(null);
  useCardFocus(approve, card, open && !changing);
  const currentHash = config.data?.approval.currentHash;
  const changed =
    open &&
    (errorCode(answer.error) === "CONFLICT" ||
      (currentHash !== undefined && !!shown.hash && currentHash !== shown.hash));
  const outcome = outcomeOf(part, currentHash);
  const admin = config.data?.canApproveLive ?? true;
  const agents = shown.agents ?? [];

  const reload = async () => {
    answer.reset();
    const fresh = await queryClient.fetchQuery(
      trpc.agents.config.queryOptions({ workspaceId, appId }, { staleTime: 0 }),
    );
    if (fresh.declared) setShown({ ...fresh.declared, summary: shown.summary });
  };

  return (
    <section
      ref={card}
      tabIndex={-1}
      aria-label="Agents for approval"
      data-testid="agents-card"
      className={cn(
        "overflow-hidden rounded-xl border bg-(--card) shadow-xs",
        open && "border-(--primary)/35 ring-4 ring-(--primary)/8",
      )}
    >
      <header className="flex items-start gap-2 border-b bg-(--muted)/40 px-3.5 py-2.5">
        <Bot className="mt-px size-4 shrink-0 text-(--primary)" aria-hidden />
        <h3 className="min-w-0 flex-1 text-[13px] leading-snug font-semibold">
          {agents.length === 1 ? "Approve 1 agent" : `Approve ${agents.length} agents`}
        </h3>
        {outcome ? (
          <span
            data-testid="agents-card-outcome"
            className={cn(
              "shrink-0 text-xs font-medium",
              outcome.tone === "success" && "text-(--success)",
              outcome.tone === "warning" && "text-(--warning)",
              outcome.tone === "muted" && "text-(--muted-foreground)",
            )}
          >
            {outcome.label}
          </span>
        ) : null}
      </header>
      <div className="space-y-4 px-3.5 py-3 text-sm">
        {shown.summary ? (
          <p className="leading-relaxed text-(--muted-foreground)">{shown.summary}</p>
        ) : null}
        {agents.map((agent) => (
          <div key={agent.id} className="space-y-3">
            <AgentHeading agent={agent} />
            <AgentDetails agent={agent} />
          </div>
        ))}
        {shown.appTools && shown.appTools.length > 0 ? (
          <p className="text-xs text-(--muted-foreground)">
            App tools: {shown.appTools.map((t) => t.name).join(", ")}
          </p>
        ) : null}
        {shown.hash ? (
          <p className="font-mono text-[11px] text-(--muted-foreground)" title={shown.hash}>
            agents.json · {shortHash(shown.hash)}
          </p>
        ) : null}
        {changed ? (
          <Callout
            icon={TriangleAlert}
            tone="danger"
            title="agents.json changed since this card was shown"
            action={
              <Button variant="secondary" size="sm" onClick={reload}>
                <RefreshCw />
                Show the current agents
              </Button>
            }
          >
            Review what the file says now before approving it.
          </Callout>
        ) : answer.error ? (
          <Callout icon={TriangleAlert} tone="danger">
            {errorMessage(answer.error)}
          </Callout>
        ) : null}
        {(open && !admin) || (part.answer?.approve && part.agents?.mode === "mock") ? (
          <Callout icon={Info} tone="neutral">
            {open
              ? "Only a workspace owner or admin can approve agents for live use. Your approval lets them run with mock data: their custom tools answer with sample responses."
              : "Approved by someone who is not an owner or admin: custom tools answer with mock data until an owner or admin approves the agents."}
          </Callout>
        ) : null}
      </div>
      {open ? (
        <div className="border-t px-3.5 py-3">
          {changing ? (
            <FeedbackForm
              id={`agents-feedback-${part.key}`}
              placeholder="Let the triage agent only read customers."
              busy={answer.isPending}
              onSend={(feedback) =>
                answer.mutate({
                  workspaceId,
                  runId,
                  approve: false,
                  hash: shown.hash ?? "",
                  feedback,
                })
              }
              onCancel={() => setChanging(false)}
            />
          ) : (
            <div className="flex flex-wrap justify-end gap-2">
              <Button variant="secondary" size="sm" onClick={() => setChanging(true)}>
                <MessageSquareText />
                Request changes
              </Button>
              <Button
                ref={approve}
                size="sm"
                loading={answer.isPending}
                disabled={changed || !shown.hash}
                onClick={() =>
                  answer.mutate({ workspaceId, runId, approve: true, hash: shown.hash ?? "" })
                }
              >
                {answer.isPending ? null : <Check />}
                {admin ? "Approve" : "Approve for mock data"}
              </Button>
            </div>
          )}
        </div>
      ) : null}
    </section>
  );
}
