import { useMutation } from "@tanstack/react-query";
import { MessageSquareShare, Wrench } from "lucide-react";
import { useState } from "react";
import { errorMessage } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { CATEGORY_WORDS, type ChatPart } from "../chat/run-state";
import { Button } from "../ui/button";

type ToolPart = Extract<ChatPart, { kind: "tool" }>;

/**
 * Under a failed custom tool call in the Agent Runs drawer: what failed, in the platform's words,
 * and "Report to builder", which sends the call (with an optional note) to the app's builder as a
 * repair request and opens the chat on it. Once sent, it says so and opens that chat instead.
 */
export function ReportFailure({
  workspaceId,
  runId,
  part,
  onOpenChat,
}: {
  workspaceId: string;
  runId: string;
  part: ToolPart & { failure: NonNullable<ToolPart["failure"]> };
  onOpenChat: () => void;
}) {
  const trpc = useTRPC();
  const [writing, setWriting] = useState(false);
  const [note, setNote] = useState("");
  const report = useMutation(
    trpc.agentRuns.reportToBuilder.mutationOptions({ onSuccess: () => onOpenChat() }),
  );
  const f = part.failure;
  const what = [CATEGORY_WORDS[f.category] ?? f.code, f.httpStatus ? `HTTP ${f.httpStatus}` : null]
    .filter(Boolean)
    .join(" · ");
  const send = () =>
    report.mutate({
      workspaceId,
      runId,
      toolCallId: part.toolCallId,
      note: note.trim() || undefined,
    });
  const noteId = `repair-note-${part.toolCallId}`;

  return (
    <div
      data-testid="tool-failure"
      className="-mt-1 space-y-2 rounded-lg border border-(--destructive)/25 bg-(--destructive)/5 px-3 py-2 text-[13px]"
    >
      <div className="flex flex-wrap items-center gap-2">
        <Wrench className="size-3.5 shrink-0 text-(--destructive)" aria-hidden />
        <p className="min-w-0 flex-1">
          <span className="font-medium">{part.toolName} failed:</span> {what}
          <span className="block truncate font-mono text-xs text-(--muted-foreground)">
            {f.method} {f.domain}
            {f.path}
          </span>
        </p>
        {part.repairRunId ? (
          <Button variant="secondary" size="sm" onClick={onOpenChat}>
            <MessageSquareShare />
            Sent to builder · Open chat
          </Button>
        ) : writing ? null : (
          <Button variant="secondary" size="sm" onClick={() => setWriting(true)}>
            <MessageSquareShare />
            Report to builder
          </Button>
        )}
      </div>
      {writing && !part.repairRunId ? (
        <form
          className="space-y-2"
          onSubmit={(e) => {
            e.preventDefault();
            send();
          }}
        >
          <label htmlFor={noteId} className="text-xs font-medium">
            Note for the builder <span className="text-(--muted-foreground)">(optional)</span>
          </label>
          <textarea
            id={noteId}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            rows={2}
            maxLength={1000}
            // biome-ignore lint/a11y/noAutofocus: the person just asked to write a note
            autoFocus
            placeholder="What the service expects, e.g. the right path or domain"
            className="block w-full resize-none rounded-lg border border-(--input) bg-(--card) px-3 py-2 text-sm outline-none placeholder:text-(--muted-foreground)/70 focus:border-(--ring) focus:ring-4 focus:ring-(--ring)/15"
          />
          <p className="text-xs text-(--muted-foreground)">
            The builder gets the tool, the error and your note — never the integration's secrets,
            headers or the response.
          </p>
          <div className="flex justify-end gap-2">
            <Button variant="ghost" size="sm" onClick={() => setWriting(false)}>
              Cancel
            </Button>
            <Button type="submit" size="sm" loading={report.isPending}>
              Send to builder
            </Button>
          </div>
        </form>
      ) : null}
      {report.error ? (
        <p className="text-(--destructive)" role="alert">
          {errorMessage(report.error)}
        </p>
      ) : null}
    </div>
  );
}
