import type {
  Provider,
  ProviderEvent,
  ProviderMessage,
  ProviderRequest,
  ToolResultPart,
} from "./types";

// A deterministic stand-in for a model: the same conversation always yields the same events.
// It decides one of a few moves from the conversation, then streams it like a model would.
type Move =
  | { kind: "say"; text: string }
  | { kind: "call"; text: string; name: string; input: Record<string, unknown> };

const CHUNK_WORDS = 3;
// How the platform phrases a "request changes" answer to an approval card.
const CHANGES_REQUESTED = "Changes requested:";
const APPROVED = "Approved.";

export function createOfflineProvider(): Provider {
  async function* stream(request: ProviderRequest): AsyncGenerator<ProviderEvent> {
    const move = decide(request);
    const turn = request.messages.filter((m) => m.role === "assistant").length;
    let outputChars = 0;
    for (const chunk of chunks(move.text)) {
      if (request.signal?.aborted) return yield* stopped();
      outputChars += chunk.length;
      yield { type: "text-delta", text: chunk };
    }
    if (move.kind === "call") {
      if (request.signal?.aborted) return yield* stopped();
      const id = `offline_${turn}_${move.name}`;
      const json = JSON.stringify(move.input);
      outputChars += json.length;
      yield { type: "tool-call-start", id, name: move.name };
      yield { type: "tool-call-delta", id, inputDelta: json };
      yield { type: "tool-call", id, name: move.name, input: move.input };
    }
    yield {
      type: "usage",
      inputTokens: estimateTokens(JSON.stringify(request.messages) + request.system),
      outputTokens: estimateTokens("x".repeat(outputChars)),
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
    };
    yield { type: "finish", reason: move.kind === "call" ? "tool_use" : "end_turn" };
  }
  return { id: "offline", stream };
}

function decide({ messages, tools }: ProviderRequest): Move {
  const offered = new Set(tools.map((t) => t.name));
  const last = messages.at(-1);
  const results = last?.role === "user" ? last.content.filter(isToolResult) : [];
  const said = lastUserTextOnly(last);
  const prompt = lastUserText(messages);
  const feedback = results.find((r) => r.content.startsWith(CHANGES_REQUESTED))?.content;
  if (feedback && offered.has("present_plan")) {
    const wanted = feedback.slice(CHANGES_REQUESTED.length).trim();
    const revised = plan(prompt);
    revised.steps.splice(revised.steps.length - 1, 0, `Apply the requested changes: ${wanted}`);
    return {
      kind: "call",
      text: "Thanks. Here is the revised plan with your changes.",
      name: "present_plan",
      input: revised,
    };
  }
  // A new message from the user outranks results of calls it left unanswered.
  if (said === "" && results.some((r) => r.content.startsWith(APPROVED))) {
    return {
      kind: "say",
      text: `Plan approved. I have what I need to build ${subjectOf(prompt)}; the offline builder records the plan here, and writing the app's code is the next step.`,
    };
  }
  if (said === "" && results.length > 0) return { kind: "say", text: afterTools(results) };
  const question = said.trim().endsWith("?");
  if (!question && offered.has("present_plan")) {
    return {
      kind: "call",
      text: "Here is how I would build this. Approve the plan or tell me what to change.",
      name: "present_plan",
      input: plan(prompt),
    };
  }
  if (offered.has("list_files") && /\bfiles?\b/i.test(prompt)) {
    return { kind: "call", text: "Let me look at the files.", name: "list_files", input: {} };
  }
  return { kind: "say", text: answer(prompt) };
}

function plan(prompt: string): { title: string; steps: string[] } {
  const subject = subjectOf(prompt);
  return {
    title: `Build ${subject}`,
    steps: [
      `Define the data model for ${subject}`,
      "Create the list view with search and sorting",
      "Add forms to create, edit and delete records",
      "Check the app in the preview",
    ],
  };
}

function answer(prompt: string): string {
  if (prompt === "") return "Hello! Tell me what you would like to build.";
  const topic = subjectOf(prompt);
  if (prompt.trim().endsWith("?")) {
    return `Good question about ${topic}. I am running offline, so I can only give a short answer: describe the app you want and I will plan and build it step by step.`;
  }
  return `Understood: ${topic}. Tell me when you want me to start, or ask me anything about it.`;
}

function afterTools(results: ToolResultPart[]): string {
  const failed = results.filter((r) => r.isError).length;
  if (failed > 0) return `${failed} of ${results.length} tool calls failed, so I stopped here.`;
  return `Done: ${results.length === 1 ? "the tool call" : `${results.length} tool calls`} finished. What would you like next?`;
}

function subjectOf(prompt: string): string {
  const firstLine = prompt.trim().split(/[.\n?!]/)[0] ?? "";
  const stripped = firstLine
    .replace(/^(please\s+)?(build|create|make|write|design)(\s+me)?\s+/i, "")
    .trim();
  // "A customer tracker" reads as "Build a customer tracker" once it follows a verb.
  const subject =
    stripped === "" ? "your app" : stripped.replace(/^(A|An|The)\b/, (a) => a.toLowerCase());
  return subject.length > 60 ? `${subject.slice(0, 57)}...` : subject;
}

function lastUserText(messages: ProviderMessage[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i]!;
    if (message.role !== "user") continue;
    const texts = message.content.flatMap((p) => (p.type === "text" ? [p.text] : []));
    if (texts.length > 0) return texts.join("\n");
  }
  return "";
}

/** The text of the last message, when it is the user's (ignoring tool results). */
function lastUserTextOnly(message: ProviderMessage | undefined): string {
  if (message?.role !== "user") return "";
  return message.content.flatMap((p) => (p.type === "text" ? [p.text] : [])).join("\n");
}

function isToolResult(part: { type: string }): part is ToolResultPart {
  return part.type === "tool_result";
}

function* chunks(text: string): Generator<string> {
  const words = text.split(/(?<= )/);
  for (let i = 0; i < words.length; i += CHUNK_WORDS)
    yield words.slice(i, i + CHUNK_WORDS).join("");
}

function* stopped(): Generator<ProviderEvent> {
  yield { type: "finish", reason: "stop" };
}

const estimateTokens = (text: string) => Math.ceil(text.length / 4);
