import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { agentRuns } from "../../db/schema";
import { withTenant } from "../../db/tenant";
import type { Config } from "../../src/config";
import type { LiveNotifier } from "../../src/realtime/hub";
import { appendRunEvents, type RunEventInput } from "../../src/runs/events";
import { costMicros, OPENAI_COMPATIBLE, providerSetup, type Usage } from "../../src/runs/models";
import { type Coalescer, coalesceDeltas } from "../agent/coalesce";
import type { RunEvent } from "../agent/events";
import type { AgentLoopResult } from "../agent/loop";
import { createAnthropicProvider } from "../providers/anthropic";
import { createOpenAICompatibleProvider } from "../providers/openai-compatible";
import type { Provider } from "../providers/types";

const STOP_POLL_MS = 400;

export type Run = typeof agentRuns.$inferSelect;

/** A loop event as a stored run event: its type beside its fields. */
export function stored(event: RunEvent): RunEventInput {
  const { type, ...data } = event;
  return { type, data };
}

/**
 * The run's provider, as chosen when the run was created (src/runs/models.ts selectProvider):
 * Claude, the OpenAI-compatible model server, or the given offline stand-in. Builder and
 * app-agent runs both come through here.
 */
export function providerFor(config: Config, run: Run, offline: () => Provider): Provider {
  if (run.provider === "anthropic") {
    if (!config.anthropic)
      throw new Error("The anthropic provider is not configured on this worker.");
    return createAnthropicProvider(config.anthropic);
  }
  if (run.provider === OPENAI_COMPATIBLE) {
    if (!config.openaiCompatible)
      throw new Error("The OpenAI-compatible provider is not configured on this worker.");
    return createOpenAICompatibleProvider(config.openaiCompatible);
  }
  return offline();
}

/** What the run's usage cost, in millionths of a dollar, at this worker's configured prices. */
export function runCost(config: Config, run: Run, usage: Usage): number {
  return costMicros(run.provider, run.model, usage, providerSetup(config));
}

/**
 * How a worker reads and writes one run: its row, state changes with their events (each in its
 * own tenant transaction, then a live hint), a stop poll, and a coalescing event sink.
 */
/** What a finished loop writes on its run row and as its last event, whatever the run's kind. */
export function loopOutcome(config: Config, run: Run, result: AgentLoopResult) {
  const u = result.usage;
  const values = {
    status: result.status,
    transcript: result.messages,
    failureCode: result.failure?.code ?? null,
    failureMessage: result.failure?.message ?? null,
    inputTokens: u.inputTokens,
    outputTokens: u.outputTokens,
    cacheReadTokens: u.cacheReadTokens,
    cacheWriteTokens: u.cacheWriteTokens,
    costMicros: runCost(config, run, u),
  } satisfies Partial<Run>;
  const events: RunEventInput[] = [
    { type: "status", data: { status: result.status, ...(result.failure ?? {}) } },
  ];
  return { values, events };
}

export function runIO(db: Database, notifier: LiveNotifier, workspaceId: string, runId: string) {
  const scope = { workspaceId };
  const byId = and(eq(agentRuns.workspaceId, workspaceId), eq(agentRuns.id, runId));
  return {
    async read(): Promise<Run | undefined> {
      const [run] = await withTenant(db.db, scope, (tx) => tx.select().from(agentRuns).where(byId));
      return run;
    },
    update(values: Partial<Run>, events: RunEventInput[] = []) {
      return withTenant(db.db, scope, async (tx) => {
        await tx
          .update(agentRuns)
          .set({ ...values, updatedAt: new Date() })
          .where(byId);
        await appendRunEvents(tx, workspaceId, runId, events);
      }).then(() => notifier.changed(workspaceId));
    },
    /** Aborts the controller once the run is asked to stop; returns the poll's cancel. */
    pollStop(abort: AbortController): () => void {
      const poll = setInterval(() => {
        void withTenant(db.db, scope, (tx) =>
          tx.select({ stop: agentRuns.stopRequested }).from(agentRuns).where(byId),
        )
          .then(([r]) => r?.stop && abort.abort())
          .catch(() => {});
      }, STOP_POLL_MS);
      return () => clearInterval(poll);
    },
    events(): Coalescer {
      return coalesceDeltas((event) =>
        withTenant(db.db, scope, (tx) =>
          appendRunEvents(tx, workspaceId, runId, [stored(event)]),
        ).then(() => notifier.changed(workspaceId)),
      );
    },
  };
}

/** The message and event of a run whose worker died while it ran. */
export function workerLost(what: string) {
  const message = `The worker running this ${what} stopped unexpectedly. Try again to continue.`;
  return {
    values: {
      status: "failed" as const,
      failureCode: "worker_lost",
      failureMessage: message,
      finishedAt: new Date(),
    },
    events: [{ type: "status", data: { status: "failed", failureCode: "worker_lost", message } }],
  };
}
