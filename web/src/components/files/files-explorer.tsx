import { useQuery } from "@tanstack/react-query";
import { Download, FileCode, TriangleAlert } from "lucide-react";
import { errorMessage } from "../../lib/errors";
import { formatRelative } from "../../lib/format";
import { useTRPC } from "../../lib/trpc";
import { Button } from "../ui/button";
import { EmptyState } from "../ui/empty-state";
import { LoadingBlock } from "../ui/spinner";
import { Tooltip } from "../ui/tooltip";
import { FileTree, formatBytes } from "./file-tree";
import { SourceView } from "./source-view";

const DEFAULT_FILE = "src/App.tsx";

/** The app's latest saved source: a file tree, the chosen file, and the whole as a zip. */
export function FilesExplorer({
  workspaceId,
  appId,
  file,
  onSelect,
}: {
  workspaceId: string;
  appId: string;
  file: string | undefined;
  onSelect: (path: string) => void;
}) {
  const trpc = useTRPC();
  const saved = useQuery(trpc.builds.files.queryOptions({ workspaceId, appId }));

  if (saved.isPending) return <LoadingBlock label="Loading files…" />;
  if (saved.isError) {
    return (
      <div className="p-6">
        <EmptyState icon={TriangleAlert} title="The files couldn't load">
          {errorMessage(saved.error)}
        </EmptyState>
      </div>
    );
  }
  const { snapshotId, files, totalBytes, createdAt } = saved.data;
  if (!snapshotId || files.length === 0) {
    return (
      <div className="p-4 md:p-6">
        <EmptyState icon={FileCode} title="Files appear after the first successful build">
          Each time the builder builds the app, it saves the source here, to read or download.
        </EmptyState>
      </div>
    );
  }
  const paths = new Set(files.map((f) => f.path));
  const selected =
    file && paths.has(file) ? file : paths.has(DEFAULT_FILE) ? DEFAULT_FILE : files[0]?.path;

  return (
    <div className="flex h-full min-h-0 flex-col md:flex-row">
      <aside
        aria-label="Files"
        className="flex max-h-72 shrink-0 flex-col border-b bg-(--sidebar)/60 md:max-h-none md:w-72 md:border-r md:border-b-0"
      >
        <div className="flex items-center gap-2 px-3 pt-3 pb-2">
          <div className="min-w-0 flex-1 px-1">
            <h2 className="text-xs font-medium text-(--muted-foreground)">
              {files.length} {files.length === 1 ? "file" : "files"} · {formatBytes(totalBytes)}
            </h2>
            {createdAt ? (
              <p className="truncate text-[11px] text-(--muted-foreground)/80">
                Saved {formatRelative(createdAt)}
              </p>
            ) : null}
          </div>
          <Tooltip content="The latest saved version, as a zip" side="bottom">
            <Button variant="secondary" size="sm" asChild>
              <a href={`/api/workspaces/${workspaceId}/apps/${appId}/source.zip`} download>
                <Download />
                Download .zip
              </a>
            </Button>
          </Tooltip>
        </div>
        <div className="min-h-0 flex-1 overflow-y-auto px-2 pb-3">
          <FileTree files={files} selected={selected} onSelect={onSelect} />
        </div>
      </aside>
      <section className="min-h-0 min-w-0 flex-1 bg-(--card)">
        {selected ? (
          <SourceView
            key={`${snapshotId}:${selected}`}
            workspaceId={workspaceId}
            appId={appId}
            snapshotId={snapshotId}
            path={selected}
          />
        ) : null}
      </section>
    </div>
  );
}
