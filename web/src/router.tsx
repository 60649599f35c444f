import { createRouter } from "@tanstack/react-router";
import { PageNotFound, RouteError } from "./components/route-states";
import { LoadingBlock } from "./components/ui/spinner";
import { queryClient, trpc } from "./lib/trpc";
import { routeTree } from "./routeTree.gen";

export const router = createRouter({
  routeTree,
  context: { queryClient, trpc },
  defaultPreload: "intent",
  // Loaders always run; React Query decides whether its cached data is fresh enough.
  defaultPreloadStaleTime: 0,
  defaultPendingMs: 300,
  defaultPendingComponent: () => <LoadingBlock />,
  defaultErrorComponent: RouteError,
  defaultNotFoundComponent: PageNotFound,
  scrollRestoration: true,
});

declare module "@tanstack/react-router" {
  interface Register {
    router: typeof router;
  }
}
