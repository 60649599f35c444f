import { useQuery } from "@tanstack/react-query";
import { Coins } from "lucide-react";
import { Popover } from "radix-ui";
import { useTRPC } from "../../lib/trpc";
import { cn } from "../../lib/utils";
import { Button } from "../ui/button";
import { Spinner } from "../ui/spinner";

const tokens = new Intl.NumberFormat(undefined, { notation: "compact", maximumFractionDigits: 1 });

/** Millionths of a dollar, as dollars: cents once it is worth it, fractions of a cent before. */
export function formatCost(micros: number): string {
  if (micros === 0) return "$0.00";
  const dollars = micros / 1_000_000;
  return dollars < 0.01 ? `$${dollars.toFixed(4)}` : `$${dollars.toFixed(2)}`;
}

const KIND_LABEL: Record<string, string> = { builder: "Builder", agent: "Agents" };
// App agents without a model provider run offline; that "model" is not in the providers' lists.
const OFFLINE_LABEL: Record<string, string> = { "offline-agent": "Offline agent" };

/** Tokens and cost of the app's runs, per model, split into the builder and the app's agents. */
export function UsagePopover({ workspaceId, appId }: { workspaceId: string; appId: string }) {
  const trpc = useTRPC();
  const usage = useQuery(trpc.runs.usage.queryOptions({ workspaceId, appId }));
  const providers = useQuery(trpc.runs.providers.queryOptions({ workspaceId }));
  const labels = new Map(
    (providers.data ?? []).flatMap((p) => p.models.map((m) => [m.id, m.label] as const)),
  );
  const total = usage.data?.total;

  return (
    <Popover.Root>
      <Popover.Trigger asChild>
        <Button variant="ghost" size="sm" aria-label="Usage and cost">
          <Coins />
          {!total ? "Usage" : total.usesModel ? formatCost(total.costMicros) : "No cost"}
        </Button>
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          align="end"
          sideOffset={6}
          aria-label="Usage"
          className="z-50 w-96 rounded-xl border bg-(--card) p-0 text-sm shadow-lg animate-[fade-in_120ms_ease-out]"
        >
          <div className="border-b px-4 py-3">
            <h3 className="font-semibold">Usage</h3>
            <p className="text-xs text-(--muted-foreground)">
              Tokens and cost of this app's runs, by model.
            </p>
          </div>
          {!usage.data ? (
            <div className="flex justify-center py-6">
              <Spinner />
            </div>
          ) : usage.data.byModel.length === 0 ? (
            <p className="px-4 py-6 text-center text-[13px] text-(--muted-foreground)">
              No runs yet.
            </p>
          ) : (
            <table className="w-full text-[13px]">
              <thead className={cn(!total?.usesModel && "sr-only")}>
                <tr className="text-left text-xs text-(--muted-foreground)">
                  <th className="px-4 pt-2.5 pb-1.5 font-medium">Model</th>
                  <th className="px-2 pt-2.5 pb-1.5 text-right font-medium">In</th>
                  <th className="px-2 pt-2.5 pb-1.5 text-right font-medium">Out</th>
                  <th className="px-2 pt-2.5 pb-1.5 text-right font-medium">Cache</th>
                  <th className="px-4 pt-2.5 pb-1.5 text-right font-medium">Cost</th>
                </tr>
              </thead>
              <tbody className="tabular-nums">
                {usage.data.byModel.map((r) => (
                  <tr key={`${r.kind}:${r.provider}:${r.model}`} className="border-t">
                    <td className="px-4 py-2">
                      <div className="font-medium">
                        {labels.get(r.model) ?? OFFLINE_LABEL[r.model] ?? r.model}
                      </div>
                      <div className="text-xs text-(--muted-foreground)">
                        {KIND_LABEL[r.kind] ?? r.kind} · {r.runs} {r.runs === 1 ? "run" : "runs"}
                      </div>
                    </td>
                    {r.usesModel ? (
                      <UsageCells row={r} />
                    ) : (
                      <td colSpan={4} className="px-4 py-2 text-right text-(--muted-foreground)">
                        No model used · no cost
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
              {total?.usesModel ? (
                <tfoot className="tabular-nums">
                  <tr className="border-t bg-(--muted)/40 font-medium">
                    <td className="px-4 py-2">Total</td>
                    <UsageCells row={total} />
                  </tr>
                </tfoot>
              ) : null}
            </table>
          )}
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}

interface Counts {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  costMicros: number;
}

/** Token counts as the provider reported them, and their cost. */
function UsageCells({ row: r }: { row: Counts }) {
  return (
    <>
      <td className="px-2 py-2 text-right">{tokens.format(r.inputTokens)}</td>
      <td className="px-2 py-2 text-right">{tokens.format(r.outputTokens)}</td>
      <td
        className="px-2 py-2 text-right"
        title={`${r.cacheReadTokens} read, ${r.cacheWriteTokens} written`}
      >
        {tokens.format(r.cacheReadTokens + r.cacheWriteTokens)}
      </td>
      <td className="px-4 py-2 text-right">{formatCost(r.costMicros)}</td>
    </>
  );
}
