import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from "@trpc/client";
import { createTRPCContext, createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { toast } from "sonner";
import type { AppRouter } from "../../../src/api-types";
import { errorCode, errorMessage, isClientError } from "./errors";

declare module "@tanstack/react-query" {
  interface Register {
    /** `inlineErrors`: the form shows the error beside its fields, so no toast. */
    mutationMeta: { inlineErrors?: boolean };
  }
}

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      retry: (failures, err) => !isClientError(err) && failures < 2,
    },
  },
  queryCache: new QueryCache({
    onError: (err) => {
      // A session that expired mid-use: start over from onboarding (which signs in again).
      if (errorCode(err) === "UNAUTHORIZED") window.location.assign("/onboarding");
    },
  }),
  mutationCache: new MutationCache({
    onError: (err, _vars, _result, mutation) => {
      if (!mutation.meta?.inlineErrors) toast.error(errorMessage(err));
    },
  }),
});

export const trpcClient = createTRPCClient<AppRouter>({
  links: [
    splitLink({
      condition: (op) => op.type === "subscription",
      // Server-sent events; on reconnect the link resumes from the last tracked event id.
      true: httpSubscriptionLink({ url: "/trpc", eventSourceOptions: { withCredentials: true } }),
      false: httpBatchLink({
        url: "/trpc",
        fetch: (url, init) => fetch(url, { ...init, credentials: "include" }),
      }),
    }),
  ],
});

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

/** The same query options outside React: route loaders prefetch through these. */
export const trpc = createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient });
export type Trpc = typeof trpc;
