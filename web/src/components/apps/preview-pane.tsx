import { FlaskConical, Lock } from "lucide-react";
import { AppFrame } from "../../bridge/app-frame";
import type { Pin } from "../../bridge/relay";
import { Badge } from "../ui/badge";
import { Tooltip } from "../ui/tooltip";

/** Where builds will show; until they exist, a demo app on the SDK, bound to this app's data. */
export const DEMO_APP_SRC = "/preview/fixture/";

export function PreviewPane({ pin, appName }: { pin: Pin; appName: string }) {
  return (
    <div className="flex h-full min-h-0 flex-col p-3 md:p-4">
      <div className="flex min-h-0 flex-1 flex-col overflow-hidden rounded-xl border bg-(--card) shadow-xs">
        <div className="flex h-10 shrink-0 items-center gap-2 border-b bg-(--muted)/40 px-3 text-xs text-(--muted-foreground)">
          <Badge tone="accent">
            <FlaskConical aria-hidden />
            Demo app
          </Badge>
          <span className="min-w-0 flex-1 truncate">
            A sample Notes app on the Second SDK, bound to this app's{" "}
            <strong className="font-medium text-(--foreground)">{pin.scope}</strong> data. Your own
            app shows here once the builder makes it.
          </span>
          <Tooltip
            wrap
            side="bottom"
            content="The app runs in a sandbox with no network access. It reaches its data only through Second, with your permissions."
          >
            <span className="inline-flex shrink-0 items-center gap-1 px-1.5 py-0.5">
              <Lock className="size-3" aria-hidden />
              Sandboxed
            </span>
          </Tooltip>
        </div>
        <AppFrame {...pin} src={DEMO_APP_SRC} title={`${appName} preview`} className="flex-1" />
      </div>
    </div>
  );
}
