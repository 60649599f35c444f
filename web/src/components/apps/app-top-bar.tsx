import { Link } from "@tanstack/react-router";
import { AppWindow, ArrowLeft, Bot, Database, FileCode, Globe, PanelLeftOpen } from "lucide-react";
import { Tabs } from "radix-ui";
import type { App, Scope } from "../../lib/types";
import { PublishButton } from "../publishing/publish-dialog";
import { VersionsButton } from "../publishing/versions-panel";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Tooltip } from "../ui/tooltip";
import { AppActions } from "./app-actions";
import { AppIcon } from "./app-icon";
import { ScopeToggle, segment, segmented } from "./scope-toggle";
import { ShareButton } from "./share-dialog";
import { UsagePopover } from "./usage-popover";

/** The app page's header: which app, which view, which data. Lives inside the page's Tabs. */
/**
 * A viewer (a member of a team the app is published to) sees the published app and its data
 * only: no draft, builder, files, agents, usage or publishing controls.
 */
export function AppTopBar({
  workspaceId,
  app,
  scope,
  onScopeChange,
  onDeleted,
  chatHidden,
  onShowChat,
}: {
  workspaceId: string;
  app: App;
  scope: Scope;
  onScopeChange: (scope: Scope) => void;
  onDeleted: () => Promise<void>;
  chatHidden: boolean;
  onShowChat: () => void;
}) {
  const viewer = app.access === "viewer";
  return (
    <header className="flex flex-wrap items-center gap-x-4 gap-y-2 border-b px-4 py-2.5 md:px-6">
      <div className="flex min-w-0 flex-1 items-center gap-3">
        {chatHidden && !viewer ? (
          <Tooltip content="Show the builder chat" side="bottom">
            <Button variant="secondary" size="icon" aria-label="Show chat" onClick={onShowChat}>
              <PanelLeftOpen />
            </Button>
          </Tooltip>
        ) : null}
        <Tooltip content="All apps" side="bottom">
          <Button variant="ghost" size="icon" asChild>
            <Link to="/w/$workspaceId" params={{ workspaceId }} aria-label="Back to all apps">
              <ArrowLeft />
            </Link>
          </Button>
        </Tooltip>
        <AppIcon name={app.name} seed={app.id} className="size-8 text-[11px]" />
        <div className="min-w-0">
          <h1 className="truncate text-[15px] leading-tight font-semibold">{app.name}</h1>
          <p className="truncate text-xs text-(--muted-foreground)">
            {app.description || "No description"}
          </p>
        </div>
        {viewer ? (
          <Badge tone="success">
            <Globe aria-hidden />
            Published
          </Badge>
        ) : (
          <AppActions workspaceId={workspaceId} app={app} onDeleted={onDeleted} />
        )}
      </div>
      <div className="flex flex-wrap items-center gap-2">
        {viewer ? null : (
          <>
            <ShareButton workspaceId={workspaceId} app={app} />
            <UsagePopover workspaceId={workspaceId} appId={app.id} />
          </>
        )}
        <Tabs.List aria-label="App views" className={segmented}>
          <Tabs.Trigger value="preview" className={segment}>
            <AppWindow aria-hidden />
            Preview
          </Tabs.Trigger>
          <Tabs.Trigger value="data" className={segment}>
            <Database aria-hidden />
            Data
          </Tabs.Trigger>
          {viewer ? null : (
            <>
              <Tabs.Trigger value="files" className={segment}>
                <FileCode aria-hidden />
                Files
              </Tabs.Trigger>
              <Tabs.Trigger value="agents" className={segment}>
                <Bot aria-hidden />
                Agents
              </Tabs.Trigger>
            </>
          )}
        </Tabs.List>
        {viewer ? null : (
          <>
            <ScopeToggle value={scope} onChange={onScopeChange} />
            <VersionsButton workspaceId={workspaceId} appId={app.id} />
            <PublishButton workspaceId={workspaceId} appId={app.id} />
          </>
        )}
      </div>
    </header>
  );
}
