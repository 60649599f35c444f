import { initTRPC, TRPCError } from "@trpc/server";
import { z } from "zod";
import { withTenant } from "../../db/tenant";
import type { TenantCtx } from "../context";
import { ServiceError, type ServiceErrorCode } from "../errors";
import { cachedMember, resolveAndRemember } from "../workspaces/membership";
import type { Deps, TrpcContext } from "./context";

const TRPC_CODE: Record<ServiceErrorCode, TRPCError["code"]> = {
  UNAUTHORIZED: "UNAUTHORIZED",
  NOT_FOUND: "NOT_FOUND",
  FORBIDDEN: "FORBIDDEN",
  CONFLICT: "CONFLICT",
  VALIDATION: "BAD_REQUEST",
  LIMIT_EXCEEDED: "UNPROCESSABLE_CONTENT",
  PRECONDITION_FAILED: "PRECONDITION_FAILED",
  TIMEOUT: "TIMEOUT",
};

/** What a procedure declares to the procedure builders. */
export interface ProcedureMeta {
  /** Transaction-local settings its tenant transaction opens with (no statement of their own). */
  tenantSettings?: (deps: Deps) => Readonly<Record<string, string>>;
}

const base = initTRPC.context<TrpcContext>().meta<ProcedureMeta>();
const t = base.create({
  sse: {
    ping: { enabled: true, intervalMs: 5_000 },
    client: { reconnectAfterInactivityMs: 12_000 },
  },
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    if (cause instanceof z.ZodError) {
      const issues = cause.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
      return {
        ...shape,
        message: issues[0]?.message ?? "The request is not valid.",
        data: { ...shape.data, stack: undefined, reason: "VALIDATION", issues },
      };
    }
    const reason = cause instanceof ServiceError ? cause.code : error.code;
    const message =
      error.code === "INTERNAL_SERVER_ERROR"
        ? "Something went wrong on our side. Try again; if it keeps happening, check the server log."
        : shape.message;
    // A service error may name a finer reason (an invite link's "expired", "revoked", …).
    const detail = cause instanceof ServiceError ? cause.details?.reason : undefined;
    const data = { ...shape.data, stack: undefined, reason };
    return { ...shape, message, data: typeof detail === "string" ? { ...data, detail } : data };
  },
});

/**
 * One mapper for domain errors. Anything unknown is answered without details and logged by the
 * adapter's onError (src/http/app.ts), which also sees errors raised inside a stream.
 */
const errors = t.middleware(async ({ next }) => {
  const result = await next();
  const cause = result.ok ? undefined : result.error.cause;
  if (cause instanceof ServiceError) {
    throw new TRPCError({ code: TRPC_CODE[cause.code], message: cause.message, cause });
  }
  return result;
});

export const router = t.router;
export const publicProcedure = t.procedure.use(errors);

const signedOut = () =>
  new TRPCError({
    code: "UNAUTHORIZED",
    message: "You are not signed in, or your session has expired. Sign in again.",
  });
const workspaceNotFound = () =>
  new TRPCError({ code: "NOT_FOUND", message: "Workspace not found." });

export const authedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const identity = await ctx.identity();
  if (!identity) throw signedOut();
  return next({ ctx: { identity } });
});

export const WorkspaceScope = z.object({
  workspaceId: z.uuid("That is not a valid workspace id."),
});

/**
 * Resolves the caller's membership once (from the process's access cache when it may, else in
 * the transaction's first round trip) and runs the procedure inside the tenant transaction.
 * Non-members get the same 404 as a workspace that does not exist.
 */
export const tenantProcedure = publicProcedure
  .input(WorkspaceScope)
  .use(async ({ ctx, input, next, type, meta }) => {
    const claims = ctx.claims;
    if (!claims) throw signedOut();
    const committed: (() => Promise<unknown> | unknown)[] = [];
    const settings = meta?.tenantSettings?.(ctx.deps);
    const result = await withTenant(
      ctx.deps.db.db,
      { workspaceId: input.workspaceId, userId: claims.userId, settings },
      async (tx) => {
        const access = ctx.deps.access;
        const found =
          cachedMember(access, claims, input.workspaceId, ctx.requestId) ??
          (await resolveAndRemember(access, tx, claims, input.workspaceId, ctx.requestId));
        if (found.status === "no-session") throw signedOut();
        if (found.status === "not-member") throw workspaceNotFound();
        const tenant: TenantCtx = {
          tx,
          actor: found.actor,
          settings,
          afterCommit: (fn) => committed.push(fn),
        };
        const out = await next({ ctx: { tenant } });
        // A failed procedure must roll the transaction back, so rethrow instead of returning.
        if (!out.ok) throw out.error;
        return out;
      },
    );
    if (type === "mutation") {
      ctx.deps.sealer.schedule(input.workspaceId);
      ctx.deps.live.notifier.changed(input.workspaceId);
    }
    for (const fn of committed) await fn();
    return result;
  });

/**
 * For subscriptions: the same session and membership check (404 for non-members), in a short
 * transaction of its own — a stream must not hold a transaction open. Re-checked on reconnect.
 */
export const tenantSubscription = publicProcedure
  .input(WorkspaceScope)
  .use(async ({ ctx, input, next }) => {
    const claims = ctx.claims;
    if (!claims) throw signedOut();
    const access = ctx.deps.access;
    const found =
      cachedMember(access, claims, input.workspaceId, ctx.requestId) ??
      (await withTenant(
        ctx.deps.db.db,
        { workspaceId: input.workspaceId, userId: claims.userId },
        (tx) => resolveAndRemember(access, tx, claims, input.workspaceId, ctx.requestId),
      ));
    if (found.status === "no-session") throw signedOut();
    if (found.status === "not-member") throw workspaceNotFound();
    return next({ ctx: { actor: found.actor, sessionId: claims.sessionId } });
  });

/**
 * For mutations that reach outside (outbound HTTP): the same membership check in a short
 * transaction of its own, so none is held while waiting on another system. The procedure opens
 * its own tenant transactions for what it reads and writes.
 */
export const memberProcedure = tenantSubscription;
