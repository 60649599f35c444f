import type { Hono } from "hono";
import { z } from "zod";
import { ServiceError } from "../errors";
import { executorOptionsOf } from "../integrations/executor";
import { OAUTH_CALLBACK_PATH, OauthError, oauthCallback } from "../integrations/oauth";
import type { Deps } from "../trpc/context";

const STATUS = {
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
  VALIDATION: 400,
  PRECONDITION_FAILED: 409,
} as const;

const Query = z.object({
  state: z
    .string()
    .max(200)
    .regex(/^[0-9a-f-]{36}\.[A-Za-z0-9_-]{20,100}$/),
  code: z.string().min(1).max(4096).optional(),
  error: z.string().max(200).optional(),
});

/**
 * GET /api/oauth/callback — the provider sends the user's browser back here (a cross-site
 * top-level navigation, so it is registered ahead of the same-origin guard; the state, bound to
 * this user's session and used once, is what protects it). Redirects to the same-origin path the
 * connection started from.
 */
export function registerOauthCallback(app: Hono, deps: Deps) {
  app.get(OAUTH_CALLBACK_PATH, async (c) => {
    const bad = (status: 400 | 401 | 404 | 409, message: string) =>
      c.json({ error: message }, status, { "Cache-Control": "no-store" });
    const parsed = Query.safeParse(c.req.query());
    if (!parsed.success || (!parsed.data.code && !parsed.data.error))
      return bad(
        400,
        "This connection link is not valid. Start again from Settings → Integrations.",
      );
    const { state, code } = parsed.data;
    const workspaceId = state.slice(0, 36);
    const claims = await deps.auth.claims(c.req.header("cookie") ?? null);
    if (!claims) return bad(401, "Sign in, then connect your account again.");
    try {
      const { returnPath } = await oauthCallback(
        {
          db: deps.db,
          keys: deps.config.masterKeys,
          options: executorOptionsOf(deps.config),
          publicUrl: deps.config.publicUrl,
        },
        claims,
        { workspaceId, state, code: code ?? null },
        c.get("requestId"),
      );
      deps.sealer.schedule(workspaceId);
      deps.log.info("oauth callback", {
        requestId: c.get("requestId"),
        workspaceId,
        outcome: new URL(returnPath, "http://x").searchParams.get("oauth"),
      });
      return c.redirect(returnPath, 303);
    } catch (err) {
      if (err instanceof ServiceError && err.code in STATUS) {
        deps.log.info("oauth callback refused", {
          requestId: c.get("requestId"),
          workspaceId,
          reason: err instanceof OauthError ? err.reason : err.code,
        });
        return bad(STATUS[err.code as keyof typeof STATUS], err.message);
      }
      throw err;
    }
  });
}
