import type { Db } from "../../db/tenant";
import { sealWorkspace } from "./chain";

export interface Logger {
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
    const run = sealWorkspace(this.db, workspaceId)
      .then(({ pending }) => {
        if (pending) this.schedule(workspaceId, this.retryMs);
      })
      .catch((err: unknown) => {
        this.log.error("audit sealing failed", { workspaceId, err: String(err) });
        this.schedule(workspaceId, this.retryMs * 5);
      })
      .finally(() => this.running.delete(workspaceId));
    this.running.set(workspaceId, run);
    await run;
  }

  /** Seals until nothing committed is left unsealed (other transactions may hold it back briefly). */
  async settle(workspaceId: string, attempts = 400): Promise<void> {
    for (let i = 0; i < attempts; i++) {
      const { pending } = await sealWorkspace(this.db, workspaceId);
      if (!pending) return;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error(`audit events of ${workspaceId} stayed unsealed`);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.due.values()) clearTimeout(t);
    this.due.clear();
    await Promise.all(this.running.values());
  }
}
