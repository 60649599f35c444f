import type { MiddlewareHandler } from "hono";
import type { Config } from "../config";

/**
 * In production with PUBLIC_URL set, answers only requests addressed to our own host (previews
 * also to PREVIEW_ORIGIN's), so a rebound or misrouted Host never reaches a route. Health checks
 * are exempt: probes address the process, not the site.
 */
export function ownHostOnly(config: Config): MiddlewareHandler {
  if (config.env !== "production" || !config.publicUrl) return (_c, next) => next();
  const site = new URL(config.publicUrl).host;
  const preview = config.previewOrigin ? new URL(config.previewOrigin).host : site;
  return async (c, next) => {
    const host = c.req.header("host")?.toLowerCase();
    const path = c.req.path;
    const allowed = path.startsWith("/preview/") ? [site, preview] : [site];
    if (path === "/healthz" || (host !== undefined && allowed.includes(host))) return next();
    return c.json(
      { error: { code: "MISDIRECTED", message: "This server does not answer for that host." } },
      421,
    );
  };
}
