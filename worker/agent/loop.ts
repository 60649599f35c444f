import type { ToolFailure } from "../../src/agents/tool-failure";
import type {
  Provider,
  ProviderMessage,
  ToolResultPart,
  ToolUsePart,
  Usage,
  UserMessage,
} from "../providers/types";
import { toolSpecs } from "../tools/builder-specs";
import { findTool, runTool } from "../tools/registry";
import type { BuilderTool, ToolContext, ToolResult } from "../tools/tool";
import { ToolInputError } from "../workspace/paths";
import type { FailureCode, RunEmitter, RunStatus } from "./events";
import { streamTurn, zeroUsage } from "./turn";

export interface AgentLoopOptions<C = ToolContext> {
  provider: Provider;
  model: string;
  system: string;
  /** The transcript so far; its last message is the user's turn. */
  messages: ProviderMessage[];
  tools: readonly BuilderTool<C>[];
  toolContext: C;
  maxTurns: number;
  /** Names of tools that end the run in awaiting_approval instead of running. */
  approvalTools: readonly string[];
  emit: RunEmitter;
  signal?: AbortSignal;
  /** Answers a call of a tool not in `tools` (null: the usual "no such tool" error). */
  unknownTool?: (name: string, input: unknown) => Promise<ToolResult | null>;
  thinking?: { budgetTokens: number };
  maxTokens?: number;
}

export interface PendingApproval {
  toolCallId: string;
  toolName: string;
  input: unknown;
}

export interface AgentLoopResult {
  status: RunStatus;
  /** The input transcript plus every assistant and tool_result turn of this run. */
  messages: ProviderMessage[];
  usage: Usage;
  failure?: { code: FailureCode; message: string };
  /** Set when awaiting_approval: the cards the user must answer. */
  approvals?: PendingApproval[];
  /**
   * Set when awaiting_approval: results for the turn's other tool calls, which the next user
   * turn must carry beside the approval answers (see approvalReply).
   */
  pendingToolResults?: ToolResultPart[];
}

export async function runAgentLoop<C = ToolContext>(
  options: AgentLoopOptions<C>,
): Promise<AgentLoopResult> {
  const { provider, model, emit, signal } = options;
  const messages = [...options.messages];
  const usage = zeroUsage();
  const specs = toolSpecs(options.tools);
  const finish = async (result: Omit<AgentLoopResult, "messages" | "usage">) => {
    await emit({
      type: "run-finish",
      status: result.status,
      ...(result.failure && { failureCode: result.failure.code, message: result.failure.message }),
    });
    return { ...result, messages, usage };
  };

  for (let turn = 0; turn < options.maxTurns; turn++) {
    if (signal?.aborted) return finish({ status: "stopped" });
    const result = await streamTurn(
      provider,
      {
        system: options.system,
        messages,
        tools: specs,
        model,
        signal,
        thinking: options.thinking,
        maxTokens: options.maxTokens,
      },
      emit,
    );
    addUsage(usage, result.usage);
    if (result.usageReported) await emit({ type: "usage", ...result.usage, model });
    await emit({ type: "turn-finish", reason: result.reason });

    // A cut-off turn is left out of the transcript: a tool_use without its result is invalid.
    if (result.reason === "stop" || signal?.aborted) return finish({ status: "stopped" });
    if (result.reason === "error") {
      const message = result.errorMessage ?? "The model provider failed without a message.";
      return finish({ status: "failed", failure: { code: "provider_error", message } });
    }
    if (result.message) messages.push(result.message);
    if (result.toolCalls.length === 0) return finish({ status: "completed" });

    const approvals = await collectApprovals(options, result.toolCalls);
    if (approvals.length > 0) {
      for (const approval of approvals) await emit({ type: "approval", ...approval });
      const waitingOn = new Set(approvals.map((a) => a.toolCallId));
      const pendingToolResults: ToolResultPart[] = [];
      for (const call of result.toolCalls) {
        if (waitingOn.has(call.id)) continue;
        // An invalid approval call is only validated (no side effects); others wait for the answer.
        const part = options.approvalTools.includes(call.name)
          ? await execute(options, call)
          : notRun(call, approvals[0]!.toolName);
        pendingToolResults.push(transcriptPart(part));
        await emitOutput(emit, part);
      }
      return finish({ status: "awaiting_approval", approvals, pendingToolResults });
    }

    const results: ToolResultPart[] = [];
    for (const call of result.toolCalls) {
      const part = signal?.aborted ? stoppedBefore(call) : await execute(options, call);
      results.push(transcriptPart(part));
      await emitOutput(emit, part);
    }
    messages.push({ role: "user", content: results });
  }
  const message = `The agent stopped after ${options.maxTurns} model turns without finishing. Ask it to continue, or split the request into smaller steps.`;
  return finish({ status: "failed", failure: { code: "max_turns", message } });
}

/** The user turn that answers approval cards and resumes the run. */
export function approvalReply(
  pendingToolResults: readonly ToolResultPart[],
  answers: readonly { toolCallId: string; answer: string }[],
): UserMessage {
  const answered = answers.map(
    (a): ToolResultPart => ({ type: "tool_result", toolUseId: a.toolCallId, content: a.answer }),
  );
  return { role: "user", content: [...pendingToolResults, ...answered] };
}

/** Valid approval-stop calls; an invalid one is answered like any bad tool input. */
async function collectApprovals<C>(options: AgentLoopOptions<C>, calls: ToolUsePart[]) {
  const approvals: PendingApproval[] = [];
  for (const call of calls) {
    if (!options.approvalTools.includes(call.name)) continue;
    const tool = findTool(call.name, options.tools);
    const parsed = tool?.input.safeParse(call.input);
    if (parsed && !parsed.success) continue;
    let input = parsed?.data ?? call.input;
    if (tool?.present) {
      try {
        input = await tool.present(options.toolContext, input);
      } catch (err) {
        // No card: the call runs like any tool and answers with the problem.
        if (err instanceof ToolInputError) continue;
        throw err;
      }
    }
    approvals.push({ toolCallId: call.id, toolName: call.name, input });
  }
  return approvals;
}

/** A tool's result as the transcript holds it, and whether it was mock data (for the event). */
type Executed = ToolResultPart & { mock?: { reason: string }; failure?: ToolFailure };

async function execute<C>(options: AgentLoopOptions<C>, call: ToolUsePart): Promise<Executed> {
  let result: ToolResult;
  try {
    const offered = findTool(call.name, options.tools) !== undefined;
    const answered = offered ? null : await options.unknownTool?.(call.name, call.input);
    result = answered ?? (await runTool(call.name, options.toolContext, call.input, options.tools));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    result = { output: `Error: ${call.name} failed unexpectedly: ${reason}`, isError: true };
  }
  return {
    type: "tool_result",
    toolUseId: call.id,
    content: result.output,
    isError: result.isError,
    ...(result.mock && { mock: result.mock }),
    ...(result.failure && { failure: result.failure }),
  };
}

// Side effects wait for the user's answer: the model is told to repeat the call after it.
function notRun(call: ToolUsePart, approvalTool: string): ToolResultPart {
  return {
    type: "tool_result",
    toolUseId: call.id,
    content: `Error: ${call.name} was not run because the run stopped for the user's answer to ${approvalTool}. Call it again after the answer if it is still needed.`,
    isError: true,
  };
}

// Every tool_use still needs its result; after a stop the rest of the turn's calls don't run.
function stoppedBefore(call: ToolUsePart): ToolResultPart {
  return {
    type: "tool_result",
    toolUseId: call.id,
    content: `Error: ${call.name} was not run because the run was stopped.`,
    isError: true,
  };
}

function emitOutput(emit: RunEmitter, part: Executed) {
  return emit({
    type: "tool-output",
    toolCallId: part.toolUseId,
    output: part.content,
    isError: part.isError ?? false,
    ...(part.mock && { mock: true as const, mockReason: part.mock.reason }),
    ...(part.failure && { failure: part.failure }),
  });
}

/** The transcript keeps what the model saw, not the event's mock flag. */
const transcriptPart = ({ mock: _, failure: __, ...part }: Executed): ToolResultPart => part;

function addUsage(total: Usage, add: Usage) {
  total.inputTokens += add.inputTokens;
  total.outputTokens += add.outputTokens;
  total.cacheReadTokens += add.cacheReadTokens;
  total.cacheWriteTokens += add.cacheWriteTokens;
}
