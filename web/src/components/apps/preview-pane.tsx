import { useQuery } from "@tanstack/react-query";
import {
  AppWindow,
  ChevronRight,
  CircleX,
  FlaskConical,
  Globe,
  Lock,
  TriangleAlert,
} from "lucide-react";
import { Collapsible } from "radix-ui";
import { useState } from "react";
import type { RouterOutputs } from "../../../../src/api-types";
import { AppFrame } from "../../bridge/app-frame";
import type { Pin } from "../../bridge/relay";
import { errorMessage } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { cn } from "../../lib/utils";
import type { BuildProblem, BuildProgress } from "../chat/run-state";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { EmptyState } from "../ui/empty-state";
import { LoadingBlock, Spinner } from "../ui/spinner";
import { Tooltip } from "../ui/tooltip";
import { BuildProblems, problemCount } from "./build-problems";
import { BuildSteps } from "./build-steps";
import { PreviewToolbar, type ShownBuild } from "./preview-toolbar";

/** A sample app on the SDK, reachable with ?preview=demo; the main flow shows real builds. */
const DEMO_APP_SRC = "/preview/fixture/";

type Current = NonNullable<RouterOutputs["builds"]["status"]["current"]>;

/**
 * The build the iframe shows. Its signed URL is re-issued every hour, but the old one stays
 * valid for a day, so the iframe keeps its URL (and state) until the build itself changes. A
 * draft follows its builds at once; a published app in use is not swapped under the person
 * using it: a newer version waits (`newer`) until they open it.
 */
function useShownBuild(current: Current | null, hold: boolean) {
  const [shown, setShown] = useState<ShownBuild | null>(null);
  const open = (build: Current) => {
    const next = { ...build, url: build.previewUrl };
    setShown(next);
    return next;
  };
  if (current && current.id !== shown?.id && (!hold || !shown)) {
    return { shown: open(current), newer: null, openNewer: () => {} };
  }
  const newer = current && shown && current.id !== shown.id ? current : null;
  return { shown, newer, openNewer: () => newer && open(newer) };
}

// How often a published app in use asks whether a new version was published.
const PUBLISHED_CHECK_MS = 30_000;

/** The app's last good build in the sandbox, with the build under way or the last failure. */
export function PreviewPane({
  pin,
  appName,
  building,
  demo,
  holdNewVersions = false,
  onOpenRuns,
}: {
  pin: Pin;
  appName: string;
  building: BuildProgress | null;
  demo: boolean;
  /** A viewer's published app is not swapped under them: a new version waits to be opened. */
  holdNewVersions?: boolean;
  onOpenRuns?: () => void;
}) {
  const trpc = useTRPC();
  const status = useQuery(
    trpc.builds.status.queryOptions(
      { workspaceId: pin.workspaceId, appId: pin.appId, scope: pin.scope },
      {
        refetchOnWindowFocus: "always",
        refetchInterval: pin.scope === "published" ? PUBLISHED_CHECK_MS : false,
      },
    ),
  );
  const published = pin.scope === "published";
  // The published app does not change while the draft builds.
  const draftBuilding = published ? null : building;
  const [reloads, setReloads] = useState(0);
  const { shown, newer, openNewer } = useShownBuild(
    status.data?.current ?? null,
    published && holdNewVersions,
  );
  const latest = status.data?.latest;
  const failed = !draftBuilding && latest?.status === "failed" ? latest : null;
  const title = `${appName} preview`;

  if (demo) return <DemoPreview pin={pin} title={title} />;

  let body: React.ReactNode;
  if (shown) {
    body = (
      <AppFrame
        key={`${shown.id}:${reloads}`}
        {...pin}
        src={shown.url}
        title={title}
        className={cn("transition-opacity duration-300", draftBuilding && "opacity-50")}
      />
    );
  } else if (published && status.isSuccess) {
    body = (
      <div className="flex h-full items-center justify-center p-6">
        <EmptyState icon={Globe} title="Not published yet" className="border-0">
          Publish the app to give your teams a stable version with its own data; this is where it
          will show. The draft stays yours to keep changing.
        </EmptyState>
      </div>
    );
  } else if (draftBuilding) {
    body = (
      <div role="status" className="flex h-full flex-col items-center justify-center gap-5 p-6">
        <div className="flex flex-col items-center gap-3 text-center">
          <div className="flex size-11 items-center justify-center rounded-full bg-(--accent) text-(--primary)">
            <Spinner className="size-5" />
          </div>
          <h3 className="text-sm font-semibold">Building your app…</h3>
        </div>
        <BuildSteps steps={draftBuilding.steps} layout="column" />
      </div>
    );
  } else if (status.isPending) {
    body = <LoadingBlock label="Loading the preview…" />;
  } else if (status.isError) {
    body = (
      <EmptyState icon={TriangleAlert} title="The preview couldn't load" className="m-6">
        {errorMessage(status.error)}
      </EmptyState>
    );
  } else if (failed) {
    body = <FirstBuildFailed problems={failed.problems} />;
  } else {
    body = (
      <div className="flex h-full items-center justify-center p-6">
        <EmptyState icon={AppWindow} title="Your app will appear here" className="border-0">
          Describe it in the chat; the builder writes it, type-checks it and shows it here.
        </EmptyState>
      </div>
    );
  }

  return (
    <PreviewCard>
      <PreviewToolbar
        build={shown}
        building={!!draftBuilding}
        scope={pin.scope}
        onReload={() => setReloads((n) => n + 1)}
        onOpenRuns={onOpenRuns}
      />
      {draftBuilding && shown ? (
        <div
          role="status"
          aria-label="Build progress"
          className="flex shrink-0 flex-wrap items-center gap-x-4 gap-y-2 border-b bg-(--accent)/50 px-3 py-2"
        >
          <span className="text-[13px] font-medium">Building a new version</span>
          <BuildSteps steps={draftBuilding.steps} />
        </div>
      ) : null}
      {failed && shown ? <BuildFailedStrip problems={failed.problems} /> : null}
      {newer ? <NewVersionStrip onOpen={openNewer} /> : null}
      <div className="relative min-h-0 flex-1">{body}</div>
    </PreviewCard>
  );
}

/** A published app in use got a new version (a publish or a rollback): it opens when asked. */
function NewVersionStrip({ onOpen }: { onOpen: () => void }) {
  return (
    <div
      role="status"
      className="flex shrink-0 flex-wrap items-center gap-x-3 gap-y-1 border-b bg-(--accent)/50 px-3 py-2 text-[13px]"
    >
      <Globe className="size-4 shrink-0 text-(--primary)" aria-hidden />
      <p className="min-w-48 flex-1 font-medium">A new version of this app was published.</p>
      <Button size="sm" variant="secondary" onClick={onOpen}>
        Open it
      </Button>
    </div>
  );
}

function PreviewCard({ children }: { children: React.ReactNode }) {
  return (
    <div className="flex h-full min-h-0 flex-col p-3 md:p-4">
      <section
        aria-label="Preview"
        className="flex min-h-0 flex-1 flex-col overflow-hidden rounded-xl border bg-(--card) shadow-xs"
      >
        {children}
      </section>
    </div>
  );
}

const FIXES_ITSELF =
  "The builder usually fixes these itself and builds again; if it stopped, ask it to fix them.";

function BuildFailedStrip({ problems }: { problems: BuildProblem[] }) {
  const [open, setOpen] = useState(problems.length <= 3);
  return (
    <Collapsible.Root
      open={open}
      onOpenChange={setOpen}
      role="alert"
      className="shrink-0 border-b border-(--destructive)/25 bg-(--destructive)/6"
    >
      <div className="flex flex-wrap items-start gap-x-3 gap-y-1 px-3 py-2 text-[13px]">
        <CircleX className="mt-0.5 size-4 shrink-0 text-(--destructive)" aria-hidden />
        <div className="min-w-48 flex-1">
          <p className="font-medium">
            The last build failed — the preview shows the previous version
          </p>
          <p className="text-xs text-(--muted-foreground)">{FIXES_ITSELF}</p>
        </div>
        {problems.length > 0 ? (
          <Collapsible.Trigger className="inline-flex cursor-pointer items-center gap-1 self-center rounded-md px-1.5 py-0.5 text-xs font-medium text-(--destructive) hover:bg-(--destructive)/10">
            {open ? "Hide" : "Show"} {problemCount(problems.length)}
            <ChevronRight
              aria-hidden
              className={cn("size-3.5 transition-transform", open && "rotate-90")}
            />
          </Collapsible.Trigger>
        ) : null}
      </div>
      <Collapsible.Content className="max-h-56 overflow-y-auto border-t border-(--destructive)/15 bg-(--card)/60 px-3 py-2.5">
        <BuildProblems problems={problems} />
      </Collapsible.Content>
    </Collapsible.Root>
  );
}

function FirstBuildFailed({ problems }: { problems: BuildProblem[] }) {
  return (
    <div className="h-full overflow-y-auto p-6">
      <div role="alert" className="mx-auto mt-6 max-w-2xl">
        <div className="flex flex-col items-center text-center">
          <div className="flex size-11 items-center justify-center rounded-full bg-(--destructive)/10 text-(--destructive)">
            <CircleX className="size-5" aria-hidden />
          </div>
          <h3 className="mt-4 text-sm font-semibold">The last build failed</h3>
          <p className="mt-1.5 max-w-md text-sm leading-relaxed text-(--muted-foreground)">
            There is no earlier version to show yet. {FIXES_ITSELF}
          </p>
        </div>
        {problems.length > 0 ? (
          <div className="mt-6 rounded-lg border bg-(--muted)/30 p-4">
            <p className="mb-3 text-xs font-medium text-(--muted-foreground)">
              {problemCount(problems.length)}
            </p>
            <BuildProblems problems={problems} />
          </div>
        ) : null}
      </div>
    </div>
  );
}

function DemoPreview({ pin, title }: { pin: Pin; title: string }) {
  return (
    <PreviewCard>
      <div className="flex h-10 shrink-0 items-center gap-2 border-b bg-(--muted)/40 px-3 text-xs text-(--muted-foreground)">
        <Badge tone="accent">
          <FlaskConical aria-hidden />
          Demo app
        </Badge>
        <span className="min-w-0 flex-1 truncate">
          A sample Notes app on the Second SDK, bound to this app's{" "}
          <strong className="font-medium text-(--foreground)">{pin.scope}</strong> data.
        </span>
        <Tooltip
          wrap
          side="bottom"
          content="The app runs in a sandbox with no network access. It reaches its data only through Second, with your permissions."
        >
          <span className="inline-flex shrink-0 items-center gap-1 px-1.5 py-0.5">
            <Lock className="size-3" aria-hidden />
            Sandboxed
          </span>
        </Tooltip>
      </div>
      <AppFrame {...pin} src={DEMO_APP_SRC} title={title} className="flex-1" />
    </PreviewCard>
  );
}
