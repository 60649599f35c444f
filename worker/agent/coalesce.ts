import type { RunEmitter, RunEvent } from "./events";

type DeltaEvent = Extract<RunEvent, { type: "text-delta" | "reasoning-delta" }>;

export interface CoalesceOptions {
  /** How long a delta may wait for followers before it is sent; default 40 ms. */
  intervalMs?: number;
  now?: () => number;
  /** Runs fn after ms; returns a cancel function. Injected so tests drive time by hand. */
  schedule?: (fn: () => void, ms: number) => () => void;
}

export interface Coalescer {
  emit: RunEmitter;
  /** Sends any buffered delta now and waits until the sink has taken every event. */
  flush(): Promise<void>;
  /** Flushes; later emits are an error. */
  close(): Promise<void>;
}

const defaultSchedule = (fn: () => void, ms: number) => {
  const timer = setTimeout(fn, ms);
  return () => clearTimeout(timer);
};

/** Merges runs of same-kind deltas so a persistence sink writes a row per interval, not per token. */
export function coalesceDeltas(sink: RunEmitter, options: CoalesceOptions = {}): Coalescer {
  const intervalMs = options.intervalMs ?? 40;
  const now = options.now ?? Date.now;
  const schedule = options.schedule ?? defaultSchedule;
  let pending: { event: DeltaEvent; since: number } | null = null;
  let cancelTimer: (() => void) | null = null;
  let chain: Promise<void> = Promise.resolve();
  let closed = false;

  const send = (event: RunEvent): Promise<void> => {
    chain = chain.then(() => sink(event));
    return chain;
  };

  const sendPending = (): Promise<void> => {
    cancelTimer?.();
    cancelTimer = null;
    if (!pending) return chain;
    const { event } = pending;
    pending = null;
    return send(event);
  };

  const emit = (event: RunEvent): Promise<void> => {
    if (closed) throw new Error("coalesceDeltas: emit after close");
    if (event.type !== "text-delta" && event.type !== "reasoning-delta") {
      sendPending();
      return send(event);
    }
    if (pending && pending.event.type === event.type) {
      pending.event = { ...pending.event, text: pending.event.text + event.text };
    } else {
      sendPending();
      pending = { event, since: now() };
      // A paused stream must still show its last words; the sink error surfaces on the next emit.
      cancelTimer = schedule(() => void sendPending().catch(() => {}), intervalMs);
    }
    if (now() - pending.since >= intervalMs) return sendPending();
    return chain;
  };

  return {
    emit,
    flush: sendPending,
    close: () => {
      closed = true;
      return sendPending();
    },
  };
}
