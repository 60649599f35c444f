import { useSuspenseQuery } from "@tanstack/react-query";
import { createFileRoute, notFound } from "@tanstack/react-router";
import { Tabs } from "radix-ui";
import { useCallback, useMemo, useState } from "react";
import { AgentRunsDrawer } from "../../../../components/agents/agent-runs-drawer";
import { AgentsTab } from "../../../../components/agents/agents-tab";
import { AppTopBar } from "../../../../components/apps/app-top-bar";
import { PreviewPane } from "../../../../components/apps/preview-pane";
import { ChatPanel } from "../../../../components/chat/chat-panel";
import type { BuildProgress } from "../../../../components/chat/run-state";
import { DataExplorer } from "../../../../components/data/data-explorer";
import { FilesExplorer } from "../../../../components/files/files-explorer";
import { AppNotFound } from "../../../../components/route-states";
import { type AppSearch, validateAppSearch } from "../../../../lib/app-search";
import { errorCode } from "../../../../lib/errors";
import { useTRPC } from "../../../../lib/trpc";
import { useTitle } from "../../../../lib/use-title";

export const Route = createFileRoute("/w/$workspaceId/apps/$appId")({
  validateSearch: validateAppSearch,
  loader: async ({ context: { queryClient, trpc }, params: { workspaceId, appId } }) => {
    try {
      void queryClient.prefetchQuery(trpc.builds.status.queryOptions({ workspaceId, appId }));
      await queryClient.ensureQueryData(trpc.apps.get.queryOptions({ workspaceId, appId }));
    } catch (err) {
      const code = errorCode(err);
      if (code === "NOT_FOUND" || code === "BAD_REQUEST") throw notFound();
      throw err;
    }
  },
  notFoundComponent: function NotFound() {
    const { workspaceId } = Route.useParams();
    return <AppNotFound workspaceId={workspaceId} />;
  },
  component: AppPage,
});

function AppPage() {
  const { workspaceId, appId } = Route.useParams();
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  const trpc = useTRPC();
  const { data: workspace } = useSuspenseQuery(trpc.workspaces.get.queryOptions({ workspaceId }));
  const { data: app } = useSuspenseQuery(trpc.apps.get.queryOptions({ workspaceId, appId }));
  useTitle(app.name, workspace.name);
  const [building, setBuilding] = useState<BuildProgress | null>(null);

  // A viewer of the published app gets the published version and its data, nothing of the draft.
  const viewer = app.access === "viewer";
  const view =
    viewer && (search.view === "files" || search.view === "agents")
      ? "preview"
      : (search.view ?? "preview");
  const scope = viewer ? "published" : (search.scope ?? "draft");
  const chatHidden = viewer || search.chat === "hidden";
  const pin = useMemo(() => ({ workspaceId, appId, scope }), [workspaceId, appId, scope]);
  const setSearch = useCallback(
    (patch: Partial<AppSearch>) =>
      navigate({ search: (prev) => ({ ...prev, ...patch }), replace: true }),
    [navigate],
  );

  return (
    <Tabs.Root
      value={view}
      onValueChange={(v) =>
        setSearch({ view: v === "data" || v === "files" || v === "agents" ? v : undefined })
      }
      className="flex h-full min-h-0 flex-col"
    >
      <AppTopBar
        workspaceId={workspaceId}
        app={app}
        scope={scope}
        onScopeChange={(s) =>
          setSearch({ scope: s === "draft" ? undefined : s, collection: undefined, doc: undefined })
        }
        onDeleted={() => navigate({ to: "/w/$workspaceId", params: { workspaceId } })}
        chatHidden={chatHidden}
        onShowChat={() => setSearch({ chat: undefined })}
      />
      <div className="flex min-h-0 flex-1">
        {/* Hidden rather than unmounted: the stream and the draft survive hiding the chat. */}
        {viewer ? null : (
          <ChatPanel
            workspaceId={workspaceId}
            appId={appId}
            hidden={chatHidden}
            onCollapse={() => setSearch({ chat: "hidden" })}
            onBuilding={setBuilding}
          />
        )}
        <div
          className={`min-h-0 min-w-0 flex-1 flex-col md:flex ${chatHidden ? "flex" : "hidden"}`}
        >
          {/* Kept mounted while hidden, so the app keeps its state and its live data. */}
          <Tabs.Content
            value="preview"
            forceMount
            className="min-h-0 flex-1 outline-none data-[state=inactive]:hidden"
          >
            <PreviewPane
              key={scope}
              pin={pin}
              appName={app.name}
              building={building}
              demo={search.preview === "demo"}
              holdNewVersions={viewer}
              onOpenRuns={() => setSearch({ runs: "all" })}
            />
          </Tabs.Content>
          <Tabs.Content value="data" className="min-h-0 flex-1 outline-none">
            <DataExplorer
              pin={pin}
              appName={app.name}
              collection={search.collection}
              docId={search.doc}
              onSelect={(patch) => setSearch(patch)}
            />
          </Tabs.Content>
          <Tabs.Content value="agents" className="min-h-0 flex-1 outline-none">
            <AgentsTab
              workspaceId={workspaceId}
              appId={appId}
              onOpenRuns={(runId) => setSearch({ runs: runId ?? "all" })}
            />
          </Tabs.Content>
          <Tabs.Content value="files" className="min-h-0 flex-1 outline-none">
            <FilesExplorer
              workspaceId={workspaceId}
              appId={appId}
              file={search.file}
              onSelect={(file) => setSearch({ file })}
            />
          </Tabs.Content>
        </div>
      </div>
      <AgentRunsDrawer
        workspaceId={workspaceId}
        appId={appId}
        selected={search.runs}
        onSelect={(runs) => setSearch({ runs })}
        onClose={() => setSearch({ runs: undefined })}
        onOpenChat={() => setSearch({ runs: undefined, chat: undefined })}
      />
    </Tabs.Root>
  );
}
