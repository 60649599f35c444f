import { decide } from "../offline/builder";
import type { Provider, ProviderEvent, ProviderRequest } from "./types";

// A deterministic stand-in for a model: the same conversation always yields the same events.
// The offline builder decides the move (worker/offline/builder.ts); this streams it like a model.
// No model runs, so it reports no usage: token counts come only from a provider that bills them.
const CHUNK_WORDS = 3;

export function createOfflineProvider(): Provider {
  async function* stream(request: ProviderRequest): AsyncGenerator<ProviderEvent> {
    const move = decide(request);
    const turn = request.messages.filter((m) => m.role === "assistant").length;
    for (const chunk of chunks(move.text)) {
      if (request.signal?.aborted) return yield* stopped();
      yield { type: "text-delta", text: chunk };
    }
    if (move.kind === "call") {
      for (const [index, call] of move.calls.entries()) {
        if (request.signal?.aborted) return yield* stopped();
        const id = `offline_${turn}_${index}_${call.name}`;
        const json = JSON.stringify(call.input);
        yield { type: "tool-call-start", id, name: call.name };
        yield { type: "tool-call-delta", id, inputDelta: json };
        yield { type: "tool-call", id, name: call.name, input: call.input };
      }
    }
    yield { type: "finish", reason: move.kind === "call" ? "tool_use" : "end_turn" };
  }
  return { id: "offline", stream };
}

function* chunks(text: string): Generator<string> {
  const words = text.split(/(?<= )/);
  for (let i = 0; i < words.length; i += CHUNK_WORDS)
    yield words.slice(i, i + CHUNK_WORDS).join("");
}

function* stopped(): Generator<ProviderEvent> {
  yield { type: "finish", reason: "stop" };
}
