import { Bot, EyeOff, Lock, Users } from "lucide-react";
import type { Scope } from "../../lib/types";
import { Badge } from "../ui/badge";
import { Tooltip } from "../ui/tooltip";

export interface CollectionRule {
  viewers: "read" | "write" | "none";
  agents: "read" | "write";
}

const VIEWERS = {
  write: { label: "Viewers: read & write", tone: "neutral", hint: "can read and change it" },
  read: { label: "Viewers: read only", tone: "accent", hint: "can read it, never change it" },
  none: { label: "Hidden from viewers", tone: "warning", hint: "cannot see it" },
} as const;

const AGENTS = {
  write: { label: "Agents: write", tone: "warning", hint: "may change it" },
  read: { label: "Agents: read only", tone: "neutral", hint: "may only read it" },
} as const;

/**
 * The collection's access rule from collections.json, as badges. In the draft it is the rule the
 * next publish would bring; in the published scope, the one viewers are held to now.
 */
export function RuleBadges({ rule, scope }: { rule: CollectionRule | undefined; scope: Scope }) {
  const when = scope === "draft" ? "Once published, people" : "People";
  if (!rule) {
    return (
      <Tooltip
        content={`Not declared in collections.json: ${when.toLowerCase()} the app is published to cannot see it. Agents may read it at most.`}
      >
        <Badge tabIndex={0} data-testid="rule-undeclared">
          <EyeOff aria-hidden />
          Not declared
        </Badge>
      </Tooltip>
    );
  }
  const viewers = VIEWERS[rule.viewers];
  const agents = AGENTS[rule.agents];
  return (
    <span className="inline-flex flex-wrap items-center gap-1.5" data-testid="rule-badges">
      <Tooltip content={`${when} the app is published to ${viewers.hint}.`}>
        <Badge tabIndex={0} tone={viewers.tone}>
          {rule.viewers === "none" ? <EyeOff aria-hidden /> : <Users aria-hidden />}
          {viewers.label}
        </Badge>
      </Tooltip>
      <Tooltip
        content={`The app's agents ${agents.hint}${rule.agents === "write" ? " when agents.json also grants write" : ""}.`}
      >
        <Badge tabIndex={0} tone={agents.tone}>
          <Bot aria-hidden />
          {agents.label}
        </Badge>
      </Tooltip>
    </span>
  );
}

/** A small mark beside a collection's name in the list when viewers may not write it. */
export function RuleMark({ rule }: { rule: CollectionRule | undefined }) {
  if (rule?.viewers === "read")
    return (
      <Lock
        className="size-3 shrink-0 text-(--muted-foreground)"
        role="img"
        aria-label="read only for viewers"
      />
    );
  if (rule?.viewers === "none")
    return (
      <EyeOff
        className="size-3 shrink-0 text-(--muted-foreground)"
        role="img"
        aria-label="hidden from viewers"
      />
    );
  return null;
}
