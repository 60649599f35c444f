import { router, tenantProcedure } from "../trpc/init";
import { buildStatus, listSourceFiles, readSourceFile } from "./builds";
import { currentCollections } from "./collections";
import { BuildScopeInput, BuildStatusInput, SourceFileInput, SourceFilesInput } from "./schemas";

export const buildsRouter = router({
  /** The live preview (last good build) and the latest attempt, for the preview panel. */
  status: tenantProcedure.input(BuildScopeInput).query(({ ctx, input }) =>
    buildStatus(
      ctx.tenant,
      {
        secret: ctx.deps.config.sessionSecret,
        origin: ctx.deps.config.previewOrigin ?? "",
        viewer: ctx.claims!,
      },
      input.appId,
      input.scope,
    ),
  ),
  /** The current build's collections.json: typed columns, inputs and checks in the data explorer. */
  collections: tenantProcedure
    .input(BuildStatusInput)
    .query(({ ctx, input }) => currentCollections(ctx.tenant, input.appId)),
  files: tenantProcedure
    .input(SourceFilesInput)
    .query(({ ctx, input }) => listSourceFiles(ctx.tenant, input.appId, input.snapshotId)),
  file: tenantProcedure
    .input(SourceFileInput)
    .query(({ ctx, input }) =>
      readSourceFile(ctx.tenant, input.appId, input.path, input.snapshotId),
    ),
});
