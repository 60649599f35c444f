import { useEffect, useRef } from "react";
import { useResolvedTheme } from "../lib/theme";
import { trpcClient } from "../lib/trpc";
import { live } from "../lib/use-live";
import { cn } from "../lib/utils";
import { AppBridge, type Pin } from "./relay";

/**
 * Scripts and forms only, never the same-origin token: the app must stay an opaque origin that
 * reaches the platform through the bridge alone.
 */
const SANDBOX = "allow-scripts allow-forms";

interface AppFrameProps extends Pin {
  src: string;
  title: string;
  className?: string;
}

/** A generated app in a sandboxed iframe, wired to the platform through the SDK bridge. */
export function AppFrame({ workspaceId, appId, scope, src, title, className }: AppFrameProps) {
  const frame = useRef<HTMLIFrameElement>(null);
  const bridge = useRef<AppBridge | null>(null);
  const theme = useResolvedTheme();
  const themeNow = useRef(theme);
  themeNow.current = theme;

  useEffect(() => {
    const relay = new AppBridge({
      pin: { workspaceId, appId, scope },
      client: trpcClient,
      watch: (collection, h) =>
        live.register(
          workspaceId,
          { kind: "data", appId, scope, ...(collection ? { collection } : {}) },
          {
            onLive: h.onLive,
            onEvent: (e) => h.onChanges(e.changes),
            onError: h.onError,
          },
        ),
      // One app topic for every agent and run the app follows: it names the runs that changed.
      watchRuns: (h) =>
        live.register(
          workspaceId,
          { kind: "app", appId },
          {
            onLive: h.onLive,
            onEvent: (e) => h.onRuns([...new Set(e.runs.map((r) => r.runId))]),
            onError: h.onError,
          },
        ),
      frame: () => frame.current?.contentWindow ?? null,
      // The sandboxed document's origin is opaque ("null"), so no target origin can name it.
      post: (message) => frame.current?.contentWindow?.postMessage(message, "*"),
      theme: () => themeNow.current,
    });
    bridge.current = relay;
    window.addEventListener("message", relay.onMessage);
    return () => {
      window.removeEventListener("message", relay.onMessage);
      relay.dispose();
      if (bridge.current === relay) bridge.current = null;
    };
  }, [workspaceId, appId, scope]);

  useEffect(() => bridge.current?.setTheme(theme), [theme]);

  return (
    <iframe
      // A new document per app and scope, so nothing it watched carries over.
      key={`${appId}:${scope}`}
      ref={frame}
      src={src}
      title={title}
      sandbox={SANDBOX}
      referrerPolicy="no-referrer"
      className={cn("block size-full border-0 bg-(--card)", className)}
    />
  );
}
