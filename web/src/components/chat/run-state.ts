import type { RouterOutputs } from "../../../../src/api-types";

export type RunEvent = { seq: number; type: string; data: Record<string, unknown>; at: string };
export type RunStatus = RouterOutputs["runs"]["get"]["status"];
export type RunSummary = RouterOutputs["runs"]["list"][number];

export type BuildProblem = NonNullable<
  RouterOutputs["builds"]["status"]["latest"]
>["problems"][number];
export type BuildStepName = "collect" | "typecheck" | "bundle" | "save";
/** "stopped": the run was stopped while the step ran, so the build was abandoned. */
export type BuildStepState = "running" | "done" | "failed" | "stopped";

/** One done_building call as its events tell it: the steps so far, then how it ended. */
export interface BuildProgress {
  toolCallId: string | null;
  steps: Partial<Record<BuildStepName, { state: BuildStepState; ms?: number }>>;
  finish: {
    status: "succeeded" | "failed" | "stopped";
    buildId: string | null;
    ms: number;
    fileCount: number;
    problems: BuildProblem[];
  } | null;
}

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
      build?: BuildProgress;
      /** An app agent's custom tool answered with its mock data, and why. */
      mock?: string;
      /** An app agent's custom tool call failed: how the platform classified it. */
      failure?: ToolFailureView;
      /** The builder run this failed call was sent to, once reported. */
      repairRunId?: string;
    }
  | {
      kind: "approval";
      key: string;
      toolCallId: string;
      toolName: string;
      input: unknown;
      answer?: { approve: boolean; feedback: string | null };
      /** present_agents: what approving it approved. */
      agents?: { hash: string; mode: "live" | "mock" };
    }
  | { kind: "answer"; key: string; approve: boolean; feedback: string | null }
  /** An app agent wrote app data. */
  | { kind: "data-change"; key: string; collection: string; documentId: string; op: string }
  /** An app agent's tool call was refused, or it reported one failed. */
  | {
      kind: "notice";
      key: string;
      title: string;
      text: string;
      /** A publishing message (review decided or closed); otherwise a refusal or failure. */
      review?: "approved" | "changes_requested" | "superseded";
    }
  /** A builder run that starts from a failed tool call of an app agent. */
  | { kind: "repair"; key: string; text: string; repair: RepairView };

export interface ToolFailureView {
  category: string;
  code: string;
  httpStatus: number | null;
  method: string;
  domain: string;
  path: string;
}

export interface RepairView extends ToolFailureView {
  agentName: string;
  toolName: string;
  hint: string;
  agentNote: string | null;
  reportedBy: string | null;
  note: string | null;
}

/** What a failure looks like in words: "not found · HTTP 404". */
export const CATEGORY_WORDS: Record<string, string> = {
  auth: "authentication refused",
  rate_limit: "rate limited",
  not_found: "not found",
  server: "server error",
  network: "unreachable",
  request: "bad request",
  refused: "refused by Second",
};

function failureOf(v: unknown): ToolFailureView | undefined {
  if (!v || typeof v !== "object") return undefined;
  const f = v as Record<string, unknown>;
  return {
    category: str(f.category),
    code: str(f.code),
    httpStatus: num(f.httpStatus) ?? null,
    method: str(f.method),
    domain: str(f.domain),
    path: str(f.path),
  };
}

function repairOf(v: unknown): RepairView | undefined {
  const failure = failureOf(v);
  if (!failure) return undefined;
  const r = v as Record<string, unknown>;
  const by = (r.reportedBy ?? {}) as Record<string, unknown>;
  return {
    ...failure,
    agentName: str(r.agentName),
    toolName: str(r.toolName),
    hint: str(r.hint),
    agentNote: str(r.agentNote) || null,
    reportedBy: by.kind === "person" ? str(by.name) : null,
    note: by.kind === "person" ? str(by.note) || null : null,
  };
}

export interface RunView {
  parts: ChatPart[];
  status: RunStatus | null;
  failure: { code?: string; message?: string } | null;
  lastSeq: number;
  /** The run's latest build, if it has called done_building. */
  build: BuildProgress | null;
}

export const ACTIVE: readonly RunStatus[] = ["pending", "running", "awaiting_approval"];
export const isActive = (s: RunStatus | null | undefined) => !!s && ACTIVE.includes(s);

/** Cards the loop stops for: they show as approval cards, not as tool calls. */
const APPROVAL_TOOLS = new Set([
  "present_plan",
  "present_suggestions",
  "present_agents",
  "present_integration_setup",
]);

const str = (v: unknown) => (typeof v === "string" ? v : "");
const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
const STEPS = new Set<string>(["collect", "typecheck", "bundle", "save"]);
const STEP_STATES = new Set<string>(["running", "done", "failed"]);

function problemsOf(v: unknown): BuildProblem[] {
  if (!Array.isArray(v)) return [];
  return v
    .filter((p): p is Record<string, unknown> => !!p && typeof p === "object")
    .map((p) => ({
      source: p.source === "typecheck" || p.source === "workspace" ? p.source : "build",
      file: typeof p.file === "string" ? p.file : null,
      line: num(p.line) ?? null,
      column: num(p.column) ?? null,
      message: str(p.message),
    }));
}

/** Folds a run's events, in seq order, into chat parts. Events at or below lastSeq are ignored. */
export function foldEvents(view: RunView, events: RunEvent[]): RunView {
  let { parts, status, failure, lastSeq, build } = view;
  parts = [...parts];
  const toolAt = (id: string) => parts.findIndex((p) => p.kind === "tool" && p.toolCallId === id);
  const closeReasoning = () => {
    const last = parts.at(-1);
    if (last?.kind === "reasoning" && last.streaming) {
      parts[parts.length - 1] = { ...last, streaming: false };
    }
  };

  // Build events arrive while done_building runs, so they belong to its (latest) tool card.
  const setBuild = (next: BuildProgress) => {
    build = next;
    const at = next.toolCallId ? toolAt(next.toolCallId) : -1;
    const part = parts[at];
    if (part?.kind === "tool") parts[at] = { ...part, build: next };
  };
  const buildingTool = () =>
    parts.findLast((p) => p.kind === "tool" && p.toolName === "done_building") as
      | Extract<ChatPart, { kind: "tool" }>
      | undefined;

  for (const e of events) {
    if (e.seq <= lastSeq) continue;
    lastSeq = e.seq;
    const d = e.data;
    const key = String(e.seq);
    const last = parts.at(-1);
    switch (e.type) {
      case "user-message": {
        const repair = repairOf(d.repair);
        parts.push(
          repair
            ? { kind: "repair", key, text: str(d.text), repair }
            : { kind: "user", key, text: str(d.text) },
        );
        break;
      }
      case "repair-requested": {
        const at = toolAt(str(d.toolCallId));
        const part = parts[at];
        if (part?.kind === "tool") parts[at] = { ...part, repairRunId: str(d.builderRunId) };
        break;
      }
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
            ...(d.mock === true && { mock: str(d.mockReason) || "mock" }),
            ...(d.isError === true && d.failure ? { failure: failureOf(d.failure) } : {}),
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
      case "data-change":
        closeReasoning();
        parts.push({
          kind: "data-change",
          key,
          collection: str(d.collection),
          documentId: str(d.documentId),
          op: str(d.op),
        });
        break;
      case "review-notice":
        parts.push({
          kind: "notice",
          key,
          title: str(d.title),
          text: str(d.text),
          review:
            d.kind === "approved" || d.kind === "changes_requested" || d.kind === "superseded"
              ? d.kind
              : "superseded",
        });
        break;
      case "tool-refused":
        parts.push({
          kind: "notice",
          key,
          title: `${str(d.toolName)} was refused`,
          text: str(d.message),
        });
        break;
      case "tool-failure-reported":
        parts.push({
          kind: "notice",
          key,
          title: `${str(d.toolName)} failed`,
          text: str(d.reason),
        });
        break;
      case "agents-approved": {
        const agents = {
          hash: str(d.hash),
          mode: d.mode === "mock" ? ("mock" as const) : ("live" as const),
        };
        parts = parts.map((p) =>
          p.kind === "approval" && p.toolName === "present_agents" && !p.answer
            ? { ...p, agents }
            : p,
        );
        break;
      }
      case "approval-answer": {
        const answer = { approve: d.approve === true, feedback: str(d.feedback) || null };
        parts = parts.map((p) => (p.kind === "approval" && !p.answer ? { ...p, answer } : p));
        parts.push({ kind: "answer", key, ...answer });
        break;
      }
      case "build-step": {
        const step = str(d.step);
        const state = str(d.state);
        if (!STEPS.has(step) || !STEP_STATES.has(state)) break;
        const fresh =
          !build || build.finish !== null || (step === "collect" && state === "running");
        const base: BuildProgress = fresh
          ? { toolCallId: buildingTool()?.toolCallId ?? null, steps: {}, finish: null }
          : (build as BuildProgress);
        setBuild({
          ...base,
          steps: {
            ...base.steps,
            [step]: { state: state as BuildStepState, ms: num(d.ms) },
          },
        });
        break;
      }
      case "build-finish": {
        const base = build && !build.finish ? build : null;
        const status = d.status === "succeeded" || d.status === "stopped" ? d.status : "failed";
        const steps = { ...base?.steps };
        if (status === "stopped") {
          for (const [name, step] of Object.entries(steps)) {
            if (step?.state === "running") steps[name as BuildStepName] = { state: "stopped" };
          }
        }
        setBuild({
          toolCallId: base?.toolCallId ?? buildingTool()?.toolCallId ?? null,
          steps,
          finish: {
            status,
            buildId: str(d.buildId) || null,
            ms: num(d.ms) ?? 0,
            fileCount: num(d.fileCount) ?? 0,
            problems: problemsOf(d.problems),
          },
        });
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
  return { parts, status, failure, lastSeq, build };
}

export const emptyView: RunView = {
  parts: [],
  status: null,
  failure: null,
  lastSeq: 0,
  build: null,
};

/** The run's build while it is under way: steps reported, no finish yet, run still going. */
export const buildUnderWay = (view: Pick<RunView, "build" | "status">) =>
  view.build && !view.build.finish && isActive(view.status) ? view.build : null;
