import type { Context, MiddlewareHandler } from "hono";

/**
 * Browsers send Sec-Fetch-Site and (on most requests) Origin; a request that carries neither is
 * not a browser riding a victim's cookies. `none` is a typed address or a bookmark.
 */
function crossSite(c: Context, allowedOrigins: () => string[]): boolean {
  const site = c.req.header("sec-fetch-site");
  const origin = c.req.header("origin");
  const own = [new URL(c.req.url).origin, ...allowedOrigins()];
  const ownOrigin = origin !== undefined && own.includes(origin);
  if (origin !== undefined && !ownOrigin) return true;
  if (site === undefined || site === "same-origin" || site === "none") return false;
  // same-site is another origin on our site: only one of our own origins may send it.
  return !(site === "same-site" && ownOrigin);
}

/**
 * Every cookie-authenticated route (reads too: they return private data, and some write audit
 * rows) answers only our own pages. Preview documents are not behind this: they use signed links.
 */
export function sameOriginRequests(allowedOrigins: () => string[]): MiddlewareHandler {
  return async (c, next) => {
    if (crossSite(c, allowedOrigins)) {
      return c.json({ error: { code: "FORBIDDEN", message: "Cross-site request refused." } }, 403);
    }
    return next();
  };
}
