import { useQuery } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { Check, ChevronsUpDown, Plus } from "lucide-react";
import { useState } from "react";
import { ROLE_LABEL } from "../../lib/roles";
import { useTRPC } from "../../lib/trpc";
import type { Workspace } from "../../lib/types";
import { cn, initials } from "../../lib/utils";
import { Button } from "../ui/button";
import { Dialog, DialogClose, DialogContent } from "../ui/dialog";
import {
  Menu,
  MenuContent,
  MenuItem,
  MenuLabel,
  MenuSeparator,
  MenuTrigger,
} from "../ui/dropdown-menu";
import { WorkspaceForm } from "../workspace-form";

function WorkspaceIcon({ name, className }: { name: string; className?: string }) {
  return (
    <span
      aria-hidden
      className={cn(
        "inline-flex size-8 shrink-0 items-center justify-center rounded-lg bg-(--foreground) text-xs font-semibold text-(--background)",
        className,
      )}
    >
      {initials(name)}
    </span>
  );
}

export function WorkspaceSwitcher({ workspace }: { workspace: Workspace }) {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const { data: workspaces = [] } = useQuery(trpc.workspaces.list.queryOptions());
  const [creating, setCreating] = useState(false);

  return (
    <>
      <Menu>
        <MenuTrigger
          aria-label={`Workspace: ${workspace.name}. Switch workspace`}
          className="flex w-full cursor-pointer items-center gap-2.5 rounded-lg p-1.5 text-left hover:bg-(--muted) data-[state=open]:bg-(--muted)"
        >
          <WorkspaceIcon name={workspace.name} />
          <span className="min-w-0 flex-1">
            <span className="block truncate text-sm font-semibold">{workspace.name}</span>
            <span className="block text-xs text-(--muted-foreground)">
              {ROLE_LABEL[workspace.role]} · {workspace.memberCount}{" "}
              {workspace.memberCount === 1 ? "member" : "members"}
            </span>
          </span>
          <ChevronsUpDown className="size-4 text-(--muted-foreground)" aria-hidden />
        </MenuTrigger>
        <MenuContent align="start" className="w-72">
          <MenuLabel>Workspaces</MenuLabel>
          {workspaces.map((w) => (
            <MenuItem
              key={w.id}
              onSelect={() => navigate({ to: "/w/$workspaceId", params: { workspaceId: w.id } })}
            >
              <WorkspaceIcon name={w.name} className="size-6 rounded-md text-[10px]" />
              <span className="min-w-0 flex-1 truncate">{w.name}</span>
              <span className="text-xs text-(--muted-foreground)">{ROLE_LABEL[w.role]}</span>
              {w.id === workspace.id ? (
                <Check className="text-(--primary)!" aria-label="Current workspace" />
              ) : (
                <span className="size-4" />
              )}
            </MenuItem>
          ))}
          <MenuSeparator />
          <MenuItem onSelect={() => setCreating(true)}>
            <Plus />
            Create workspace
          </MenuItem>
        </MenuContent>
      </Menu>
      <Dialog open={creating} onOpenChange={setCreating}>
        <DialogContent
          title="Create workspace"
          description="A separate space with its own apps, members, teams and audit log. You'll be its owner."
        >
          <WorkspaceForm
            actions={
              <DialogClose asChild>
                <Button variant="secondary">Cancel</Button>
              </DialogClose>
            }
            onDone={(id) => {
              setCreating(false);
              void navigate({ to: "/w/$workspaceId", params: { workspaceId: id } });
            }}
          />
        </DialogContent>
      </Dialog>
    </>
  );
}
