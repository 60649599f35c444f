import { CircleCheck, CircleX, ShieldOff } from "lucide-react";
import { Badge } from "../ui/badge";

export function OutcomeBadge({ outcome }: { outcome: string }) {
  if (outcome === "success") {
    return (
      <Badge tone="success">
        <CircleCheck aria-hidden />
        Success
      </Badge>
    );
  }
  if (outcome === "denied") {
    return (
      <Badge tone="warning">
        <ShieldOff aria-hidden />
        Denied
      </Badge>
    );
  }
  return (
    <Badge tone="danger">
      <CircleX aria-hidden />
      {outcome.charAt(0).toUpperCase() + outcome.slice(1)}
    </Badge>
  );
}

/** The action's machine name, with its category underneath. */
export function ActionLabel({ action, category }: { action: string; category: string }) {
  return (
    <div className="min-w-0">
      <code className="block truncate font-mono text-[12.5px] text-(--foreground)">{action}</code>
      <span className="text-xs text-(--muted-foreground) capitalize">
        {category.replace(/_/g, " ")}
      </span>
    </div>
  );
}
