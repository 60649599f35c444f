import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { ArrowRight, Check, KeyRound, MessageSquareText, PlugZap } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { useTRPC } from "../../lib/trpc";
import { cn } from "../../lib/utils";
import { GrantStatus } from "../integrations/grant-status";
import { Button } from "../ui/button";
import type { Answer } from "./approval-card";
import { FeedbackForm } from "./feedback-form";
import type { ChatPart } from "./run-state";

type ApprovalPart = Extract<ChatPart, { kind: "approval" }>;

/**
 * present_integration_setup: the services the app's tools reach, what each still needs, and the
 * way to Settings → Integrations. Read live from the app's grants, so it shows what is set now.
 */
export function IntegrationSetupCard({
  workspaceId,
  appId,
  part,
  waiting,
  busy,
  onAnswer,
}: {
  workspaceId: string;
  appId: string;
  part: ApprovalPart;
  waiting: boolean;
  busy: boolean;
  onAnswer: (answer: Answer) => void;
}) {
  const trpc = useTRPC();
  const { data } = useQuery(trpc.integrations.app.queryOptions({ workspaceId, appId }));
  const [changing, setChanging] = useState(false);
  const open = waiting && !part.answer;
  const summary = (part.input as { summary?: unknown } | null)?.summary;
  // The services arrive after the card is drawn; keep a waiting card in view as it grows.
  const section = useRef<HTMLElement>(null);
  const loaded = data !== undefined;
  useEffect(() => {
    if (loaded && open) section.current?.scrollIntoView({ block: "nearest" });
  }, [loaded, open]);

  return (
    <section
      ref={section}
      aria-label="Integration setup"
      className={cn(
        "overflow-hidden rounded-xl border bg-(--card) shadow-xs",
        open && "border-(--primary)/35 ring-4 ring-(--primary)/8",
      )}
    >
      <header className="flex items-start gap-2 border-b bg-(--muted)/40 px-3.5 py-2.5">
        <PlugZap className="mt-px size-4 shrink-0 text-(--primary)" aria-hidden />
        <h3 className="min-w-0 flex-1 text-[13px] leading-snug font-semibold">
          Connect outside services
        </h3>
        {part.answer ? (
          <span className="shrink-0 text-xs font-medium text-(--muted-foreground)">
            {part.answer.approve ? "Continued" : "Changes requested"}
          </span>
        ) : null}
      </header>
      <div className="space-y-2.5 px-3.5 py-3 text-sm">
        {typeof summary === "string" ? (
          <p className="leading-relaxed text-(--muted-foreground)">{summary}</p>
        ) : null}
        {data ? (
          <ul className="space-y-2">
            {data.grants.map((g) => (
              <li key={g.id} className="rounded-lg border px-3 py-2">
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <span className="text-[13px] font-semibold">{g.service}</span>
                  <GrantStatus status={g.status} />
                </div>
                <p className="mt-0.5 text-xs text-(--muted-foreground)">
                  <code>{g.domain}</code> · {g.access === "write" ? "read & write" : "read only"}
                  {g.usedBy.length > 0
                    ? ` · used by ${g.usedBy.map((u) => (u.kind === "app" ? `${u.tool} (the app)` : u.tool)).join(", ")}`
                    : ""}
                </p>
                {g.secrets.length > 0 ? (
                  <p className="mt-1 flex flex-wrap items-center gap-1.5 text-xs">
                    <KeyRound className="size-3.5 text-(--muted-foreground)" aria-hidden />
                    {g.secrets.map((s) => (
                      <span
                        key={s.name}
                        className={s.set ? "text-(--success)" : "text-(--warning)"}
                      >
                        <code>{s.name}</code> {s.set ? "set" : "needed"}
                      </span>
                    ))}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        ) : null}
        <Link
          to="/w/$workspaceId/settings/integrations"
          params={{ workspaceId }}
          search={{ app: appId }}
          className="inline-flex items-center gap-1 text-[13px] font-medium text-(--primary) underline-offset-4 hover:underline"
        >
          Open Settings → Integrations
          <ArrowRight className="size-3.5" aria-hidden />
        </Link>
      </div>
      {open ? (
        <div className="border-t px-3.5 py-3">
          {changing ? (
            <FeedbackForm
              id={`feedback-${part.key}`}
              placeholder="Use our Jira site acme.atlassian.net instead."
              busy={busy}
              onSend={(feedback) => onAnswer({ approve: false, feedback })}
              onCancel={() => setChanging(false)}
            />
          ) : (
            <div className="flex flex-wrap justify-end gap-2">
              <Button variant="secondary" size="sm" onClick={() => setChanging(true)}>
                <MessageSquareText />
                Request changes
              </Button>
              <Button size="sm" loading={busy} onClick={() => onAnswer({ approve: true })}>
                {busy ? null : <Check />}
                Continue
              </Button>
            </div>
          )}
        </div>
      ) : null}
    </section>
  );
}
