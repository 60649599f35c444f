import type { Hono } from "hono";
import { z } from "zod";
import { appId } from "../apps/schemas";
import { exportSourceZip } from "../builds/builds";
import { ServiceError } from "../errors";
import type { Deps } from "../trpc/context";

const AppParams = z.object({ workspaceId: z.uuid(), appId });

const STATUS = { UNAUTHORIZED: 401, NOT_FOUND: 404, PRECONDITION_FAILED: 409 } as const;

/** GET /api/workspaces/:workspaceId/apps/:appId/source.zip — the app's latest saved source. */
export function registerSourceExport(app: Hono, deps: Deps) {
  app.get("/api/workspaces/:workspaceId/apps/:appId/source.zip", async (c) => {
    const { workspaceId, appId } = c.req.param();
    if (!AppParams.safeParse({ workspaceId, appId }).success) {
      return c.json({ error: "App not found." }, 404);
    }
    try {
      const claims = await deps.auth.claims(c.req.header("cookie") ?? null);
      const { filename, zip } = await exportSourceZip(
        deps.db,
        claims,
        workspaceId,
        appId,
        c.get("requestId"),
      );
      deps.sealer.schedule(workspaceId);
      return c.body(zip as Uint8Array<ArrayBuffer>, 200, {
        "Content-Type": "application/zip",
        "Content-Disposition": `attachment; filename="${filename}"`,
        "Cache-Control": "no-store",
      });
    } catch (err) {
      if (err instanceof ServiceError && err.code in STATUS) {
        return c.json({ error: err.message }, STATUS[err.code as keyof typeof STATUS]);
      }
      throw err;
    }
  });
}
