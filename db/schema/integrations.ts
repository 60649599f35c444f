import { sql } from "drizzle-orm";
import {
  check,
  foreignKey,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { apps } from "./apps";
import { tenantPolicy } from "./rls";
import { workspaces } from "./workspaces";

/**
 * A workspace's data key, wrapped (AES-256-GCM) by the installation's master key, which never
 * reaches the database. `master_key_id` names the master key that wrapped it, so a rotation
 * finds the rows still wrapped by an old key.
 */
export const workspaceDataKeys = pgTable(
  "workspace_data_keys",
  {
    workspaceId: uuid("workspace_id")
      .primaryKey()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    masterKeyId: text("master_key_id").notNull(),
    /** base64 of iv ‖ ciphertext ‖ tag; the associated data binds it to the workspace. */
    wrappedKey: text("wrapped_key").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    rewrappedAt: timestamp("rewrapped_at", { withTimezone: true }),
  },
  () => [tenantPolicy("workspace_data_keys_tenant")],
);

export const INTEGRATION_AUTH_KINDS = ["none", "static", "oauth2"] as const;
export type IntegrationAuthKind = (typeof INTEGRATION_AUTH_KINDS)[number];
export const INTEGRATION_ACCESS = ["read", "write"] as const;
export type IntegrationAccess = (typeof INTEGRATION_ACCESS)[number];

export interface SetupStep {
  text: string;
  link?: string;
}

/**
 * One app's permission to reach one service (domain + key slug), as its integration-setup.json
 * declares it. Grants belong to exactly one app: two apps naming the same service hold two.
 */
export const integrationGrants = pgTable(
  "integration_grants",
  {
    workspaceId: uuid("workspace_id").notNull(),
    id: uuid("id").notNull(),
    appId: uuid("app_id").notNull(),
    service: text("service").notNull(),
    domain: text("domain").notNull(),
    keySlug: text("key_slug").notNull(),
    authKind: text("auth_kind").$type<IntegrationAuthKind>().notNull(),
    access: text("access").$type<IntegrationAccess>().notNull(),
    permissionGroups: text("permission_groups").array().notNull().default(sql`'{}'::text[]`),
    /** Names of the secrets the service needs (never their values). */
    secretNames: text("secret_names").array().notNull().default(sql`'{}'::text[]`),
    setupSteps: jsonb("setup_steps").$type<SetupStep[]>().notNull().default([]),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "integration_grants_pkey", columns: [t.workspaceId, t.id] }),
    unique("integration_grants_app_key").on(t.workspaceId, t.appId, t.domain, t.keySlug),
    foreignKey({
      name: "integration_grants_app_fk",
      columns: [t.workspaceId, t.appId],
      foreignColumns: [apps.workspaceId, apps.id],
    }).onDelete("cascade"),
    check("integration_grants_auth_kind_check", sql`auth_kind in ('none', 'static', 'oauth2')`),
    check("integration_grants_access_check", sql`access in ('read', 'write')`),
    tenantPolicy("integration_grants_tenant"),
  ],
);

/** A secret of a grant, encrypted with the workspace's data key; bound to workspace, grant and name. */
export const integrationSecrets = pgTable(
  "integration_secrets",
  {
    workspaceId: uuid("workspace_id").notNull(),
    grantId: uuid("grant_id").notNull(),
    name: text("name").notNull(),
    /** base64 of iv ‖ ciphertext ‖ tag. */
    ciphertext: text("ciphertext").notNull(),
    updatedBy: uuid("updated_by"),
    updatedByName: text("updated_by_name"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "integration_secrets_pkey", columns: [t.workspaceId, t.grantId, t.name] }),
    foreignKey({
      name: "integration_secrets_grant_fk",
      columns: [t.workspaceId, t.grantId],
      foreignColumns: [integrationGrants.workspaceId, integrationGrants.id],
    }).onDelete("cascade"),
    tenantPolicy("integration_secrets_tenant"),
  ],
);

export type IntegrationGrant = typeof integrationGrants.$inferSelect;

/**
 * The provider client an admin registered for an oauth2 grant. The client secret is encrypted
 * with the workspace's data key and bound to workspace and grant; it is never read back.
 */
export const integrationOauthClients = pgTable(
  "integration_oauth_clients",
  {
    workspaceId: uuid("workspace_id").notNull(),
    grantId: uuid("grant_id").notNull(),
    clientId: text("client_id").notNull(),
    /** base64 of iv ‖ ciphertext ‖ tag. */
    clientSecretCiphertext: text("client_secret_ciphertext").notNull(),
    authorizationEndpoint: text("authorization_endpoint").notNull(),
    tokenEndpoint: text("token_endpoint").notNull(),
    /** RFC 7009: where a user's tokens are revoked when they disconnect (null: none). */
    revocationEndpoint: text("revocation_endpoint"),
    scopes: text("scopes").array().notNull().default(sql`'{}'::text[]`),
    updatedBy: uuid("updated_by"),
    updatedByName: text("updated_by_name"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "integration_oauth_clients_pkey", columns: [t.workspaceId, t.grantId] }),
    foreignKey({
      name: "integration_oauth_clients_grant_fk",
      columns: [t.workspaceId, t.grantId],
      foreignColumns: [integrationGrants.workspaceId, integrationGrants.id],
    }).onDelete("cascade"),
    tenantPolicy("integration_oauth_clients_tenant"),
  ],
);

/**
 * A connection under way: single use, bound to user, workspace and grant, short-lived. Only the
 * state's hash is stored; the PKCE verifier is encrypted like a secret.
 */
export const integrationOauthStates = pgTable(
  "integration_oauth_states",
  {
    workspaceId: uuid("workspace_id").notNull(),
    stateHash: text("state_hash").notNull(),
    grantId: uuid("grant_id").notNull(),
    userId: uuid("user_id").notNull(),
    verifierCiphertext: text("verifier_ciphertext").notNull(),
    returnPath: text("return_path").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "integration_oauth_states_pkey", columns: [t.workspaceId, t.stateHash] }),
    foreignKey({
      name: "integration_oauth_states_client_fk",
      columns: [t.workspaceId, t.grantId],
      foreignColumns: [integrationOauthClients.workspaceId, integrationOauthClients.grantId],
    }).onDelete("cascade"),
    tenantPolicy("integration_oauth_states_tenant"),
  ],
);

/**
 * One user's connection to an oauth2 grant's provider: access and refresh tokens encrypted with
 * the workspace's data key, bound to workspace, grant and user. Removing the client removes them.
 */
export const integrationOauthTokens = pgTable(
  "integration_oauth_tokens",
  {
    workspaceId: uuid("workspace_id").notNull(),
    grantId: uuid("grant_id").notNull(),
    userId: uuid("user_id").notNull(),
    accessCiphertext: text("access_ciphertext").notNull(),
    refreshCiphertext: text("refresh_ciphertext"),
    /** When the access token stops working (null: the provider did not say). */
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    /** The provider's account the user connected (its subject), for "Connected as …". */
    accountLabel: text("account_label"),
    connectedAt: timestamp("connected_at", { withTimezone: true }).notNull().defaultNow(),
    refreshedAt: timestamp("refreshed_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({
      name: "integration_oauth_tokens_pkey",
      columns: [t.workspaceId, t.grantId, t.userId],
    }),
    foreignKey({
      name: "integration_oauth_tokens_client_fk",
      columns: [t.workspaceId, t.grantId],
      foreignColumns: [integrationOauthClients.workspaceId, integrationOauthClients.grantId],
    }).onDelete("cascade"),
    tenantPolicy("integration_oauth_tokens_tenant"),
  ],
);
