import { useQuery } from "@tanstack/react-query";
import { Check, Copy, FileQuestion, FileWarning, TriangleAlert } from "lucide-react";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { errorMessage } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { Button } from "../ui/button";
import { EmptyState } from "../ui/empty-state";
import { LoadingBlock } from "../ui/spinner";
import { Tooltip } from "../ui/tooltip";
import { formatBytes } from "./file-tree";

/** One saved file's text with line numbers; binary and oversized files say so instead. */
export function SourceView({
  workspaceId,
  appId,
  snapshotId,
  path,
}: {
  workspaceId: string;
  appId: string;
  snapshotId: string;
  path: string;
}) {
  const trpc = useTRPC();
  const file = useQuery(
    trpc.builds.file.queryOptions(
      { workspaceId, appId, snapshotId, path },
      // A saved version never changes.
      { staleTime: Number.POSITIVE_INFINITY },
    ),
  );
  const content = file.data?.content ?? null;
  const lines =
    content === null ? 0 : content.split("\n").length - (content.endsWith("\n") ? 1 : 0);

  return (
    <div className="flex h-full min-h-0 flex-col">
      <div className="flex h-11 shrink-0 items-center gap-3 border-b px-4">
        <h2 className="min-w-0 flex-1 truncate font-mono text-[13px] font-medium" title={path}>
          {path}
        </h2>
        {file.data ? (
          <span className="shrink-0 text-xs text-(--muted-foreground) tabular-nums">
            {content !== null ? `${lines} ${lines === 1 ? "line" : "lines"} · ` : null}
            {formatBytes(file.data.size)}
          </span>
        ) : null}
        {content !== null ? <CopyButton text={content} /> : null}
      </div>
      <div className="min-h-0 flex-1 overflow-auto">
        {file.isPending ? (
          <LoadingBlock label="Loading the file…" />
        ) : file.isError ? (
          <EmptyState icon={TriangleAlert} title="The file couldn't load" className="m-6">
            {errorMessage(file.error)}
          </EmptyState>
        ) : file.data.kind === "binary" ? (
          <EmptyState icon={FileQuestion} title="A binary file" className="m-6">
            It isn't text, so it can't be shown here. It is in the downloaded zip.
          </EmptyState>
        ) : file.data.kind === "too-large" ? (
          <EmptyState icon={FileWarning} title="Too large to show" className="m-6">
            This file is {formatBytes(file.data.size)}. Download the zip to read it.
          </EmptyState>
        ) : (
          <Code text={content ?? ""} lines={lines} />
        )}
      </div>
    </div>
  );
}

function Code({ text, lines }: { text: string; lines: number }) {
  const numbers = Array.from({ length: Math.max(lines, 1) }, (_, i) => i + 1).join("\n");
  return (
    <div className="flex min-w-max py-3 font-mono text-[12.5px] leading-5">
      <pre
        aria-hidden
        className="sticky left-0 shrink-0 border-r bg-(--card) pr-3 pl-4 text-right text-(--muted-foreground)/70 select-none tabular-nums"
      >
        {numbers}
      </pre>
      <pre className="px-4" data-testid="source-code">
        <code>{text}</code>
      </pre>
    </div>
  );
}

function CopyButton({ text }: { text: string }) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const t = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(t);
  }, [copied]);
  return (
    <Tooltip content={copied ? "Copied" : "Copy the file's contents"} side="bottom">
      <Button
        variant="ghost"
        size="icon"
        className="size-7 [&_svg]:size-3.5"
        aria-label="Copy file"
        onClick={() =>
          navigator.clipboard.writeText(text).then(
            () => setCopied(true),
            () => toast.error("The browser didn't allow copying."),
          )
        }
      >
        {copied ? <Check className="text-(--success)" /> : <Copy />}
      </Button>
    </Tooltip>
  );
}
