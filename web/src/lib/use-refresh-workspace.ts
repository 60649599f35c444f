import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { useTRPC } from "./trpc";

/**
 * After a change in a workspace, refetch what it can show up in: member lists, teams, the
 * workspace summary (member count) and the audit log. All are small reads.
 */
export function useRefreshWorkspace() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useCallback(
    () =>
      Promise.all([
        queryClient.invalidateQueries(trpc.members.pathFilter()),
        queryClient.invalidateQueries(trpc.teams.pathFilter()),
        queryClient.invalidateQueries(trpc.workspaces.pathFilter()),
        queryClient.invalidateQueries(trpc.audit.pathFilter()),
      ]),
    [queryClient, trpc],
  );
}
