import path from "node:path";
import type { Hono } from "hono";
import { serveStatic } from "hono/bun";
import { z } from "zod";
import { type PreviewFiles, verifyPreviewToken } from "../builds/builds";
import type { Config } from "../config";

/**
 * A preview document is untrusted code. The browser sandboxes it even if it is opened outside
 * the iframe, and it may load only its own scripts and styles: no network, no frames, no forms
 * sent anywhere. It reaches the platform through postMessage to the bridge alone.
 */
const PREVIEW_CSP = [
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
].join("; ");

/**
 * Who may frame a preview: this origin, and the app's public origin when previews are served
 * from a separate one (PREVIEW_ORIGIN).
 */
function frameAncestors(config: Config): string {
  const app =
    config.previewOrigin && config.publicUrl ? ` ${new URL(config.publicUrl).origin}` : "";
  return `frame-ancestors 'self'${app}`;
}

const BASE_HEADERS = {
  // The sandboxed document's origin is opaque, so its module scripts and stylesheets are
  // cross-origin CORS requests even on this host.
  "Access-Control-Allow-Origin": "*",
  "Cross-Origin-Resource-Policy": "cross-origin",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Cache-Control": "no-cache",
};

const FIXTURE = "/preview/fixture";
const BuildParams = z.object({ workspaceId: z.uuid(), buildId: z.uuid() });

/**
 * Serves the demo app under /preview/fixture/ with the preview headers. Registered before the
 * app-wide security headers, which would otherwise replace these.
 */
export function registerPreview(app: Hono, config: Config, previews: PreviewFiles) {
  const PREVIEW_HEADERS = {
    ...BASE_HEADERS,
    "Content-Security-Policy": `${PREVIEW_CSP}; ${frameAncestors(config)}`,
  };
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

  // A build's artifacts, from Postgres: /preview/<workspace>/<build>/<exp>.<signature>/<file>
  app.get("/preview/:workspaceId/:buildId/:token/*", async (c) => {
    const { workspaceId, buildId, token } = c.req.param();
    const expired = () =>
      c.text(
        "This preview link is not valid or has expired. Reload the app page to get a new one.",
        404,
        PREVIEW_HEADERS,
      );
    if (!BuildParams.safeParse({ workspaceId, buildId }).success) return expired();
    const viewer = verifyPreviewToken(config.sessionSecret, workspaceId, buildId, token);
    if (!viewer || !(await previews.allowed(workspaceId, buildId, viewer))) return expired();
    const prefix = `/preview/${workspaceId}/${buildId}/${token}/`;
    let rest: string;
    try {
      rest = decodeURIComponent(c.req.path.slice(prefix.length));
    } catch {
      return c.text("Not found in this build.", 404, PREVIEW_HEADERS);
    }
    const file = await previews.file(workspaceId, buildId, rest);
    if (!file) return c.text("Not found in this build.", 404, PREVIEW_HEADERS);
    return c.body(file.content as Uint8Array<ArrayBuffer>, 200, {
      ...PREVIEW_HEADERS,
      "Content-Type": file.type,
      "Cache-Control": file.immutable ? "private, max-age=86400, immutable" : "no-cache",
    });
  });
  app.get("/preview/:workspaceId/:buildId/:token", (c) => c.redirect(`${c.req.path}/`, 308));
}
