import { useQuery } from "@tanstack/react-query";
import { ShieldCheck, ShieldX } from "lucide-react";
import { toast } from "sonner";
import { errorMessage } from "../../lib/errors";
import { formatDateTime } from "../../lib/format";
import { useTRPC } from "../../lib/trpc";
import { Button } from "../ui/button";
import { Callout } from "../ui/callout";

/** The chain check runs only on demand; the button and the result share one cached query. */
function useVerify(workspaceId: string) {
  const trpc = useTRPC();
  return useQuery(
    trpc.audit.verify.queryOptions(
      { workspaceId },
      { enabled: false, staleTime: Infinity, retry: false },
    ),
  );
}

export function VerifyChainButton({ workspaceId }: { workspaceId: string }) {
  const verify = useVerify(workspaceId);
  return (
    <Button
      variant="secondary"
      loading={verify.isFetching}
      onClick={async () => {
        const result = await verify.refetch();
        if (result.error) toast.error(errorMessage(result.error));
      }}
    >
      {verify.isFetching ? null : <ShieldCheck />}
      Verify chain
    </Button>
  );
}

export function VerifyChainResult({ workspaceId }: { workspaceId: string }) {
  const { data, dataUpdatedAt, isFetching } = useVerify(workspaceId);
  if (!data || isFetching) return null;
  const checked = `Checked ${formatDateTime(dataUpdatedAt)}.`;
  if (data.ok) {
    const pending =
      data.unsealed > 0
        ? ` ${data.unsealed} newer ${data.unsealed === 1 ? "event is" : "events are"} waiting for the next seal.`
        : "";
    return (
      <Callout icon={ShieldCheck} tone="success" title="Chain intact" className="mb-5">
        {data.events} sealed {data.events === 1 ? "event" : "events"} in {data.seals} signed{" "}
        {data.seals === 1 ? "seal" : "seals"} match their hashes; nothing was changed, removed or
        inserted.{pending} {checked}
      </Callout>
    );
  }
  const broken = data.firstBroken;
  return (
    <Callout icon={ShieldX} tone="danger" title="Chain broken" className="mb-5">
      {broken ? (
        <>
          First broken link: seal #{broken.batchNo}. {broken.reason}
          {broken.eventId ? (
            <>
              {" "}
              Event <code className="font-mono text-xs">{broken.eventId}</code>.
            </>
          ) : null}
        </>
      ) : (
        "The chain does not verify."
      )}{" "}
      {checked}
    </Callout>
  );
}
