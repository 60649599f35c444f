import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { ChevronsUpDown, LogOut, Monitor, Moon, Pencil, Sun } from "lucide-react";
import { useState } from "react";
import { setTheme, type Theme, useTheme } from "../../lib/theme";
import { useTRPC } from "../../lib/trpc";
import { Avatar } from "../ui/avatar";
import { ConfirmDialog } from "../ui/confirm-dialog";
import {
  Menu,
  MenuContent,
  MenuItem,
  MenuLabel,
  MenuRadioGroup,
  MenuRadioItem,
  MenuSeparator,
  MenuTrigger,
} from "../ui/dropdown-menu";
import { ProfileDialog } from "./profile-dialog";

const THEMES: { value: Theme; label: string; icon: typeof Sun }[] = [
  { value: "light", label: "Light", icon: Sun },
  { value: "dark", label: "Dark", icon: Moon },
  { value: "system", label: "System", icon: Monitor },
];

export function UserMenu() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const theme = useTheme();
  const { data: session } = useSuspenseQuery(trpc.auth.session.queryOptions());
  const [confirmSignOut, setConfirmSignOut] = useState(false);
  const [editing, setEditing] = useState(false);
  const signOut = useMutation(
    trpc.auth.signOut.mutationOptions({
      onSuccess: async () => {
        queryClient.clear();
        await navigate({ to: "/onboarding" });
      },
    }),
  );
  const user = session.user;
  if (!user) return null;
  const local = session.mode === "none";

  return (
    <>
      <Menu>
        <MenuTrigger
          aria-label={`Account: ${user.displayName}`}
          className="flex w-full cursor-pointer items-center gap-2.5 rounded-lg p-1.5 text-left hover:bg-(--muted) data-[state=open]:bg-(--muted)"
        >
          <Avatar name={user.displayName} seed={user.id} />
          <span className="min-w-0 flex-1 truncate text-sm font-medium">{user.displayName}</span>
          <ChevronsUpDown className="size-4 text-(--muted-foreground)" aria-hidden />
        </MenuTrigger>
        <MenuContent side="top" align="start" className="w-60">
          <div className="px-2 py-1.5">
            <p className="truncate text-sm font-medium">{user.displayName}</p>
            <p className="text-xs text-(--muted-foreground)">
              {local ? "Local account on this server" : "Signed in"}
            </p>
          </div>
          <MenuItem onSelect={() => setEditing(true)}>
            <Pencil />
            Edit your name
          </MenuItem>
          <MenuSeparator />
          <MenuLabel>Theme</MenuLabel>
          <MenuRadioGroup value={theme} onValueChange={(v) => setTheme(v as Theme)}>
            {THEMES.map(({ value, label, icon: Icon }) => (
              <MenuRadioItem key={value} value={value}>
                <Icon />
                {label}
              </MenuRadioItem>
            ))}
          </MenuRadioGroup>
          <MenuSeparator />
          <MenuItem onSelect={() => (local ? setConfirmSignOut(true) : signOut.mutate())}>
            <LogOut />
            Sign out
          </MenuItem>
        </MenuContent>
      </Menu>
      <ProfileDialog open={editing} onOpenChange={setEditing} currentName={user.displayName} />
      <ConfirmDialog
        open={confirmSignOut}
        onOpenChange={setConfirmSignOut}
        title="Sign out of this local account?"
        description="Local mode has no passwords: once you sign out, this browser can't sign back in as you. You'll start again as a new person, and your workspaces stay with this account."
        confirmLabel="Sign out"
        pending={signOut.isPending}
        onConfirm={() => signOut.mutate()}
      />
    </>
  );
}
