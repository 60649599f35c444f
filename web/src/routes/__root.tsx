import type { QueryClient } from "@tanstack/react-query";
import { createRootRouteWithContext, Outlet } from "@tanstack/react-router";
import { Toaster } from "sonner";
import { TooltipProvider } from "../components/ui/tooltip";
import { useResolvedTheme } from "../lib/theme";
import type { Trpc } from "../lib/trpc";

export interface RouterContext {
  queryClient: QueryClient;
  trpc: Trpc;
}

export const Route = createRootRouteWithContext<RouterContext>()({
  component: Root,
});

function Root() {
  const theme = useResolvedTheme();
  return (
    <TooltipProvider delayDuration={200}>
      <Outlet />
      <Toaster theme={theme} position="bottom-right" richColors closeButton />
    </TooltipProvider>
  );
}
