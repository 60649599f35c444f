import type { RouterOutputs } from "../../../../src/api-types";

export type RunEvent = { seq: number; type: string; data: Record<string, unknown>; at: string };
export type RunStatus = RouterOutputs["runs"]["get"]["status"];
export type RunSummary = RouterOutputs["runs"]["list"][number];

export type ToolState = "input-streaming" | "input-available" | "output-available" | "output-error";

/** The chat's parts, in the shape of AI SDK UIMessage parts plus the run's own cards. */
export type ChatPart =
  | { kind: "user"; key: string; text: string }
  | { kind: "text"; key: string; text: string }
  | { kind: "reasoning"; key: string; text: string; streaming: boolean }
  | {
      kind: "tool";
      key: string;
      toolCallId: string;
      toolName: string;
      state: ToolState;
      inputText: string;
      input: unknown;
      output?: string;
    }
  | {
      kind: "approval";
      key: string;
      toolCallId: string;
      toolName: string;
      input: unknown;
      answer?: { approve: boolean; feedback: string | null };
    }
  | { kind: "answer"; key: string; approve: boolean; feedback: string | null };

export interface RunView {
  parts: ChatPart[];
  status: RunStatus | null;
  failure: { code?: string; message?: string } | null;
  lastSeq: number;
}

export const ACTIVE: readonly RunStatus[] = ["pending", "running", "awaiting_approval"];
export const isActive = (s: RunStatus | null | undefined) => !!s && ACTIVE.includes(s);

/** Cards the loop stops for: they show as approval cards, not as tool calls. */
const APPROVAL_TOOLS = new Set(["present_plan", "present_suggestions"]);

const str = (v: unknown) => (typeof v === "string" ? v : "");

/** Folds a run's events, in seq order, into chat parts. Events at or below lastSeq are ignored. */
export function foldEvents(view: RunView, events: RunEvent[]): RunView {
  let { parts, status, failure, lastSeq } = view;
  parts = [...parts];
  const toolAt = (id: string) => parts.findIndex((p) => p.kind === "tool" && p.toolCallId === id);
  const closeReasoning = () => {
    const last = parts.at(-1);
    if (last?.kind === "reasoning" && last.streaming) {
      parts[parts.length - 1] = { ...last, streaming: false };
    }
  };

  for (const e of events) {
    if (e.seq <= lastSeq) continue;
    lastSeq = e.seq;
    const d = e.data;
    const key = String(e.seq);
    const last = parts.at(-1);
    switch (e.type) {
      case "user-message":
        parts.push({ kind: "user", key, text: str(d.text) });
        break;
      case "text-delta":
        closeReasoning();
        if (last?.kind === "text")
          parts[parts.length - 1] = { ...last, text: last.text + str(d.text) };
        else parts.push({ kind: "text", key, text: str(d.text) });
        break;
      case "reasoning-delta":
        if (last?.kind === "reasoning")
          parts[parts.length - 1] = { ...last, text: last.text + str(d.text) };
        else parts.push({ kind: "reasoning", key, text: str(d.text), streaming: true });
        break;
      case "tool-input-start": {
        closeReasoning();
        const name = str(d.toolName);
        if (APPROVAL_TOOLS.has(name)) break;
        parts.push({
          kind: "tool",
          key,
          toolCallId: str(d.toolCallId),
          toolName: name,
          state: "input-streaming",
          inputText: "",
          input: undefined,
        });
        break;
      }
      case "tool-input-delta": {
        const at = toolAt(str(d.toolCallId));
        const part = parts[at];
        if (part?.kind === "tool")
          parts[at] = { ...part, inputText: part.inputText + str(d.delta) };
        break;
      }
      case "tool-input-available": {
        const at = toolAt(str(d.toolCallId));
        const part = parts[at];
        if (part?.kind === "tool")
          parts[at] = { ...part, state: "input-available", input: d.input };
        break;
      }
      case "tool-output": {
        const at = toolAt(str(d.toolCallId));
        const part = parts[at];
        if (part?.kind === "tool") {
          parts[at] = {
            ...part,
            state: d.isError ? "output-error" : "output-available",
            output: str(d.output),
          };
        }
        break;
      }
      case "approval":
        closeReasoning();
        parts.push({
          kind: "approval",
          key,
          toolCallId: str(d.toolCallId),
          toolName: str(d.toolName),
          input: d.input,
        });
        break;
      case "approval-answer": {
        const answer = { approve: d.approve === true, feedback: str(d.feedback) || null };
        parts = parts.map((p) => (p.kind === "approval" && !p.answer ? { ...p, answer } : p));
        parts.push({ kind: "answer", key, ...answer });
        break;
      }
      case "status": {
        status = d.status as RunStatus;
        failure =
          status === "failed"
            ? { code: str(d.code) || undefined, message: str(d.message) || undefined }
            : null;
        if (!isActive(status)) closeReasoning();
        break;
      }
    }
  }
  return { parts, status, failure, lastSeq };
}

export const emptyView: RunView = { parts: [], status: null, failure: null, lastSeq: 0 };
