import { useEffect, useRef, useState } from "react";
import { errorCode } from "./errors";
import { LiveClient, type TopicHandlers, type TopicSpec } from "./live";
import { trpcClient } from "./trpc";

/** The tab's one live connection. */
export const live = new LiveClient(trpcClient, (err) => {
  // A session that ended while the page was open: start over, as queries do.
  if (errorCode(err) === "UNAUTHORIZED") window.location.assign("/onboarding");
});

export type LiveStatus = "connecting" | "live" | "error";

/**
 * Follows one topic on the tab's live stream while mounted (null: follow nothing). `reset`
 * registers it again after an error.
 */
export function useLiveTopic<K extends TopicSpec["kind"]>(
  workspaceId: string,
  spec: Extract<TopicSpec, { kind: K }> | null,
  handlers: TopicHandlers<K>,
) {
  const latest = useRef(handlers);
  latest.current = handlers;
  const [status, setStatus] = useState<LiveStatus>("connecting");
  const [attempt, setAttempt] = useState(0);
  const id = spec ? JSON.stringify(spec) : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the spec is compared by value (id)
  useEffect(() => {
    if (!spec) return;
    setStatus("connecting");
    return live.register<K>(workspaceId, spec, {
      onEvent: (e) => latest.current.onEvent(e),
      onLive: () => {
        setStatus("live");
        latest.current.onLive?.();
      },
      onError: (err) => {
        setStatus("error");
        latest.current.onError?.(err);
      },
    });
  }, [workspaceId, id, attempt]);
  return { status, reset: () => setAttempt((n) => n + 1) };
}
