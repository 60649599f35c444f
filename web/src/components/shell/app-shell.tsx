import type { ReactNode } from "react";
import type { Workspace } from "../../lib/types";
import { MobileBar } from "./mobile-bar";
import { SidebarNav } from "./sidebar-nav";
import { UserMenu } from "./user-menu";
import { WorkspaceSwitcher } from "./workspace-switcher";

export function AppShell({ workspace, children }: { workspace: Workspace; children: ReactNode }) {
  return (
    <div className="flex h-full flex-col md:flex-row">
      <MobileBar workspace={workspace} />
      <aside
        aria-label="Workspace"
        className="hidden w-64 shrink-0 flex-col border-r bg-(--sidebar) px-3 py-3 md:flex"
      >
        <WorkspaceSwitcher workspace={workspace} />
        <SidebarNav workspace={workspace} />
        <div className="mt-auto pt-3">
          <UserMenu />
        </div>
      </aside>
      <main id="main" className="min-w-0 flex-1 overflow-y-auto">
        {children}
      </main>
    </div>
  );
}

/** The standard content column of a workspace page. */
export function PageBody({ children, wide }: { children: ReactNode; wide?: boolean }) {
  return (
    <div
      className={`mx-auto w-full px-4 py-6 sm:px-6 md:py-8 lg:px-10 ${wide ? "max-w-6xl" : "max-w-5xl"}`}
    >
      {children}
    </div>
  );
}
