import { createHash, randomBytes } from "node:crypto";
import { and, eq, lt } from "drizzle-orm";
import type { Database } from "../../db/client";
import {
  type IntegrationGrant,
  integrationOauthClients,
  integrationOauthStates,
  integrationOauthTokens,
} from "../../db/schema";
import { type Tx, withTenant } from "../../db/tenant";
import { hidingAs, requireViewer } from "../apps/access";
import { recordAudit } from "../audit/record";
import type { SessionClaims } from "../auth/cookie";
import type { MasterKeys } from "../config";
import { type Actor, requirePermission, type TenantCtx } from "../context";
import { ServiceError } from "../errors";
import type { Logger } from "../log";
import type { Deps } from "../trpc/context";
import { resolveSessionMember } from "../workspaces/membership";
import { decryptOauth, encryptOauth } from "./crypto";
import { existingDataKey, workspaceDataKey } from "./data-keys";
import { executorOptionsOf } from "./executor";
import { requireGrant } from "./grants";
import { type ExecutorOptions, guardedRequest } from "./guard";

export const OAUTH_LIMITS = {
  /** How long a connection may take between "Connect" and the provider's redirect back. */
  stateTtlMs: 10 * 60 * 1000,
  /** An access token this close to expiry is refreshed before use. */
  refreshSkewMs: 30 * 1000,
  tokenResponseBytes: 64 * 1024,
  tokenTimeoutMs: 15_000,
  /** Connections revoked at the provider at once when a client or grant goes. */
  revokeConcurrency: 4,
};

const STATE_UNKNOWN =
  "This connection link is not valid (already used, or started by someone else). Start again from Settings → Integrations.";

export const OAUTH_CALLBACK_PATH = "/api/oauth/callback";

/** The redirect URI to register at the provider. */
export function redirectUri(publicUrl: string | undefined, fallbackOrigin?: string): string {
  const origin = publicUrl ? new URL(publicUrl).origin : (fallbackOrigin ?? "");
  return `${origin}${OAUTH_CALLBACK_PATH}`;
}

/** The failure the callback or a refresh can meet, as a code (never the provider's body). */
export class OauthError extends ServiceError {
  constructor(
    code: "VALIDATION" | "PRECONDITION_FAILED",
    message: string,
    readonly reason: string,
  ) {
    super(code, message);
    this.name = "OauthError";
  }
}

/** An endpoint the server may call: https, or (tests only) an allowlisted loopback host:port. */
export function checkEndpoint(raw: string, options: ExecutorOptions, label: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ServiceError("VALIDATION", `The ${label} must be a full URL.`);
  }
  if (url.username || url.password)
    throw new ServiceError("VALIDATION", `The ${label} must not carry a user name or password.`);
  const loopback =
    !options.production &&
    (options.loopbackAllowlist ?? []).some(
      (t) => t.host.toLowerCase() === url.hostname.toLowerCase() && t.port === Number(url.port),
    );
  if (url.protocol !== "https:" && !loopback)
    throw new ServiceError("VALIDATION", `The ${label} must use https.`);
  return url.toString();
}

/** A same-origin path to return to after connecting; anything else is refused. */
export function checkReturnPath(path: string): string {
  const base = "http://second.invalid";
  let url: URL;
  try {
    url = new URL(path, base);
  } catch {
    throw new ServiceError("VALIDATION", "The return path must be a path on this site.");
  }
  if (
    !path.startsWith("/") ||
    path.startsWith("//") ||
    path.includes("\\") ||
    [...path].some((ch) => ch.charCodeAt(0) < 0x20) ||
    url.origin !== base
  )
    throw new ServiceError("VALIDATION", "The return path must be a path on this site.");
  return `${url.pathname}${url.search}${url.hash}`;
}

async function oauthGrant(ctx: TenantCtx, grantId: string, lock = false) {
  const grant = await requireGrant(ctx.tx, ctx.actor, grantId, lock);
  // A person connects their account for an app they make or use (its published version's
  // tools run with their token); a grant of an app they cannot see does not exist for them.
  await hidingAs("Integration", requireViewer(ctx.tx, ctx.actor, grant.appId));
  if (grant.authKind !== "oauth2")
    throw new ServiceError("VALIDATION", `${grant.service} does not use OAuth.`);
  return grant;
}

const auditTarget = (grant: IntegrationGrant) => ({
  type: "integration_grant",
  id: grant.id,
  name: grant.service,
});
const auditMeta = (grant: IntegrationGrant) => ({
  appId: grant.appId,
  domain: grant.domain,
  keySlug: grant.keySlug,
});

export interface OauthClientInput {
  grantId: string;
  clientId: string;
  clientSecret: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  revocationEndpoint?: string | undefined;
  scopes: string[];
}

/** Registers (or replaces) the provider client of an oauth2 grant. Admins only. */
export async function setOauthClient(
  ctx: TenantCtx,
  keys: MasterKeys,
  options: ExecutorOptions,
  input: OauthClientInput,
) {
  const { tx, actor } = ctx;
  const grant = await oauthGrant(ctx, input.grantId, true);
  requirePermission(actor, "integrations:manage");
  const authorizationEndpoint = checkEndpoint(
    input.authorizationEndpoint,
    options,
    "authorization endpoint",
  );
  const tokenEndpoint = checkEndpoint(input.tokenEndpoint, options, "token endpoint");
  const revocationEndpoint = input.revocationEndpoint
    ? checkEndpoint(input.revocationEndpoint, options, "revocation endpoint")
    : null;
  const dataKey = await workspaceDataKey(tx, keys, actor.workspaceId);
  const values = {
    clientId: input.clientId,
    clientSecretCiphertext: encryptOauth(
      dataKey,
      "client_secret",
      { workspaceId: actor.workspaceId, grantId: grant.id, userId: "" },
      input.clientSecret,
    ),
    authorizationEndpoint,
    tokenEndpoint,
    revocationEndpoint,
    scopes: input.scopes,
    updatedBy: actor.userId,
    updatedByName: actor.displayName,
    updatedAt: new Date(),
  };
  await tx
    .insert(integrationOauthClients)
    .values({ workspaceId: actor.workspaceId, grantId: grant.id, ...values })
    .onConflictDoUpdate({
      target: [integrationOauthClients.workspaceId, integrationOauthClients.grantId],
      set: values,
    });
  await recordAudit(tx, actor, {
    action: "integration.oauth.client_set",
    target: auditTarget(grant),
    summary: `${actor.displayName} registered the OAuth client for ${grant.service} (${grant.domain}).`,
    metadata: auditMeta(grant),
  });
  return { grantId: grant.id, clientSet: true as const };
}

/** Removes the provider client, and with it every user's connection to it. Admins only. */
export async function removeOauthClient(
  ctx: TenantCtx,
  deps: OauthRevokeDeps,
  input: { grantId: string },
) {
  const { tx, actor } = ctx;
  const grant = await oauthGrant(ctx, input.grantId, true);
  requirePermission(actor, "integrations:manage");
  // Read before the delete cascades them away: each connection is revoked once this commits.
  const pending = await connectionsToRevoke(tx, deps.keys, actor.workspaceId, grant, null);
  const removed = await tx
    .delete(integrationOauthClients)
    .where(
      and(
        eq(integrationOauthClients.workspaceId, actor.workspaceId),
        eq(integrationOauthClients.grantId, grant.id),
      ),
    )
    .returning({ grantId: integrationOauthClients.grantId });
  if (removed.length > 0)
    await recordAudit(tx, actor, {
      action: "integration.oauth.client_removed",
      target: auditTarget(grant),
      summary: `${actor.displayName} removed the OAuth client for ${grant.service} (${grant.domain}); every connection to it was removed.`,
      metadata: { ...auditMeta(grant), connections: pending.length },
    });
  afterCommitRevoke(ctx, deps, pending);
  return { grantId: grant.id, clientSet: false as const };
}

export interface OauthRevokeDeps {
  db: Database;
  keys: MasterKeys;
  options: ExecutorOptions;
  /** Told when an audit row was written after the request's own transaction (to seal it). */
  audited?: (workspaceId: string) => void;
  /** Where a revocation the provider did not confirm is logged (ids and its code only). */
  log?: Logger;
}

/** What revoking connections at the provider needs from the server process. */
export const oauthRevokeDeps = (deps: Deps): OauthRevokeDeps => ({
  db: deps.db,
  keys: deps.config.masterKeys,
  options: executorOptionsOf(deps.config),
  audited: (workspaceId) => deps.sealer.schedule(workspaceId),
  log: deps.log,
});

/** One user's connection, deleted in this transaction, to revoke at the provider after commit. */
export interface PendingRevocation {
  grant: IntegrationGrant;
  userId: string;
  endpoint: string;
  clientId: string;
  clientSecret: string;
  token: string;
  hint: "refresh_token" | "access_token";
}

/**
 * The connections of a grant (one user's, or everyone's) that can be revoked at the provider:
 * its client names a revocation endpoint. The refresh token is the one to revoke (RFC 7009
 * revokes its access tokens with it); a connection without one revokes its access token.
 */
async function connectionsToRevoke(
  tx: Tx,
  keys: MasterKeys,
  workspaceId: string,
  grant: IntegrationGrant,
  userId: string | null,
): Promise<PendingRevocation[]> {
  const client = await clientOf(tx, workspaceId, grant.id);
  if (!client?.revocationEndpoint) return [];
  const rows = await tx
    .select()
    .from(integrationOauthTokens)
    .where(
      and(
        eq(integrationOauthTokens.workspaceId, workspaceId),
        eq(integrationOauthTokens.grantId, grant.id),
        ...(userId ? [eq(integrationOauthTokens.userId, userId)] : []),
      ),
    );
  if (rows.length === 0) return [];
  const dataKey = await existingDataKey(tx, keys, workspaceId);
  if (!dataKey) return [];
  const clientSecret = decryptOauth(
    dataKey,
    "client_secret",
    { workspaceId, grantId: grant.id, userId: "" },
    client.clientSecretCiphertext,
  );
  return rows.map((row) => {
    const at = { workspaceId, grantId: grant.id, userId: row.userId };
    return {
      grant,
      userId: row.userId,
      endpoint: client.revocationEndpoint!,
      clientId: client.clientId,
      clientSecret,
      ...(row.refreshCiphertext
        ? {
            token: decryptOauth(dataKey, "refresh", at, row.refreshCiphertext),
            hint: "refresh_token" as const,
          }
        : {
            token: decryptOauth(dataKey, "access", at, row.accessCiphertext),
            hint: "access_token" as const,
          }),
    };
  });
}

/**
 * RFC 7009 at the provider, through the guarded transport (the endpoint's own host only, https
 * or a test loopback target, public addresses, no redirects, bounded). 200 means revoked (the
 * RFC answers 200 for a token it no longer knows, too).
 */
async function revokeAtProvider(
  r: PendingRevocation,
  options: ExecutorOptions,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  const url = new URL(r.endpoint);
  const basic = Buffer.from(
    `${encodeURIComponent(r.clientId)}:${encodeURIComponent(r.clientSecret)}`,
  ).toString("base64");
  const guarded = await guardedRequest(
    url,
    {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        accept: "application/json",
        authorization: `Basic ${basic}`,
      },
      body: new TextEncoder().encode(
        new URLSearchParams({ token: r.token, token_type_hint: r.hint }).toString(),
      ),
    },
    (host) => host === url.hostname.replace(/^\[|\]$/g, "").toLowerCase(),
    {
      ...options,
      timeoutMs: OAUTH_LIMITS.tokenTimeoutMs,
      maxResponseBytes: OAUTH_LIMITS.tokenResponseBytes,
    },
  );
  if (!guarded.ok)
    return { ok: false, reason: "denied" in guarded ? guarded.denied : guarded.failed };
  if (!guarded.result.ok) return { ok: false, reason: guarded.result.code };
  if (guarded.result.status !== 200) return { ok: false, reason: `http_${guarded.result.status}` };
  return { ok: true };
}

/**
 * Every user's connection to these grants (the oauth2 ones whose client names a revocation
 * endpoint), read before the grants are deleted, to revoke once that has committed.
 */
export async function revocationsForGrants(
  tx: Tx,
  keys: MasterKeys,
  workspaceId: string,
  grants: IntegrationGrant[],
): Promise<PendingRevocation[]> {
  const out: PendingRevocation[] = [];
  for (const grant of grants)
    if (grant.authKind === "oauth2")
      out.push(...(await connectionsToRevoke(tx, keys, workspaceId, grant, null)));
  return out;
}

/**
 * Revokes each connection at the provider — never inside a transaction; the local tokens are
 * already gone whatever the provider says — and audits each outcome (never the token) as
 * `actor`, in a transaction of its own. Best effort: never throws.
 */
export async function revokeConnections(
  deps: OauthRevokeDeps,
  actor: Actor,
  pending: PendingRevocation[],
): Promise<void> {
  // A few at a time: removing a client with many connections must not take one timeout each.
  const queue = [...pending];
  const workers = Array.from(
    { length: Math.min(OAUTH_LIMITS.revokeConcurrency, queue.length) },
    async () => {
      for (let r = queue.shift(); r; r = queue.shift()) await revokeOne(deps, actor, r);
    },
  );
  await Promise.all(workers);
}

async function revokeOne(deps: OauthRevokeDeps, actor: Actor, r: PendingRevocation) {
  const started = performance.now();
  const outcome = await revokeAtProvider(r, deps.options).catch(() => ({
    ok: false as const,
    reason: "network",
  }));
  if (!outcome.ok)
    deps.log?.warn("oauth revocation not confirmed", {
      workspaceId: actor.workspaceId,
      grantId: r.grant.id,
      code: outcome.reason,
    });
  const mine = actor.kind === "user" && r.userId === actor.userId;
  const whose = mine ? `${actor.displayName}'s` : "A user's";
  try {
    await withTenant(deps.db.db, { workspaceId: actor.workspaceId }, (tx) =>
      recordAudit(tx, actor, {
        action: "integration.oauth.revoked",
        outcome: outcome.ok ? "success" : "failure",
        target: auditTarget(r.grant),
        summary: outcome.ok
          ? `${whose} ${r.grant.service} connection was revoked at the provider.`
          : `${r.grant.service} did not confirm revoking ${mine ? whose : "a user's"} connection; it was removed here.`,
        metadata: {
          ...auditMeta(r.grant),
          userId: r.userId,
          // Which of the connection's tokens was revoked ("refresh" or "access"), never its value.
          revoked: r.hint === "refresh_token" ? "refresh" : "access",
          durationMs: Math.round(performance.now() - started),
          ...(outcome.ok ? {} : { reason: outcome.reason }),
        },
      }),
    );
    deps.audited?.(actor.workspaceId);
  } catch {
    // Best effort: the connection is already gone here; a lost audit row fails nothing else.
  }
}

/** Revokes the connections a request deleted, once its transaction has committed. */
function afterCommitRevoke(ctx: TenantCtx, deps: OauthRevokeDeps, pending: PendingRevocation[]) {
  if (pending.length === 0 || !ctx.afterCommit) return;
  const { actor } = ctx;
  ctx.afterCommit(() => revokeConnections(deps, actor, pending));
}

async function clientOf(tx: Tx, workspaceId: string, grantId: string) {
  const [row] = await tx
    .select()
    .from(integrationOauthClients)
    .where(
      and(
        eq(integrationOauthClients.workspaceId, workspaceId),
        eq(integrationOauthClients.grantId, grantId),
      ),
    );
  return row ?? null;
}

const sha256 = (s: string) => createHash("sha256").update(s).digest("base64url");
const random = (bytes: number) => randomBytes(bytes).toString("base64url");

/**
 * Starts a connection for the acting user: a single-use state bound to user, workspace and grant
 * (expiring in 10 minutes) and a PKCE S256 verifier. Answers the provider URL to go to.
 */
export async function startOauthConnect(
  ctx: TenantCtx,
  keys: MasterKeys,
  publicUrl: string | undefined,
  input: { grantId: string; returnPath: string },
) {
  const { tx, actor } = ctx;
  requirePermission(actor, "integrations:view");
  const grant = await oauthGrant(ctx, input.grantId);
  const returnPath = checkReturnPath(input.returnPath);
  const client = await clientOf(tx, actor.workspaceId, grant.id);
  if (!client)
    throw new ServiceError(
      "PRECONDITION_FAILED",
      `An admin must register the OAuth client for ${grant.service} first.`,
    );
  // The workspace rides in the state so the callback can open the right tenant transaction.
  const state = `${actor.workspaceId}.${random(32)}`;
  const verifier = random(48);
  const dataKey = await workspaceDataKey(tx, keys, actor.workspaceId);
  // Expired states of this user go when a new one is made.
  await tx
    .delete(integrationOauthStates)
    .where(
      and(
        eq(integrationOauthStates.workspaceId, actor.workspaceId),
        eq(integrationOauthStates.userId, actor.userId),
        lt(integrationOauthStates.expiresAt, new Date()),
      ),
    );
  await tx.insert(integrationOauthStates).values({
    workspaceId: actor.workspaceId,
    stateHash: sha256(state),
    grantId: grant.id,
    userId: actor.userId,
    verifierCiphertext: encryptOauth(
      dataKey,
      "verifier",
      { workspaceId: actor.workspaceId, grantId: grant.id, userId: actor.userId },
      verifier,
    ),
    returnPath,
    expiresAt: new Date(Date.now() + OAUTH_LIMITS.stateTtlMs),
  });
  const url = new URL(client.authorizationEndpoint);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", client.clientId);
  url.searchParams.set("redirect_uri", redirectUri(publicUrl));
  if (client.scopes.length > 0) url.searchParams.set("scope", client.scopes.join(" "));
  url.searchParams.set("state", state);
  url.searchParams.set("code_challenge", sha256(verifier));
  url.searchParams.set("code_challenge_method", "S256");
  return { authorizeUrl: url.toString() };
}

interface TokenAnswer {
  accessToken: string;
  refreshToken: string | null;
  expiresAt: Date | null;
  accountLabel: string | null;
}

/** The subject of an id_token, for display only (never trusted for access). */
function subjectOf(idToken: unknown): string | null {
  if (typeof idToken !== "string") return null;
  try {
    const payload = JSON.parse(Buffer.from(idToken.split(".")[1] ?? "", "base64url").toString());
    return typeof payload?.sub === "string" ? payload.sub.slice(0, 200) : null;
  } catch {
    return null;
  }
}

/** One request to the token endpoint through the guarded transport; the provider body is never surfaced. */
async function tokenRequest(
  client: typeof integrationOauthClients.$inferSelect,
  clientSecret: string,
  form: Record<string, string>,
  options: ExecutorOptions,
): Promise<{ ok: true; answer: TokenAnswer } | { ok: false; reason: string }> {
  const url = new URL(client.tokenEndpoint);
  const basic = Buffer.from(
    `${encodeURIComponent(client.clientId)}:${encodeURIComponent(clientSecret)}`,
  ).toString("base64");
  const guarded = await guardedRequest(
    url,
    {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        accept: "application/json",
        authorization: `Basic ${basic}`,
      },
      body: new TextEncoder().encode(new URLSearchParams(form).toString()),
    },
    (host) => host === url.hostname.replace(/^\[|\]$/g, "").toLowerCase(),
    {
      ...options,
      timeoutMs: OAUTH_LIMITS.tokenTimeoutMs,
      maxResponseBytes: OAUTH_LIMITS.tokenResponseBytes,
    },
  );
  if (!guarded.ok)
    return { ok: false, reason: "denied" in guarded ? guarded.denied : guarded.failed };
  const { result } = guarded;
  if (!result.ok) return { ok: false, reason: result.code };
  if (result.status !== 200) return { ok: false, reason: `http_${result.status}` };
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(new TextDecoder().decode(result.body));
  } catch {
    return { ok: false, reason: "bad_response" };
  }
  if (typeof body.access_token !== "string" || body.access_token.length === 0)
    return { ok: false, reason: "bad_response" };
  const expiresIn = typeof body.expires_in === "number" ? body.expires_in : null;
  return {
    ok: true,
    answer: {
      accessToken: body.access_token,
      refreshToken: typeof body.refresh_token === "string" ? body.refresh_token : null,
      expiresAt: expiresIn !== null ? new Date(Date.now() + expiresIn * 1000) : null,
      accountLabel: subjectOf(body.id_token),
    },
  };
}

async function storeTokens(
  tx: Tx,
  dataKey: Uint8Array,
  at: { workspaceId: string; grantId: string; userId: string },
  answer: TokenAnswer,
  previousRefresh: string | null,
  refreshed: boolean,
) {
  const refresh = answer.refreshToken ?? previousRefresh;
  const values = {
    accessCiphertext: encryptOauth(dataKey, "access", at, answer.accessToken),
    refreshCiphertext: refresh ? encryptOauth(dataKey, "refresh", at, refresh) : null,
    expiresAt: answer.expiresAt,
    ...(refreshed ? { refreshedAt: new Date() } : { connectedAt: new Date(), refreshedAt: null }),
    ...(answer.accountLabel || !refreshed ? { accountLabel: answer.accountLabel } : {}),
  };
  await tx
    .insert(integrationOauthTokens)
    .values({ ...at, ...values })
    .onConflictDoUpdate({
      target: [
        integrationOauthTokens.workspaceId,
        integrationOauthTokens.grantId,
        integrationOauthTokens.userId,
      ],
      set: values,
    });
}

/**
 * The provider's redirect back: the state must be one this user started (in this workspace),
 * unused and unexpired; it is used up whatever happens next. The code is exchanged with the
 * PKCE verifier and the tokens stored encrypted. Answers the same-origin path to return to.
 */
export async function completeOauthConnect(
  ctx: TenantCtx,
  keys: MasterKeys,
  options: ExecutorOptions,
  publicUrl: string | undefined,
  /** code null: the provider answered with an error (the user declined, say). */
  input: { state: string; code: string | null },
): Promise<{ returnPath: string }> {
  const { tx, actor } = ctx;
  const [row] = await tx
    .delete(integrationOauthStates)
    .where(
      and(
        eq(integrationOauthStates.workspaceId, actor.workspaceId),
        eq(integrationOauthStates.stateHash, sha256(input.state)),
        eq(integrationOauthStates.userId, actor.userId),
      ),
    )
    .returning();
  if (!row) throw new OauthError("VALIDATION", STATE_UNKNOWN, "state_unknown");
  if (row.expiresAt.getTime() < Date.now())
    throw new OauthError(
      "VALIDATION",
      "This connection link expired. Start again from Settings → Integrations.",
      "state_expired",
    );
  const grant = await requireGrant(tx, actor, row.grantId);
  if (input.code === null) return { returnPath: withParam(row.returnPath, "oauth", "declined") };
  const client = await clientOf(tx, actor.workspaceId, grant.id);
  const dataKey = await existingDataKey(tx, keys, actor.workspaceId);
  if (!client || !dataKey)
    throw new OauthError(
      "PRECONDITION_FAILED",
      `The OAuth client for ${grant.service} was removed.`,
      "client_missing",
    );
  const at = { workspaceId: actor.workspaceId, grantId: grant.id, userId: actor.userId };
  const verifier = decryptOauth(dataKey, "verifier", at, row.verifierCiphertext);
  const secret = decryptOauth(
    dataKey,
    "client_secret",
    { ...at, userId: "" },
    client.clientSecretCiphertext,
  );
  const exchanged = await tokenRequest(
    client,
    secret,
    {
      grant_type: "authorization_code",
      code: input.code,
      redirect_uri: redirectUri(publicUrl),
      code_verifier: verifier,
    },
    options,
  );
  if (!exchanged.ok) {
    await recordAudit(tx, actor, {
      action: "integration.oauth.connected",
      outcome: "failure",
      target: auditTarget(grant),
      summary: `${actor.displayName} could not connect ${grant.service}: the provider refused the code.`,
      metadata: { ...auditMeta(grant), reason: exchanged.reason },
    });
    return { returnPath: withParam(row.returnPath, "oauth", "failed") };
  }
  await storeTokens(tx, dataKey, at, exchanged.answer, null, false);
  await recordAudit(tx, actor, {
    action: "integration.oauth.connected",
    target: auditTarget(grant),
    summary: `${actor.displayName} connected their ${grant.service} account.`,
    metadata: auditMeta(grant),
  });
  return { returnPath: withParam(row.returnPath, "oauth", "connected") };
}

/**
 * The callback's tenant transaction: the session must be a live one of a member of the
 * state's workspace (anyone else meets the same "not valid" answer as an unknown state).
 */
export async function oauthCallback(
  deps: { db: Database; keys: MasterKeys; options: ExecutorOptions; publicUrl?: string },
  claims: SessionClaims,
  input: { workspaceId: string; state: string; code: string | null },
  requestId?: string,
) {
  return withTenant(
    deps.db.db,
    { workspaceId: input.workspaceId, userId: claims.userId },
    async (tx) => {
      const found = await resolveSessionMember(tx, claims, input.workspaceId, requestId);
      if (found.status === "no-session")
        throw new ServiceError("UNAUTHORIZED", "Sign in, then connect your account again.");
      if (found.status === "not-member")
        throw new OauthError("VALIDATION", STATE_UNKNOWN, "state_unknown");
      const ctx: TenantCtx = { tx, actor: found.actor, afterCommit: () => {} };
      return completeOauthConnect(ctx, deps.keys, deps.options, deps.publicUrl, input);
    },
  );
}

function withParam(path: string, key: string, value: string) {
  const url = new URL(path, "http://second.invalid");
  url.searchParams.set(key, value);
  return `${url.pathname}${url.search}${url.hash}`;
}

/**
 * The acting user removes their own connection: the tokens are deleted here, then revoked at
 * the provider's revocation endpoint (when the client names one) once that has committed.
 */
export async function disconnectOauth(
  ctx: TenantCtx,
  deps: OauthRevokeDeps,
  input: { grantId: string },
) {
  const { tx, actor } = ctx;
  requirePermission(actor, "integrations:view");
  const grant = await oauthGrant(ctx, input.grantId);
  const pending = await connectionsToRevoke(tx, deps.keys, actor.workspaceId, grant, actor.userId);
  const removed = await tx
    .delete(integrationOauthTokens)
    .where(
      and(
        eq(integrationOauthTokens.workspaceId, actor.workspaceId),
        eq(integrationOauthTokens.grantId, grant.id),
        eq(integrationOauthTokens.userId, actor.userId),
      ),
    )
    .returning({ userId: integrationOauthTokens.userId });
  if (removed.length > 0)
    await recordAudit(tx, actor, {
      action: "integration.oauth.disconnected",
      target: auditTarget(grant),
      summary: `${actor.displayName} disconnected their ${grant.service} account.`,
      metadata: auditMeta(grant),
    });
  afterCommitRevoke(ctx, deps, pending);
  return { grantId: grant.id, connected: false as const };
}

export interface OauthState {
  client: {
    clientId: string;
    authorizationEndpoint: string;
    tokenEndpoint: string;
    revocationEndpoint: string | null;
    scopes: string[];
    updatedAt: Date;
  } | null;
  connection: { accountLabel: string | null; connectedAt: Date } | null;
  redirectUri: string;
}

/** The client registration (never its secret) and the viewer's own connection, per grant. */
export async function oauthStates(
  tx: Tx,
  actor: Actor,
  grantIds: string[],
  publicUrl: string | undefined,
): Promise<Map<string, OauthState>> {
  const out = new Map<string, OauthState>();
  if (grantIds.length === 0) return out;
  const clients = await tx
    .select({
      grantId: integrationOauthClients.grantId,
      clientId: integrationOauthClients.clientId,
      authorizationEndpoint: integrationOauthClients.authorizationEndpoint,
      tokenEndpoint: integrationOauthClients.tokenEndpoint,
      revocationEndpoint: integrationOauthClients.revocationEndpoint,
      scopes: integrationOauthClients.scopes,
      updatedAt: integrationOauthClients.updatedAt,
    })
    .from(integrationOauthClients)
    .where(eq(integrationOauthClients.workspaceId, actor.workspaceId));
  const mine = await tx
    .select({
      grantId: integrationOauthTokens.grantId,
      accountLabel: integrationOauthTokens.accountLabel,
      connectedAt: integrationOauthTokens.connectedAt,
    })
    .from(integrationOauthTokens)
    .where(
      and(
        eq(integrationOauthTokens.workspaceId, actor.workspaceId),
        eq(integrationOauthTokens.userId, actor.userId),
      ),
    );
  for (const id of grantIds) {
    const c = clients.find((r) => r.grantId === id);
    const t = mine.find((r) => r.grantId === id);
    out.set(id, {
      client: c
        ? {
            clientId: c.clientId,
            authorizationEndpoint: c.authorizationEndpoint,
            tokenEndpoint: c.tokenEndpoint,
            revocationEndpoint: c.revocationEndpoint,
            scopes: c.scopes,
            updatedAt: c.updatedAt,
          }
        : null,
      connection: t ? { accountLabel: t.accountLabel, connectedAt: t.connectedAt } : null,
      redirectUri: redirectUri(publicUrl),
    });
  }
  return out;
}

/** Whether the grant has a registered client (an oauth2 grant is set up once it has). */
export async function oauthClientSet(tx: Tx, workspaceId: string, grantId: string) {
  return (await clientOf(tx, workspaceId, grantId)) !== null;
}

export interface OauthTokenDeps {
  db: Database;
  keys: MasterKeys;
  options: ExecutorOptions;
}

/**
 * The user's access token for an oauth2 grant, refreshed first when it has expired; null when
 * they have not connected (or the refresh was refused). Runs in its own tenant transaction with
 * the token row locked (FOR UPDATE), so two processes using an expired token refresh it once:
 * the second waits, then finds the fresh token. Server and worker side only.
 */
export async function userAccessToken(
  deps: OauthTokenDeps,
  at: { workspaceId: string; grantId: string; userId: string },
): Promise<string | null> {
  const scope = { workspaceId: at.workspaceId };
  return withTenant(deps.db.db, scope, async (tx) => {
    const where = and(
      eq(integrationOauthTokens.workspaceId, at.workspaceId),
      eq(integrationOauthTokens.grantId, at.grantId),
      eq(integrationOauthTokens.userId, at.userId),
    );
    const expired = (r: { expiresAt: Date | null }) =>
      r.expiresAt !== null && r.expiresAt.getTime() - OAUTH_LIMITS.refreshSkewMs <= Date.now();
    const [first] = await tx.select().from(integrationOauthTokens).where(where);
    if (!first) return null;
    const dataKey = await existingDataKey(tx, deps.keys, at.workspaceId);
    if (!dataKey) return null;
    if (!expired(first)) return decryptOauth(dataKey, "access", at, first.accessCiphertext);
    // Single flight: whoever holds the row lock refreshes; the others then read its result.
    const [row] = await tx.select().from(integrationOauthTokens).where(where).for("update");
    if (!row) return null;
    if (!expired(row)) return decryptOauth(dataKey, "access", at, row.accessCiphertext);
    const client = await clientOf(tx, at.workspaceId, at.grantId);
    if (!client || !row.refreshCiphertext) return null;
    const refresh = decryptOauth(dataKey, "refresh", at, row.refreshCiphertext);
    const secret = decryptOauth(
      dataKey,
      "client_secret",
      { ...at, userId: "" },
      client.clientSecretCiphertext,
    );
    const answer = await tokenRequest(
      client,
      secret,
      { grant_type: "refresh_token", refresh_token: refresh },
      deps.options,
    );
    const grant = await requireGrant(tx, refreshActor(at.workspaceId, at.userId), at.grantId);
    if (!answer.ok) {
      await recordAudit(tx, refreshActor(at.workspaceId, at.userId), {
        action: "integration.oauth.refreshed",
        outcome: "failure",
        target: auditTarget(grant),
        summary: `Refreshing a ${grant.service} connection failed; the user must connect again.`,
        metadata: { ...auditMeta(grant), reason: answer.reason },
      });
      return null;
    }
    await storeTokens(tx, dataKey, at, answer.answer, refresh, true);
    return answer.answer.accessToken;
  });
}

/** A refresh happens on the user's behalf, during their run or their use of the app. */
const refreshActor = (workspaceId: string, userId: string): Actor => ({
  kind: "system",
  userId,
  displayName: "Second",
  workspaceId,
  role: "member",
});
