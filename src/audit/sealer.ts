import type { Db } from "../../db/tenant";
import type { ChainContext } from "./chain";
import { SealRefused, sealWorkspace } from "./seal";

export interface Logger {
  info(msg: string, meta?: Record<string, unknown>): void;
  error(msg: string, meta?: Record<string, unknown>): void;
}

/**
 * Seals audit events shortly after they commit, per workspace, off the request path.
 * Events of a transaction still running elsewhere stay pending and are retried.
 */
export class AuditSealer {
  private readonly due = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly running = new Map<string, Promise<void>>();
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    readonly chain: ChainContext,
    private readonly delayMs = 20,
    private readonly retryMs = 200,
  ) {}

  schedule(workspaceId: string, delay = this.delayMs): void {
    if (this.closed || this.due.has(workspaceId)) return;
    const timer = setTimeout(() => {
      this.due.delete(workspaceId);
      void this.flush(workspaceId);
    }, delay);
    this.due.set(workspaceId, timer);
  }

  /** Seals now (waiting for a seal already in progress) and resolves when done. */
  async flush(workspaceId: string): Promise<void> {
    const inFlight = this.running.get(workspaceId);
    if (inFlight) await inFlight;
    const run = this.sealOnce(workspaceId)
      .then((pending) => {
        if (pending) this.schedule(workspaceId, this.retryMs);
      })
      .catch((err: unknown) => {
        if (err instanceof SealRefused) {
          // Not retried: the chain needs a person. The next audited change reports it again.
          this.log.error("audit sealing refused", { workspaceId, code: err.code });
          return;
        }
        this.log.error("audit sealing failed", { workspaceId, err });
        this.schedule(workspaceId, this.retryMs * 5);
      })
      .finally(() => this.running.delete(workspaceId));
    this.running.set(workspaceId, run);
    await run;
  }

  /**
   * Seals until nothing committed is left unsealed. Sealing waits for every transaction older than
   * an event to end (the cluster-wide snapshot horizon), so on a busy cluster this may take a while.
   */
  async settle(workspaceId: string, withinMs = 15_000): Promise<void> {
    const until = performance.now() + withinMs;
    while (performance.now() < until) {
      if (!(await this.sealOnce(workspaceId))) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`audit events of ${workspaceId} stayed unsealed for ${withinMs} ms`);
  }

  /** Seals what is ready; resolves whether events remain unsealed. */
  private async sealOnce(workspaceId: string): Promise<boolean> {
    const { pending, head } = await sealWorkspace(this.db, workspaceId, this.chain);
    // Each new head goes to the log stream too: a copy the database cannot rewrite.
    if (head) this.log.info("audit sealed", { workspaceId, ...head });
    return pending;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.due.values()) clearTimeout(t);
    this.due.clear();
    await Promise.all(this.running.values());
  }
}
