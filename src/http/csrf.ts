import type { MiddlewareHandler } from "hono";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Cookie-authenticated writes must come from our own pages. Browsers send Sec-Fetch-Site and
 * Origin; a request that carries neither is not a browser riding a victim's cookies.
 */
export function sameOriginWrites(allowedOrigins: () => string[]): MiddlewareHandler {
  return async (c, next) => {
    if (SAFE.has(c.req.method)) return next();
    const site = c.req.header("sec-fetch-site");
    const origin = c.req.header("origin");
    const own = [new URL(c.req.url).origin, ...allowedOrigins()];
    const crossSite = site !== undefined && site !== "same-origin" && site !== "none";
    const foreignOrigin = origin !== undefined && !own.includes(origin);
    if (crossSite || foreignOrigin) {
      return c.json({ error: { code: "FORBIDDEN", message: "Cross-site request refused." } }, 403);
    }
    return next();
  };
}
