import { Check, ClipboardList, Lightbulb, MessageSquareText } from "lucide-react";
import { useRef, useState } from "react";
import { useCardFocus } from "../../lib/use-focus-when-idle";
import { cn } from "../../lib/utils";
import { Button } from "../ui/button";
import { FeedbackForm } from "./feedback-form";
import type { ChatPart } from "./run-state";

type ApprovalPart = Extract<ChatPart, { kind: "approval" }>;

export interface Answer {
  approve: boolean;
  feedback?: string;
}

interface PlanInput {
  title?: string;
  steps?: string[];
  summary?: string;
}
interface SuggestionsInput {
  suggestions?: { title: string; subtitle?: string }[];
}

/** The plan or suggestions the agent stopped on; answerable while the run waits for it. */
export function ApprovalCard({
  part,
  waiting,
  busy,
  onAnswer,
}: {
  part: ApprovalPart;
  waiting: boolean;
  busy: boolean;
  onAnswer: (answer: Answer) => void;
}) {
  const [changing, setChanging] = useState(false);
  const open = waiting && !part.answer;
  const plan = part.toolName === "present_plan";
  const input = (part.input ?? {}) as PlanInput & SuggestionsInput;
  const title = plan ? (input.title ?? "Plan") : "Suggested next steps";
  const approve = useRef<HTMLButtonElement>(null);
  const card = useRef<HTMLElement>(null);
  useCardFocus(approve, card, open && !changing);

  return (
    <section
      ref={card}
      tabIndex={-1}
      aria-label={plan ? "Plan" : "Suggestions"}
      className={cn(
        "overflow-hidden rounded-xl border bg-(--card) shadow-xs",
        open && "border-(--primary)/35 ring-4 ring-(--primary)/8",
      )}
    >
      <header className="flex items-start gap-2 border-b bg-(--muted)/40 px-3.5 py-2.5">
        {plan ? (
          <ClipboardList className="mt-px size-4 shrink-0 text-(--primary)" aria-hidden />
        ) : (
          <Lightbulb className="mt-px size-4 shrink-0 text-(--primary)" aria-hidden />
        )}
        <h3 className="min-w-0 flex-1 text-[13px] leading-snug font-semibold">{title}</h3>
        {part.answer ? (
          <span
            className={cn(
              "shrink-0 text-xs font-medium",
              part.answer.approve ? "text-(--success)" : "text-(--muted-foreground)",
            )}
          >
            {part.answer.approve ? "Approved" : "Changes requested"}
          </span>
        ) : null}
      </header>
      <div className="px-3.5 py-3 text-sm">
        {input.summary ? (
          <p className="mb-2.5 leading-relaxed text-(--muted-foreground)">{input.summary}</p>
        ) : null}
        {plan ? (
          <ol className="space-y-2">
            {(input.steps ?? []).map((step, i) => (
              <li key={step} className="flex gap-2.5 leading-snug">
                <span className="mt-px inline-flex size-5 shrink-0 items-center justify-center rounded-full bg-(--accent) text-[11px] font-semibold text-(--accent-foreground)">
                  {i + 1}
                </span>
                <span>{step}</span>
              </li>
            ))}
          </ol>
        ) : (
          <ul className="space-y-1.5">
            {(input.suggestions ?? []).map((s) => (
              <li key={s.title}>
                <button
                  type="button"
                  disabled={!open || busy}
                  onClick={() => onAnswer({ approve: true, feedback: s.title })}
                  className="w-full cursor-pointer rounded-lg border px-3 py-2 text-left transition-colors enabled:hover:border-(--primary)/40 enabled:hover:bg-(--muted)/50 disabled:cursor-default"
                >
                  <span className="block text-[13px] font-medium">{s.title}</span>
                  {s.subtitle ? (
                    <span className="block text-xs text-(--muted-foreground)">{s.subtitle}</span>
                  ) : null}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      {open ? (
        <div className="border-t px-3.5 py-3">
          {changing ? (
            <FeedbackForm
              id={`feedback-${part.key}`}
              placeholder="Add a due date to each task, and skip the charts."
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
              {plan ? (
                <Button
                  ref={approve}
                  size="sm"
                  loading={busy}
                  onClick={() => onAnswer({ approve: true })}
                >
                  {busy ? null : <Check />}
                  Approve
                </Button>
              ) : null}
            </div>
          )}
        </div>
      ) : null}
    </section>
  );
}
