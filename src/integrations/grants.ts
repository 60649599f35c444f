import { and, asc, eq } from "drizzle-orm";
import { type IntegrationGrant, integrationGrants, integrationSecrets } from "../../db/schema";
import type { Tx } from "../../db/tenant";
import { agentsApproval } from "../agents/approvals";
import { visibleApps } from "../apps/access";
import { requireApp } from "../apps/apps";
import { currentBuildFile } from "../builds/current-file";
import type { MasterKeys } from "../config";
import type { Actor, TenantCtx } from "../context";
import { requirePermission } from "../context";
import { notFound } from "../errors";
import { AGENTS_FILE, type AgentsFile, parseAgentsFile } from "../sdk/agents";
import { customToolsOf } from "../sdk/integration-setup";
import { decryptSecret } from "./crypto";
import { existingDataKey } from "./data-keys";
import type { ToolCredentials } from "./executor";
import {
  type OauthState,
  type OauthTokenDeps,
  oauthClientSet,
  oauthStates,
  userAccessToken,
} from "./oauth";

/**
 * needs_setup: a secret (or the OAuth connection) is missing, so tools answer with mock data;
 * mock: set up, but the app's agents are not approved live, so tools still answer with mock data;
 * configured: calls go to the service.
 */
export type GrantStatus = "needs_setup" | "mock" | "configured";

export interface SecretState {
  name: string;
  set: boolean;
  updatedAt: Date | null;
  updatedByName: string | null;
}

export interface GrantUse {
  /** An agent's tool, or one of the app's own backend tools. */
  kind: "agent" | "app";
  agentId: string | null;
  agentName: string | null;
  tool: string;
  method: string;
}

export interface GrantView {
  id: string;
  appId: string;
  service: string;
  domain: string;
  keySlug: string;
  authKind: IntegrationGrant["authKind"];
  access: IntegrationGrant["access"];
  permissionGroups: string[];
  setupSteps: IntegrationGrant["setupSteps"];
  secrets: SecretState[];
  status: GrantStatus;
  usedBy: GrantUse[];
  /** For an oauth2 grant: the client registration (never its secret) and the viewer's connection. */
  oauth: OauthState | null;
  updatedAt: Date;
}

/**
 * Whether every secret of the grant is set (always, for auth none; for oauth2, once an admin has
 * registered the provider's client — each user then connects their own account).
 */
function ready(
  grant: IntegrationGrant,
  setNames: ReadonlySet<string>,
  oauthClientSet = false,
): boolean {
  if (grant.authKind === "none") return true;
  if (grant.authKind === "oauth2") return oauthClientSet;
  return grant.secretNames.every((n) => setNames.has(n));
}

function usesOf(agents: AgentsFile | null, grant: IntegrationGrant): GrantUse[] {
  if (!agents) return [];
  return customToolsOf(agents)
    .filter(
      ({ tool }) =>
        tool.integration.domain === grant.domain && tool.integration.keySlug === grant.keySlug,
    )
    .map(({ path, tool }) => {
      const agent = path.startsWith("agents.") ? agents.agents[Number(path.split(".")[1])]! : null;
      return {
        kind: agent ? "agent" : "app",
        agentId: agent?.id ?? null,
        agentName: agent?.name ?? null,
        tool: tool.name,
        method: tool.method,
      };
    });
}

async function secretStates(tx: Tx, workspaceId: string, appId?: string) {
  const rows = await tx
    .select({
      grantId: integrationSecrets.grantId,
      name: integrationSecrets.name,
      updatedAt: integrationSecrets.updatedAt,
      updatedByName: integrationSecrets.updatedByName,
    })
    .from(integrationSecrets)
    .innerJoin(
      integrationGrants,
      and(
        eq(integrationGrants.workspaceId, integrationSecrets.workspaceId),
        eq(integrationGrants.id, integrationSecrets.grantId),
      ),
    )
    .where(
      and(
        eq(integrationSecrets.workspaceId, workspaceId),
        appId ? eq(integrationGrants.appId, appId) : undefined,
      ),
    );
  const byGrant = new Map<string, Map<string, (typeof rows)[number]>>();
  for (const r of rows) {
    const m = byGrant.get(r.grantId) ?? new Map();
    m.set(r.name, r);
    byGrant.set(r.grantId, m);
  }
  return byGrant;
}

async function appView(
  ctx: TenantCtx,
  app: { id: string; name: string },
  grants: IntegrationGrant[],
  publicUrl: string | undefined,
) {
  const { tx, actor } = ctx;
  const secrets = await secretStates(tx, actor.workspaceId, app.id);
  const oauth = await oauthStates(
    tx,
    actor,
    grants.filter((g) => g.authKind === "oauth2").map((g) => g.id),
    publicUrl,
  );
  const agentsFile = await currentBuildFile(tx, actor, app.id, AGENTS_FILE);
  const parsed =
    agentsFile.buildId !== null && agentsFile.text ? parseAgentsFile(agentsFile.text) : null;
  const agents = parsed?.ok ? parsed.file : null;
  const approval = grants.length > 0 ? (await agentsApproval(ctx, app.id)).state : "none";
  const views: GrantView[] = grants.map((g) => {
    const set = secrets.get(g.id) ?? new Map();
    const status: GrantStatus = !ready(g, new Set(set.keys()), !!oauth.get(g.id)?.client)
      ? "needs_setup"
      : approval === "live"
        ? "configured"
        : "mock";
    return {
      id: g.id,
      appId: g.appId,
      service: g.service,
      domain: g.domain,
      keySlug: g.keySlug,
      authKind: g.authKind,
      access: g.access,
      permissionGroups: g.permissionGroups,
      setupSteps: g.setupSteps,
      secrets: g.secretNames.map((name) => {
        const row = set.get(name);
        return {
          name,
          set: !!row,
          updatedAt: row?.updatedAt ?? null,
          updatedByName: row?.updatedByName ?? null,
        };
      }),
      status,
      usedBy: usesOf(agents, g),
      oauth: oauth.get(g.id) ?? null,
      updatedAt: g.updatedAt,
    };
  });
  return { appId: app.id, appName: app.name, approval, grants: views };
}

const grantsOf = (tx: Tx, workspaceId: string, appId?: string) =>
  tx
    .select()
    .from(integrationGrants)
    .where(
      and(
        eq(integrationGrants.workspaceId, workspaceId),
        appId ? eq(integrationGrants.appId, appId) : undefined,
      ),
    )
    .orderBy(asc(integrationGrants.service), asc(integrationGrants.keySlug));

/** One app's grants with their status, setup steps, secret names (never values) and users. */
export async function appIntegrations(ctx: TenantCtx, appId: string, publicUrl?: string) {
  requirePermission(ctx.actor, "integrations:view");
  const app = await requireApp(ctx.tx, ctx.actor, appId);
  return appView(ctx, app, await grantsOf(ctx.tx, ctx.actor.workspaceId, appId), publicUrl);
}

/** Every grant of the workspace, grouped by app (apps without grants left out). */
export async function workspaceIntegrations(ctx: TenantCtx, publicUrl?: string) {
  requirePermission(ctx.actor, "integrations:view");
  const { tx, actor } = ctx;
  const grants = await grantsOf(tx, actor.workspaceId);
  // An app's integrations are its makers' business: only the apps the caller makes are listed.
  const appRows = (await visibleApps(tx, actor))
    .filter((a) => a.access === "maker")
    .sort((a, b) => a.name.localeCompare(b.name));
  const out = [];
  for (const app of appRows) {
    const own = grants.filter((g) => g.appId === app.id);
    if (own.length > 0) out.push(await appView(ctx, app, own, publicUrl));
  }
  return out;
}

/** The grant, or NOT_FOUND when it is not in the actor's workspace. */
export async function requireGrant(tx: Tx, actor: Actor, grantId: string, lock = false) {
  const query = tx
    .select()
    .from(integrationGrants)
    .where(
      and(eq(integrationGrants.workspaceId, actor.workspaceId), eq(integrationGrants.id, grantId)),
    );
  const [grant] = lock ? await query.for("update") : await query;
  if (!grant) throw notFound("Integration");
  return grant;
}

/** What the executor is fed (its ToolCredentials), with the grant row itself. */
export type GrantCredentials = ToolCredentials & { grant: IntegrationGrant };

/**
 * The seam the guarded HTTP executor (src/integrations/executor.ts) is fed from:
 *   resolveToolCredentials(tx, keys, {workspaceId, appId, domain, keySlug})
 *     → {grant, status: "configured" | "needs_setup", secrets} | null
 * The only function that decrypts secrets; server and worker side only. Its result must never
 * reach a model, a browser, a log line, an audit row or an error message. Grants are per app: a
 * grant of another app never answers, and an app without one gets null (the executor's "no
 * grant"). Secrets are given only when every one the grant names is set.
 *
 * For an oauth2 grant the access token is `at.userId`'s own (the user who triggered the run, or
 * the viewer of an app backend function), refreshed first when expired; never another user's.
 * Without `oauth` deps or a user, or when the user has not connected, it is null (mock data,
 * reason oauth_not_connected).
 */
export async function resolveToolCredentials(
  tx: Tx,
  keys: MasterKeys,
  at: {
    workspaceId: string;
    appId: string;
    domain: string;
    keySlug: string;
    userId?: string | null;
  },
  oauth?: Omit<OauthTokenDeps, "keys">,
): Promise<GrantCredentials | null> {
  const [grant] = await tx
    .select()
    .from(integrationGrants)
    .where(
      and(
        eq(integrationGrants.workspaceId, at.workspaceId),
        eq(integrationGrants.appId, at.appId),
        eq(integrationGrants.domain, at.domain),
        eq(integrationGrants.keySlug, at.keySlug),
      ),
    );
  if (!grant) return null;
  const rows = await tx
    .select({ name: integrationSecrets.name, ciphertext: integrationSecrets.ciphertext })
    .from(integrationSecrets)
    .where(
      and(
        eq(integrationSecrets.workspaceId, at.workspaceId),
        eq(integrationSecrets.grantId, grant.id),
      ),
    );
  if (grant.authKind === "oauth2") {
    if (!(await oauthClientSet(tx, at.workspaceId, grant.id)))
      return { grant, status: "needs_setup", secrets: null };
    const accessToken =
      oauth && at.userId
        ? await userAccessToken(
            { ...oauth, keys },
            { workspaceId: at.workspaceId, grantId: grant.id, userId: at.userId },
          )
        : null;
    return { grant, status: "configured", secrets: {}, accessToken };
  }
  if (!ready(grant, new Set(rows.map((r) => r.name))))
    return { grant, status: "needs_setup", secrets: null };
  const secrets: Record<string, string> = {};
  if (grant.secretNames.length > 0) {
    const dataKey = await existingDataKey(tx, keys, at.workspaceId);
    if (!dataKey) return { grant, status: "needs_setup", secrets: null };
    for (const r of rows) {
      if (!grant.secretNames.includes(r.name)) continue;
      secrets[r.name] = decryptSecret(
        dataKey,
        { workspaceId: at.workspaceId, grantId: grant.id, name: r.name },
        r.ciphertext,
      );
    }
  }
  return { grant, status: "configured", secrets };
}
