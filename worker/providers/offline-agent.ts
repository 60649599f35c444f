import { type AgentMove, decideAgentMove } from "../offline/agent-decide";
import type { Provider, ProviderEvent, ProviderRequest } from "./types";

// The offline stand-in for an app agent's model: the same request always yields the same events.
// worker/offline/agent-decide.ts reads the request (system prompt, tools offered, transcript) and
// decides the move; this streams it like a model. No model runs, so no usage is reported.
const CHUNK_WORDS = 3;

export function createOfflineAgentProvider(): Provider {
  async function* stream(request: ProviderRequest): AsyncGenerator<ProviderEvent> {
    const move: AgentMove = decideAgentMove(request);
    const turn = request.messages.filter((m) => m.role === "assistant").length;
    const words = move.text.split(/(?<= )/);
    for (let i = 0; i < words.length; i += CHUNK_WORDS) {
      if (request.signal?.aborted) return yield { type: "finish", reason: "stop" };
      yield { type: "text-delta", text: words.slice(i, i + CHUNK_WORDS).join("") };
    }
    for (const [index, call] of move.calls.entries()) {
      if (request.signal?.aborted) return yield { type: "finish", reason: "stop" };
      const id = `offline_agent_${turn}_${index}`;
      yield { type: "tool-call-start", id, name: call.name };
      yield { type: "tool-call-delta", id, inputDelta: JSON.stringify(call.input) };
      yield { type: "tool-call", id, name: call.name, input: call.input };
    }
    yield { type: "finish", reason: move.calls.length > 0 ? "tool_use" : "end_turn" };
  }
  return { id: "offline", stream };
}
