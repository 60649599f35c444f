import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Link2 } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { errorMessage } from "../../lib/errors";
import { formatRelative } from "../../lib/format";
import { useTRPC } from "../../lib/trpc";
import type { IntegrationGrant } from "../../lib/types";
import { Button } from "../ui/button";
import { Input } from "../ui/input";

/**
 * An oauth2 grant: each person connects their own account ("Connect your account" /
 * "Connected as … · Disconnect"); admins register the provider's client, whose secret is
 * write-only. The redirect URI to register at the provider is shown.
 */
export function OauthPanel({
  workspaceId,
  grant,
  manage,
}: {
  workspaceId: string;
  grant: IntegrationGrant;
  manage: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const oauth = grant.oauth;
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries(trpc.integrations.pathFilter()),
      queryClient.invalidateQueries(trpc.audit.pathFilter()),
    ]);
  const start = useMutation(
    trpc.integrations.startOauth.mutationOptions({
      onSuccess: ({ authorizeUrl }) => window.location.assign(authorizeUrl),
      onError: (err) => toast.error(errorMessage(err)),
    }),
  );
  const disconnect = useMutation(
    trpc.integrations.disconnectOauth.mutationOptions({
      onSuccess: async () => {
        await refresh();
        toast.success(`Disconnected your ${grant.service} account`);
      },
      onError: (err) => toast.error(errorMessage(err)),
    }),
  );
  if (!oauth) return null;
  const connection = oauth.connection;

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2 rounded-lg border bg-(--background) px-3 py-2.5">
        <span className="flex min-w-0 items-center gap-2 text-sm">
          <Link2 className="size-3.5 shrink-0 text-(--muted-foreground)" aria-hidden />
          {connection ? (
            <span className="text-(--success)">
              Connected as {connection.accountLabel ?? "your account"} ·{" "}
              {formatRelative(connection.connectedAt)}
            </span>
          ) : oauth.client ? (
            <span className="text-(--muted-foreground)">Your account is not connected.</span>
          ) : (
            <span className="font-medium text-(--warning)">
              An admin must register the OAuth client first.
            </span>
          )}
        </span>
        {connection ? (
          <Button
            variant="ghost"
            size="sm"
            loading={disconnect.isPending}
            onClick={() => disconnect.mutate({ workspaceId, grantId: grant.id })}
          >
            Disconnect
          </Button>
        ) : oauth.client ? (
          <Button
            size="sm"
            loading={start.isPending}
            onClick={() =>
              start.mutate({
                workspaceId,
                grantId: grant.id,
                returnPath: `${window.location.pathname}${window.location.search}`,
              })
            }
          >
            Connect your account
          </Button>
        ) : null}
      </div>
      {manage ? <ClientForm workspaceId={workspaceId} grant={grant} onSaved={refresh} /> : null}
    </div>
  );
}

function ClientForm({
  workspaceId,
  grant,
  onSaved,
}: {
  workspaceId: string;
  grant: IntegrationGrant;
  onSaved: () => Promise<unknown>;
}) {
  const trpc = useTRPC();
  const client = grant.oauth?.client ?? null;
  const [open, setOpen] = useState(!client);
  const [clientId, setClientId] = useState(client?.clientId ?? "");
  const [clientSecret, setClientSecret] = useState("");
  const [authorizationEndpoint, setAuthorization] = useState(client?.authorizationEndpoint ?? "");
  const [tokenEndpoint, setToken] = useState(client?.tokenEndpoint ?? "");
  const [revocationEndpoint, setRevocation] = useState(client?.revocationEndpoint ?? "");
  const [scopes, setScopes] = useState(client?.scopes.join(" ") ?? "");
  const save = useMutation(
    trpc.integrations.setOauthClient.mutationOptions({
      onSuccess: async () => {
        setClientSecret("");
        setOpen(false);
        await onSaved();
        toast.success(`Saved the OAuth client for ${grant.service}`);
      },
      onError: (err) => toast.error(errorMessage(err)),
    }),
  );
  const remove = useMutation(
    trpc.integrations.removeOauthClient.mutationOptions({
      onSuccess: async () => {
        await onSaved();
        toast.success(
          `Removed the OAuth client for ${grant.service}; every connection was removed${
            client?.revocationEndpoint ? " and revoked at the provider" : ""
          }`,
        );
      },
      onError: (err) => toast.error(errorMessage(err)),
    }),
  );
  const id = (name: string) => `oauth-${grant.id}-${name}`;

  return (
    <div className="rounded-lg border bg-(--background) px-3 py-2.5 text-sm">
      <p className="text-xs text-(--muted-foreground)">
        Redirect URI to register at the provider: <code>{grant.oauth?.redirectUri}</code>
      </p>
      {client && !open ? (
        <div className="mt-2 flex flex-wrap items-center gap-2">
          <span className="text-xs">
            Client <code>{client.clientId}</code> · updated {formatRelative(client.updatedAt)}
          </span>
          <Button variant="secondary" size="sm" onClick={() => setOpen(true)}>
            Replace
          </Button>
          <Button
            variant="ghost"
            size="sm"
            loading={remove.isPending}
            onClick={() => remove.mutate({ workspaceId, grantId: grant.id })}
          >
            Remove
          </Button>
        </div>
      ) : (
        <form
          className="mt-2 grid gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate({
              workspaceId,
              grantId: grant.id,
              clientId: clientId.trim(),
              clientSecret: clientSecret.trim(),
              authorizationEndpoint: authorizationEndpoint.trim(),
              tokenEndpoint: tokenEndpoint.trim(),
              ...(revocationEndpoint.trim()
                ? { revocationEndpoint: revocationEndpoint.trim() }
                : {}),
              scopes: scopes.split(/\s+/).filter(Boolean),
            });
          }}
        >
          <label htmlFor={id("client-id")} className="text-xs font-medium">
            Client id
          </label>
          <Input
            id={id("client-id")}
            value={clientId}
            onChange={(e) => setClientId(e.target.value)}
          />
          <label htmlFor={id("client-secret")} className="text-xs font-medium">
            Client secret
          </label>
          <Input
            id={id("client-secret")}
            type="password"
            autoComplete="off"
            value={clientSecret}
            onChange={(e) => setClientSecret(e.target.value)}
          />
          <label htmlFor={id("auth")} className="text-xs font-medium">
            Authorization endpoint
          </label>
          <Input
            id={id("auth")}
            placeholder="https://provider.example.com/oauth/authorize"
            value={authorizationEndpoint}
            onChange={(e) => setAuthorization(e.target.value)}
          />
          <label htmlFor={id("token")} className="text-xs font-medium">
            Token endpoint
          </label>
          <Input
            id={id("token")}
            placeholder="https://provider.example.com/oauth/token"
            value={tokenEndpoint}
            onChange={(e) => setToken(e.target.value)}
          />
          <label htmlFor={id("revoke")} className="text-xs font-medium">
            Revocation endpoint (optional)
          </label>
          <Input
            id={id("revoke")}
            placeholder="https://provider.example.com/oauth/revoke"
            aria-describedby={id("revoke-help")}
            value={revocationEndpoint}
            onChange={(e) => setRevocation(e.target.value)}
          />
          <p id={id("revoke-help")} className="text-xs text-(--muted-foreground)">
            When someone disconnects, or the client is removed, Second revokes their tokens here
            too.
          </p>
          <label htmlFor={id("scopes")} className="text-xs font-medium">
            Scopes (separated by spaces)
          </label>
          <Input id={id("scopes")} value={scopes} onChange={(e) => setScopes(e.target.value)} />
          <div className="flex gap-2">
            <Button
              type="submit"
              size="sm"
              loading={save.isPending}
              disabled={!clientId.trim() || !clientSecret.trim()}
            >
              Save client
            </Button>
            {client ? (
              <Button variant="ghost" size="sm" onClick={() => setOpen(false)}>
                Cancel
              </Button>
            ) : null}
          </div>
        </form>
      )}
    </div>
  );
}
