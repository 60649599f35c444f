import { ExternalLink, Globe, History, Lock, PencilRuler, RotateCw } from "lucide-react";
import { useEffect, useState } from "react";
import { formatDateTime, formatRelative } from "../../lib/format";
import type { Scope } from "../../lib/types";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Spinner } from "../ui/spinner";
import { Tooltip } from "../ui/tooltip";
import { formatMs } from "./build-steps";

export interface ShownBuild {
  id: string;
  url: string;
  createdAt: string | Date;
  totalMs: number;
  summary: string;
}

/** Re-renders every `ms`, so relative times stay true. */
function useNow(ms: number) {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

/** Above the preview: what is shown and when it was built, its data, reload and open. */
export function PreviewToolbar({
  build,
  building,
  scope,
  onReload,
  onOpenRuns,
}: {
  build: ShownBuild | null;
  building: boolean;
  scope: Scope;
  onReload: () => void;
  onOpenRuns?: () => void;
}) {
  const now = useNow(30_000);
  return (
    <div className="flex h-10 shrink-0 items-center gap-2 border-b bg-(--muted)/40 px-2 pl-3 text-xs text-(--muted-foreground)">
      <div className="flex min-w-0 flex-1 items-center gap-2" aria-live="polite">
        {building ? (
          <Badge tone="accent">
            <Spinner className="size-3" />
            Building…
          </Badge>
        ) : null}
        {build ? (
          <Tooltip
            side="bottom"
            content={
              <>
                {build.summary ? <span className="block">{build.summary}</span> : null}
                <span className="block opacity-70">{formatDateTime(build.createdAt)}</span>
              </>
            }
          >
            {/* biome-ignore lint/a11y/noNoninteractiveTabindex: the build's summary is in its hint */}
            <span tabIndex={0} className="truncate rounded-sm" data-testid="built-note">
              Built {formatRelative(build.createdAt, now)} · {formatMs(build.totalMs)}
            </span>
          </Tooltip>
        ) : building ? null : (
          <span>No build yet</span>
        )}
      </div>
      <Tooltip
        side="bottom"
        content={
          scope === "draft"
            ? "The preview reads and writes draft data. Switch to Published in the top bar to use your team's live data."
            : "The preview reads and writes your team's published data."
        }
      >
        <Badge tone={scope === "draft" ? "neutral" : "warning"} tabIndex={0}>
          {scope === "draft" ? <PencilRuler aria-hidden /> : <Globe aria-hidden />}
          {scope === "draft" ? "Draft data" : "Published data"}
        </Badge>
      </Tooltip>
      <Tooltip
        wrap
        side="bottom"
        content="The app runs in a sandbox with no network access. It reaches its data only through Second, with your permissions."
      >
        <span className="hidden shrink-0 items-center gap-1 px-1.5 py-0.5 sm:inline-flex">
          <Lock className="size-3" aria-hidden />
          Sandboxed
        </span>
      </Tooltip>
      {onOpenRuns ? (
        <Tooltip content="Agent runs: what this app's agents are doing" side="bottom">
          <Button
            variant="ghost"
            size="icon"
            className="size-7 [&_svg]:size-3.5"
            aria-label="Agent runs"
            onClick={onOpenRuns}
          >
            <History />
          </Button>
        </Tooltip>
      ) : null}
      {build ? (
        <Tooltip content="Reload the preview" side="bottom">
          <Button
            variant="ghost"
            size="icon"
            className="size-7 [&_svg]:size-3.5"
            aria-label="Reload preview"
            onClick={onReload}
          >
            <RotateCw />
          </Button>
        </Tooltip>
      ) : null}
      {build ? (
        <Tooltip content="Opens the built app on its own, without live data" side="bottom">
          <Button variant="ghost" size="icon" className="size-7 [&_svg]:size-3.5" asChild>
            <a
              href={build.url}
              target="_blank"
              rel="noopener noreferrer"
              aria-label="Open in new tab (without live data)"
            >
              <ExternalLink />
            </a>
          </Button>
        </Tooltip>
      ) : null}
    </div>
  );
}
