import { z } from "zod";
import { appId } from "../apps/schemas";
import { scope } from "../data/schemas";
import { storableJson, text } from "../safe-input";
import type { Deps } from "../trpc/context";
import { memberProcedure, router } from "../trpc/init";
import { type AppToolDeps, callAppTool } from "./app-tools";
import { executorOptionsOf } from "./executor";
import { resolveToolCredentials } from "./grants";

export const CallAppToolInput = z.object({
  appId,
  /** The frame's scope: the draft runs under the current approval, published under its version's. */
  scope,
  name: text().regex(/^[a-z][a-z0-9_]{0,63}$/, "That is not a tool name."),
  input: storableJson(
    z.record(text(), z.unknown(), { error: "Input must be a JSON object." }),
  ).default({}),
});

export const appToolDeps = (deps: Deps): AppToolDeps => ({
  db: deps.db,
  options: executorOptionsOf(deps.config),
  credentials: (tx, at) =>
    resolveToolCredentials(tx, deps.config.masterKeys, at, {
      db: deps.db,
      options: executorOptionsOf(deps.config),
    }),
  audited: (ws) => deps.sealer.schedule(ws),
});

/** The app's own backend functions, called by its pages through the bridge as the viewer. */
export const appToolsRouter = router({
  run: memberProcedure
    .input(CallAppToolInput)
    .mutation(({ ctx, input }) => callAppTool(appToolDeps(ctx.deps), ctx.actor, input)),
});
