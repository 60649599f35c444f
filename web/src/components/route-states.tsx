import { useQueryErrorResetBoundary } from "@tanstack/react-query";
import { type ErrorComponentProps, Link, useRouter } from "@tanstack/react-router";
import { Compass, LayoutGrid, TriangleAlert } from "lucide-react";
import { useEffect } from "react";
import { errorMessage } from "../lib/errors";
import { BrandMark } from "./brand";
import { Button } from "./ui/button";

function CenteredMessage({
  icon,
  title,
  children,
  actions,
}: {
  icon: React.ReactNode;
  title: string;
  children: React.ReactNode;
  actions: React.ReactNode;
}) {
  return (
    <main className="flex min-h-full flex-col items-center justify-center px-6 py-16 text-center">
      {icon}
      <h1 className="mt-5 text-xl font-semibold tracking-tight">{title}</h1>
      <div className="mt-2 max-w-sm text-sm leading-relaxed text-(--muted-foreground)">
        {children}
      </div>
      <div className="mt-6 flex gap-2">{actions}</div>
    </main>
  );
}

export function WorkspaceNotFound() {
  return (
    <CenteredMessage
      icon={<BrandMark className="size-10 text-lg" />}
      title="Workspace not found"
      actions={
        <Button asChild>
          <Link to="/">Go to my workspaces</Link>
        </Button>
      }
    >
      This workspace doesn't exist, or you're not a member of it. Ask one of its owners to add you,
      or head back to a workspace you belong to.
    </CenteredMessage>
  );
}

export function PageNotFound() {
  return (
    <CenteredMessage
      icon={<Compass className="size-10 text-(--muted-foreground)" aria-hidden />}
      title="Page not found"
      actions={
        <Button asChild>
          <Link to="/">Go home</Link>
        </Button>
      }
    >
      There's nothing at this address. Check the link, or start again from your workspace.
    </CenteredMessage>
  );
}

export function AppNotFound({ workspaceId }: { workspaceId: string }) {
  return (
    <CenteredMessage
      icon={<LayoutGrid className="size-10 text-(--muted-foreground)" aria-hidden />}
      title="App not found"
      actions={
        <Button asChild>
          <Link to="/w/$workspaceId" params={{ workspaceId }}>
            Back to apps
          </Link>
        </Button>
      }
    >
      This app doesn't exist, was deleted, or hasn't been shared with you. The apps you can open are
      listed on the workspace's home page.
    </CenteredMessage>
  );
}

export function RouteError({ error, reset }: ErrorComponentProps) {
  const router = useRouter();
  const queryReset = useQueryErrorResetBoundary();
  useEffect(() => queryReset.reset(), [queryReset]);
  return (
    <CenteredMessage
      icon={<TriangleAlert className="size-10 text-(--destructive)" aria-hidden />}
      title="This page couldn't load"
      actions={
        <>
          <Button
            onClick={() => {
              reset();
              void router.invalidate();
            }}
          >
            Try again
          </Button>
          <Button variant="secondary" asChild>
            <Link to="/">Go home</Link>
          </Button>
        </>
      }
    >
      {errorMessage(error)}
    </CenteredMessage>
  );
}
