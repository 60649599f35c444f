import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { History, RotateCcw } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import type { RouterOutputs } from "../../../../src/api-types";
import { errorMessage } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { Dialog, DialogTrigger, SheetContent } from "../ui/dialog";
import { EmptyState } from "../ui/empty-state";
import { LoadingBlock } from "../ui/spinner";
import { Tooltip } from "../ui/tooltip";

type Version = RouterOutputs["publishing"]["versions"][number];

const when = (d: Date | string) =>
  new Date(d).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

/** The app's published versions, newest first; owners and admins roll back in one step. */
export function VersionsButton({ workspaceId, appId }: { workspaceId: string; appId: string }) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <Tooltip content="Published versions" side="bottom">
        <DialogTrigger asChild>
          <Button variant="secondary" size="icon" aria-label="Versions">
            <History />
          </Button>
        </DialogTrigger>
      </Tooltip>
      {open ? (
        <SheetContent
          title="Versions"
          description="Every publish is numbered. Rolling back publishes an earlier version again as a new number; the draft is not touched."
        >
          <VersionList workspaceId={workspaceId} appId={appId} />
        </SheetContent>
      ) : null}
    </Dialog>
  );
}

function VersionList({ workspaceId, appId }: { workspaceId: string; appId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const versions = useQuery(trpc.publishing.versions.queryOptions({ workspaceId, appId }));
  const state = useQuery(trpc.publishing.state.queryOptions({ workspaceId, appId }));
  const [target, setTarget] = useState<Version | null>(null);
  const rollback = useMutation(
    trpc.publishing.rollback.mutationOptions({
      onSuccess: async (v) => {
        await Promise.all([
          queryClient.invalidateQueries(trpc.publishing.pathFilter()),
          queryClient.invalidateQueries(trpc.builds.pathFilter()),
        ]);
        toast.success(`Version ${v.restoredFrom} is live again as version ${v.number}`);
        setTarget(null);
      },
      onError: (err) => {
        toast.error(errorMessage(err));
        setTarget(null);
      },
    }),
  );
  if (versions.isPending) return <LoadingBlock label="Loading versions…" />;
  if (versions.isError)
    return <p className="text-sm text-(--destructive)">{errorMessage(versions.error)}</p>;
  if (versions.data.length === 0)
    return (
      <EmptyState icon={History} title="Not published yet">
        Use Publish to give your teams a stable version. Each publish shows up here.
      </EmptyState>
    );
  const canRollBack = state.data?.canPublish ?? false;
  return (
    <>
      <ol aria-label="Published versions" className="flex flex-col gap-2">
        {versions.data.map((v) => (
          <li
            key={v.id}
            className="flex items-start gap-3 rounded-lg border bg-(--card) px-3 py-2.5 text-[13px]"
          >
            <div className="min-w-0 flex-1">
              <div className="flex flex-wrap items-center gap-2">
                <span className="font-semibold">Version {v.number}</span>
                {v.live ? <Badge tone="success">Live</Badge> : null}
                {v.restoredFrom ? <Badge>Restores version {v.restoredFrom}</Badge> : null}
              </div>
              <p className="mt-0.5 text-xs text-(--muted-foreground)">
                Published by {v.publishedByName} on {when(v.publishedAt)}
                {v.approvedByName ? ` · review approved by ${v.approvedByName}` : ""}
              </p>
              <p className="mt-0.5 font-mono text-[11px] text-(--muted-foreground)">
                source {v.sourceHash.slice(0, 10)}
                {v.agentsHash ? ` · agents ${v.agentsHash.slice(3, 13)}` : ""}
              </p>
            </div>
            {canRollBack && !v.live ? (
              <Button variant="secondary" size="sm" onClick={() => setTarget(v)}>
                <RotateCcw aria-hidden />
                Roll back
              </Button>
            ) : null}
          </li>
        ))}
      </ol>
      <ConfirmDialog
        open={target !== null}
        onOpenChange={(o) => (o ? null : setTarget(null))}
        title={`Roll back to version ${target?.number}?`}
        description="Its code, agents and collection rules go live again for its teams, as a new version. Published data stays as it is; the draft is not touched."
        confirmLabel="Roll back"
        pending={rollback.isPending}
        onConfirm={() => target && rollback.mutate({ workspaceId, appId, versionId: target.id })}
      />
    </>
  );
}
