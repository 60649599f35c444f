import path from "node:path";
import type { Hono } from "hono";
import { serveStatic } from "hono/bun";
import type { Config } from "../config";

/**
 * A preview document is untrusted code. The browser sandboxes it even if it is opened outside
 * the iframe, and it may load only its own scripts and styles: no network, no frames, no forms
 * sent anywhere. It reaches the platform through postMessage to the bridge alone.
 */
export const PREVIEW_CSP = [
  "sandbox allow-scripts allow-forms",
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "media-src 'self'",
  "connect-src 'none'",
  "frame-src 'none'",
  "worker-src 'none'",
  "manifest-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
].join("; ");

const PREVIEW_HEADERS = {
  "Content-Security-Policy": PREVIEW_CSP,
  // The sandboxed document's origin is opaque, so its module scripts and stylesheets are
  // cross-origin CORS requests even on this host.
  "Access-Control-Allow-Origin": "*",
  "Cross-Origin-Resource-Policy": "cross-origin",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Cache-Control": "no-cache",
};

const FIXTURE = "/preview/fixture";

/**
 * Serves the demo app under /preview/fixture/ with the preview headers. Registered before the
 * app-wide security headers, which would otherwise replace these.
 */
export function registerPreview(app: Hono, config: Config) {
  const root = path.relative(process.cwd(), path.resolve(config.webDistDir, "fixture-app"));
  app.use(`${FIXTURE}/*`, async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(PREVIEW_HEADERS)) c.res.headers.set(name, value);
  });
  app.get(FIXTURE, (c) => c.redirect(`${FIXTURE}/`, 308));
  app.get(
    `${FIXTURE}/*`,
    serveStatic({ root, rewriteRequestPath: (p) => p.slice(FIXTURE.length) || "/" }),
  );
  app.all(`${FIXTURE}/*`, (c) =>
    c.text("The demo app is not built. Run `npm run build` and reload.", 404),
  );
  // The same files straight from the web build would run without the sandbox: never serve them.
  app.all("/fixture-app/*", (c) => c.notFound());
}
