import { CircleCheck, CircleDashed, FlaskConical } from "lucide-react";
import type { IntegrationGrant } from "../../lib/types";
import { Badge } from "../ui/badge";

const STATUS = {
  needs_setup: { label: "Needs setup", tone: "warning", icon: CircleDashed },
  mock: { label: "Mock data", tone: "accent", icon: FlaskConical },
  configured: { label: "Configured", tone: "success", icon: CircleCheck },
} as const;

export const STATUS_HINT: Record<IntegrationGrant["status"], string> = {
  needs_setup: "Its tools answer with mock data until the secrets below are set.",
  mock: "Set up, but the app's agents are not approved live yet, so its tools still answer with mock data.",
  configured: "Tools call the service with these secrets, injected on the server.",
};

export function GrantStatus({ status }: { status: IntegrationGrant["status"] }) {
  const s = STATUS[status];
  return (
    <Badge tone={s.tone}>
      <s.icon aria-hidden />
      {s.label}
    </Badge>
  );
}
