import { existsSync } from "node:fs";
import path from "node:path";
import { trpcServer } from "@hono/trpc-server";
import { getTRPCErrorFromUnknown } from "@trpc/server";
import { type Context, Hono } from "hono";
import { serveStatic } from "hono/bun";
import { HTTPException } from "hono/http-exception";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import { createDatabase } from "../../db/client";
import { chainContext } from "../audit/chain";
import { AuditSealer } from "../audit/sealer";
import { AccessCache } from "../auth/access-cache";
import type { SessionClaims } from "../auth/cookie";
import { LocalAuthProvider } from "../auth/local";
import type { Identity } from "../auth/provider";
import { PreviewFiles } from "../builds/builds";
import { type Config, configSecrets } from "../config";
import { checkHealth } from "../health";
import { createLogger, type LogSink, stackFrames } from "../log";
import { QueueClient } from "../queue";
import { AccessGuard } from "../realtime/access";
import { LiveHub, LiveNotifier } from "../realtime/hub";
import { liveStreamRoute } from "../realtime/sse";
import type { Deps, TrpcContext } from "../trpc/context";
import { appRouter } from "../trpc/router";
import { sameOriginRequests } from "./csrf";
import { ownHostOnly } from "./host";
import { registerOauthCallback } from "./oauth-callback";
import { registerPreview } from "./preview";
import { registerSourceExport } from "./source-export";

/** Builds the server: every dependency comes from the config passed in, never from the environment. */
export function createApp(config: Config, opts: { logSink?: LogSink } = {}) {
  const log = createLogger(config.logLevel, "server", opts.logSink, configSecrets(config));
  const db = createDatabase(config.appDatabaseUrl, { max: config.poolSize });
  const hub = new LiveHub(db, log);
  const access = new AccessCache();
  const guard = new AccessGuard(db.sql, log, access);
  // Listening from the start: the access cache is used only while notifications arrive.
  guard.start().catch((err: unknown) => log.error("access channel unavailable", { err }));
  const deps: Deps = {
    config,
    db,
    log,
    auth: new LocalAuthProvider(db.db, config.sessionSecret),
    access,
    sealer: new AuditSealer(db.db, log, chainContext(config)),
    queue: new QueueClient(config, log),
    live: {
      hub,
      notifier: new LiveNotifier(db.sql, hub, log),
      guard,
    },
  };

  const app = new Hono();
  // Hono's default prints the error object, which for a failed query holds its parameters.
  app.onError((err, c) => {
    if (err instanceof HTTPException) return err.getResponse();
    log.error("request failed", {
      requestId: c.get("requestId"),
      method: c.req.method,
      route: c.req.routePath,
      err,
      frames: stackFrames(err),
    });
    return c.json(
      { error: { code: "INTERNAL", message: "Something went wrong on our side. Try again." } },
      500,
    );
  });
  // Hono keeps a client's id only if it is word characters, '-' or '='; 64 is plenty for a trace id.
  app.use("*", requestId({ limitLength: 64 }));
  // Handlers that build their own Response (tRPC) drop headers set before them: stamp it after.
  app.use("*", async (c, next) => {
    await next();
    c.res.headers.set("x-request-id", c.get("requestId"));
  });
  app.use("*", ownHostOnly(config));
  // Preview documents carry their own, stricter headers: registered before the app-wide ones.
  registerPreview(app, config, new PreviewFiles(db));
  app.use(
    "*",
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        // Previews, from this origin or their own (PREVIEW_ORIGIN).
        frameSrc: ["'self'", ...(config.previewOrigin ? [config.previewOrigin] : [])],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
      },
      referrerPolicy: "strict-origin-when-cross-origin",
    }),
  );

  app.get("/healthz", async (c) => {
    const health = await checkHealth(deps);
    return c.json(health, health.status === "ok" ? 200 : 503);
  });

  const sameOrigin = sameOriginRequests(() =>
    config.publicUrl ? [new URL(config.publicUrl).origin] : [],
  );
  // The provider's redirect back is a cross-site navigation: its single-use state guards it.
  registerOauthCallback(app, deps);
  app.use("/api/*", sameOrigin);
  app.use("/trpc/*", sameOrigin);
  registerSourceExport(app, deps);

  const context = async (c: Context, resHeaders: Headers): Promise<TrpcContext> => {
    const claims = await deps.auth.claims(c.req.header("cookie") ?? null);
    let identity: Promise<Identity | null> | undefined;
    return {
      deps,
      claims,
      identity: () => {
        identity ??= claims ? resolveIdentity(deps, claims) : Promise.resolve(null);
        return identity;
      },
      requestId: c.get("requestId"),
      secure:
        c.req.header("x-forwarded-proto") === "https" || new URL(c.req.url).protocol === "https:",
      resHeaders,
    };
  };
  const procedureFailed = (
    error: { code: string; cause?: unknown },
    meta: { path?: string; type: string; requestId?: string },
  ) => {
    if (error.code !== "INTERNAL_SERVER_ERROR") return;
    const err = error.cause ?? error;
    log.error("procedure failed", { ...meta, err, frames: stackFrames(err) });
  };
  app.use(
    "/trpc/live.stream",
    liveStreamRoute(appRouter, context, (err, requestId) =>
      procedureFailed(getTRPCErrorFromUnknown(err), {
        path: "live.stream",
        type: "subscription",
        requestId,
      }),
    ),
  );
  app.use(
    "/trpc/*",
    trpcServer({
      endpoint: "/trpc",
      router: appRouter,
      onError: ({ error, path, type, ctx }) =>
        procedureFailed(error, { path, type, requestId: ctx?.requestId }),
      // A spread: tRPC's adapter wants a plain record type.
      createContext: async (opts, c) => ({ ...(await context(c, opts.resHeaders)) }),
    }),
  );

  const webRoot = path.resolve(config.webDistDir);
  if (config.serveWeb && existsSync(webRoot)) {
    // Built files, then the client's index.html for every other path (client-side routes).
    app.use("*", serveStatic({ root: path.relative(process.cwd(), webRoot) }));
    app.get(
      "*",
      serveStatic({ path: path.join(path.relative(process.cwd(), webRoot), "index.html") }),
    );
  }

  return {
    app,
    deps,
    fetch: app.fetch,
    async close() {
      deps.live.notifier.close();
      await hub.close();
      await deps.live.guard.close();
      await deps.sealer.close();
      await deps.queue.close();
      await db.close();
    },
  };
}

export type SecondApp = ReturnType<typeof createApp>;

/** The identity behind the claims: from the access cache when it may, else from the provider. */
async function resolveIdentity(deps: Deps, claims: SessionClaims): Promise<Identity | null> {
  const hit = deps.access.session(claims);
  if (hit) return { ...claims, ...hit };
  const token = deps.access.token();
  const identity = await deps.auth.resolve(claims);
  if (identity?.expiresAt) {
    const { displayName } = identity;
    deps.access.rememberSession(token, claims, { displayName }, identity.expiresAt);
  }
  return identity;
}
