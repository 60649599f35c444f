import { ArrowUpRight, Bot, Globe, Lock, PanelsTopLeft } from "lucide-react";
import type { IntegrationGrant } from "../../lib/types";
import { Badge } from "../ui/badge";
import { GrantStatus, STATUS_HINT } from "./grant-status";
import { OauthPanel } from "./oauth-panel";
import { SecretRow } from "./secret-row";

const AUTH = { none: "No credentials", static: "API key or token", oauth2: "OAuth (per user)" };

/** One grant: where it reaches, what it may do, how to set it up and which tools use it. */
export function GrantCard({
  workspaceId,
  grant,
  manage,
}: {
  workspaceId: string;
  grant: IntegrationGrant;
  manage: boolean;
}) {
  return (
    <article
      aria-label={grant.service}
      className="overflow-hidden rounded-xl border bg-(--card) shadow-xs"
    >
      <header className="flex flex-wrap items-start justify-between gap-3 border-b px-4 py-3">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <h3 className="text-[15px] font-semibold">{grant.service}</h3>
            <GrantStatus status={grant.status} />
          </div>
          <p className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-(--muted-foreground)">
            <span className="inline-flex items-center gap-1">
              <Globe className="size-3.5" aria-hidden />
              <code>{grant.domain}</code>
              {grant.keySlug !== "default" ? <span>· key {grant.keySlug}</span> : null}
            </span>
            <span className="inline-flex items-center gap-1">
              <Lock className="size-3.5" aria-hidden />
              {AUTH[grant.authKind]}
            </span>
          </p>
        </div>
        <Badge tone={grant.access === "write" ? "warning" : "neutral"}>
          {grant.access === "write" ? "Read & write" : "Read only"}
        </Badge>
      </header>
      <p className="border-b bg-(--muted)/30 px-4 py-2 text-xs text-(--muted-foreground)">
        {STATUS_HINT[grant.status]}
      </p>
      <div className="grid gap-5 px-4 py-4 md:grid-cols-2">
        <section aria-label="Setup steps">
          <h4 className="mb-2 text-xs font-semibold tracking-wide text-(--muted-foreground) uppercase">
            Setup
          </h4>
          {grant.setupSteps.length > 0 ? (
            <ol className="space-y-2 text-sm">
              {grant.setupSteps.map((step, i) => (
                <li key={step.text} className="flex gap-2.5 leading-snug">
                  <span className="mt-px inline-flex size-5 shrink-0 items-center justify-center rounded-full bg-(--accent) text-[11px] font-semibold text-(--accent-foreground)">
                    {i + 1}
                  </span>
                  <span>
                    {step.text}
                    {step.link ? (
                      <a
                        href={step.link}
                        target="_blank"
                        rel="noreferrer noopener"
                        className="ml-1 inline-flex items-center gap-0.5 text-(--primary) underline-offset-4 hover:underline"
                      >
                        Open
                        <ArrowUpRight className="size-3.5" aria-hidden />
                      </a>
                    ) : null}
                  </span>
                </li>
              ))}
            </ol>
          ) : (
            <p className="text-sm text-(--muted-foreground)">No steps given.</p>
          )}
        </section>
        <section aria-label="Secrets">
          <h4 className="mb-2 text-xs font-semibold tracking-wide text-(--muted-foreground) uppercase">
            Secrets
          </h4>
          {grant.secrets.length > 0 ? (
            <ul className="space-y-2">
              {grant.secrets.map((s) => (
                <SecretRow
                  key={s.name}
                  workspaceId={workspaceId}
                  grantId={grant.id}
                  secret={s}
                  manage={manage}
                />
              ))}
            </ul>
          ) : grant.authKind === "oauth2" ? (
            <OauthPanel workspaceId={workspaceId} grant={grant} manage={manage} />
          ) : (
            <p className="text-sm text-(--muted-foreground)">This service needs no secrets.</p>
          )}
          {grant.secrets.length > 0 && !manage ? (
            <p className="mt-2 text-xs text-(--muted-foreground)">
              Owners and admins enter secrets. Values are never shown to anyone.
            </p>
          ) : null}
        </section>
      </div>
      <footer className="grid gap-3 border-t px-4 py-3 text-sm md:grid-cols-2">
        <div>
          <h4 className="mb-1.5 text-xs font-semibold tracking-wide text-(--muted-foreground) uppercase">
            Permission groups
          </h4>
          {grant.permissionGroups.length > 0 ? (
            <div className="flex flex-wrap gap-1.5">
              {grant.permissionGroups.map((g) => (
                <Badge key={g}>
                  <code>{g}</code>
                </Badge>
              ))}
            </div>
          ) : (
            <p className="text-xs text-(--muted-foreground)">None listed.</p>
          )}
        </div>
        <div>
          <h4 className="mb-1.5 text-xs font-semibold tracking-wide text-(--muted-foreground) uppercase">
            Used by
          </h4>
          {grant.usedBy.length > 0 ? (
            <ul className="space-y-1">
              {grant.usedBy.map((u) => (
                <li
                  key={`${u.agentId ?? "app"}-${u.tool}`}
                  className="flex items-center gap-1.5 text-[13px]"
                >
                  {u.kind === "agent" ? (
                    <Bot className="size-3.5 text-(--muted-foreground)" aria-hidden />
                  ) : (
                    <PanelsTopLeft className="size-3.5 text-(--muted-foreground)" aria-hidden />
                  )}
                  <span className="font-medium">{u.agentName ?? "The app"}</span>
                  <span className="text-(--muted-foreground)">·</span>
                  <code className="text-xs">{u.tool}</code>
                  <Badge className="ml-auto">{u.method}</Badge>
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-xs text-(--muted-foreground)">No tool in the current build.</p>
          )}
        </div>
      </footer>
    </article>
  );
}
