import { useRouterState } from "@tanstack/react-router";
import { Menu } from "lucide-react";
import { useState } from "react";
import type { Workspace } from "../../lib/types";
import { Button } from "../ui/button";
import { Dialog, DialogTrigger, SheetContent } from "../ui/dialog";
import { SidebarNav } from "./sidebar-nav";
import { UserMenu } from "./user-menu";
import { WorkspaceSwitcher } from "./workspace-switcher";

/** On small screens the sidebar folds into a top bar with a navigation drawer. */
export function MobileBar({ workspace }: { workspace: Workspace }) {
  const path = useRouterState({ select: (s) => s.location.pathname });
  // Open only on the page it was opened from, so following a link closes it.
  const [openOn, setOpenOn] = useState<string | null>(null);

  return (
    <header className="flex items-center gap-2 border-b bg-(--sidebar) px-3 py-2 md:hidden">
      <Dialog open={openOn === path} onOpenChange={(o) => setOpenOn(o ? path : null)}>
        <DialogTrigger asChild>
          <Button variant="ghost" size="icon" aria-label="Open navigation">
            <Menu />
          </Button>
        </DialogTrigger>
        <SheetContent side="left" title={workspace.name} className="max-w-72">
          <div className="flex h-full flex-col">
            <SidebarNav workspace={workspace} />
            <div className="mt-auto pt-4">
              <UserMenu />
            </div>
          </div>
        </SheetContent>
      </Dialog>
      <div className="min-w-0 flex-1">
        <WorkspaceSwitcher workspace={workspace} />
      </div>
    </header>
  );
}
