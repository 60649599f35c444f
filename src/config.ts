import { createHash } from "node:crypto";
import { z } from "zod";
import { isLoopback } from "./integrations/addresses";

const bool = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("127.0.0.1"),
  PUBLIC_URL: z.url().optional(),
  DATABASE_URL: z.string().default("postgres://postgres@127.0.0.1:5432/second"),
  DATABASE_APP_URL: z.string().optional(),
  DATABASE_APP_PASSWORD: z.string().optional(),
  DATABASE_APP_ROLE: z
    .string()
    .regex(ROLE_NAME, "DATABASE_APP_ROLE must be a lowercase identifier of up to 63 characters")
    .optional(),
  DATABASE_QUEUE_URL: z.string().optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DATA_DOCUMENTS_PER_COLLECTION: z.coerce.number().int().min(1).max(100_000_000).default(1_000_000),
  DATA_READ_TIMEOUT_MS: z.coerce.number().int().min(10).max(600_000).default(5_000),
  REDIS_URL: z.string().optional(),
  QUEUE_BACKEND: z.enum(["redis", "postgres"]).optional(),
  QUEUE_PREFIX: z.string().default("second"),
  SECOND_AUTH_MODE: z.enum(["none", "external"]).default("none"),
  SESSION_SECRET: z.string().min(32, "SESSION_SECRET must be at least 32 characters").optional(),
  AUDIT_SIGNING_KEY: z
    .string()
    .min(32, "AUDIT_SIGNING_KEY must be at least 32 characters")
    .optional(),
  AUDIT_SEAL_LAG_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  WEB_DIST_DIR: z.string().default("dist/web"),
  SERVE_WEB: bool.optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  ANTHROPIC_API_KEY: z.string().min(1).optional(),
  ANTHROPIC_BASE_URL: z.url().optional(),
  OPENAI_COMPATIBLE_BASE_URL: z
    .url({ protocol: /^https?$/, error: "OPENAI_COMPATIBLE_BASE_URL must be an http(s) URL" })
    .optional(),
  OPENAI_COMPATIBLE_MODEL: z
    .string()
    .regex(
      /^\s*[^\s,]{1,200}\s*(,\s*[^\s,]{1,200}\s*){0,19}$/,
      "OPENAI_COMPATIBLE_MODEL is a model id, or up to 20 ids separated by commas",
    )
    .optional(),
  OPENAI_COMPATIBLE_API_KEY: z.string().min(1).optional(),
  OPENAI_COMPATIBLE_PRICE_INPUT: z.coerce.number().min(0).max(10_000).default(0),
  OPENAI_COMPATIBLE_PRICE_OUTPUT: z.coerce.number().min(0).max(10_000).default(0),
  WORKSPACES_DIR: z.string().default(".data/workspaces"),
  APP_DEPS_DIR: z.string().default(".data/app-deps"),
  PREVIEW_ORIGIN: z.url().optional(),
  SECOND_TEST_LOOPBACK_APIS: z
    .string()
    .regex(
      /^\s*$|^[a-z0-9.-]+:\d{1,5}(=[0-9a-f.:[\]]+)?(\s*,\s*[a-z0-9.-]+:\d{1,5}(=[0-9a-f.:[\]]+)?)*$/i,
      "SECOND_TEST_LOOPBACK_APIS is a comma-separated list of host:port[=loopback address[:port]] (an IPv6 address with a port in brackets)",
    )
    .optional(),
  SECOND_MASTER_KEY: z.string().optional(),
  SECOND_MASTER_KEY_PREVIOUS: z.string().optional(),
});

export interface DataSettings {
  documentsPerCollection: number;
  readTimeoutMs: number;
}

export type QueueBackend = "redis" | "postgres";

export interface OpenAICompatibleConfig {
  baseURL: string;
  models: string[];
  apiKey: string | undefined;
  price: { input: number; output: number };
}

export interface Config {
  env: "development" | "production" | "test";
  port: number;
  host: string;
  publicUrl: string | undefined;
  /** Owner connection: runs migrations and nothing else. */
  databaseUrl: string;
  /** Runtime connection: the non-superuser role every request and job uses. */
  appDatabaseUrl: string;
  appDatabasePassword: string | undefined;
  /** The runtime login role, one per installation (roles are cluster-wide, databases are not). */
  appRole: string;
  /** The PostgreSQL queue backend's connection: a role that can reach the `bullmq` schema only. */
  queueDatabaseUrl: string;
  poolSize: number;
  /** App data: documents a collection may hold, and how long one read may run before PostgreSQL cancels it. */
  data: DataSettings;
  redisUrl: string | undefined;
  queueBackend: QueueBackend;
  queuePrefix: string;
  authMode: "none" | "external";
  sessionSecret: string;
  /** Signs audit seals; the database never holds it, so it cannot forge or rebuild a chain. */
  auditSigningKey: string;
  /** Committed audit events older than this without a seal mean seals were removed. */
  auditSealLagMs: number;
  webDistDir: string;
  serveWeb: boolean;
  logLevel: "debug" | "info" | "warn" | "error" | "silent";
  /** Without a key the offline provider is the only one (it needs no network). */
  anthropic: { apiKey: string; baseURL: string | undefined } | null;
  /**
   * Any OpenAI-compatible chat-completions server (a local model server, usually): its base URL,
   * the models it offers (the first is the default), an optional key, and prices in USD per
   * million tokens (0 unless configured). Null when no base URL is set.
   */
  openaiCompatible: OpenAICompatibleConfig | null;
  /** Where the worker keeps app workspaces (one folder per app). */
  workspacesDir: string;
  /** The generated apps' shared dependencies, linked into every workspace (never per app). */
  appDepsDir: string;
  /** Serve previews from this origin (a separate site) instead of the app's own. */
  previewOrigin: string | undefined;
  /**
   * Test-only stand-ins for third-party APIs: outbound calls to these host:port pairs go over
   * plain HTTP to a loopback address. Refused in production.
   */
  testLoopbackApis: { host: string; port: number; address?: string; targetPort?: number }[];
  /**
   * Wraps each workspace's data key, which encrypts integration secrets. `previous` keys only
   * unwrap, so a rotation can re-wrap what they wrapped (npm run secrets:rotate-master-key).
   */
  masterKeys: MasterKeys;
}

export interface MasterKey {
  /** A fingerprint stored beside every wrapped data key, naming the key that wrapped it. */
  id: string;
  key: Uint8Array;
}
export interface MasterKeys {
  current: MasterKey;
  previous: MasterKey[];
}

/** Privileges on tenant tables are granted to this group role; each installation's login joins it. */
export const APP_GROUP = "second_app";
/** Privileges on the queue backend's schema are granted to this group role. */
export const QUEUE_GROUP = "second_queue";

const databaseOf = (url: string) =>
  decodeURIComponent(new URL(url).pathname.slice(1)) || "postgres";

function roleName(prefix: string, database: string): string {
  const name = `${prefix}_${database.toLowerCase().replace(/[^a-z0-9_]/g, "_")}`;
  if (name.length <= 63) return name;
  const digest = createHash("sha256").update(database).digest("hex").slice(0, 8);
  return `${name.slice(0, 54)}_${digest}`;
}

/** The login roles of the installation whose database the URL names. */
export function installationRoles(ownerUrl: string, appRole?: string) {
  const database = databaseOf(ownerUrl);
  return {
    app: appRole ?? roleName(APP_GROUP, database),
    queue: roleName(QUEUE_GROUP, database),
  };
}

/** The owner URL with another role as user (the runtime and queue connections, unless given). */
export function deriveRoleUrl(ownerUrl: string, role: string, password?: string): string {
  const url = new URL(ownerUrl);
  url.username = role;
  url.password = password ?? "";
  return url.toString();
}

export class ConfigError extends Error {}

export function parseConfig(
  env: Record<string, string | undefined>,
  overrides: Partial<Config> = {},
): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  if (e.NODE_ENV === "production" && !e.SESSION_SECRET) {
    throw new ConfigError("SESSION_SECRET is required in production (32+ characters).");
  }
  if (e.NODE_ENV === "production" && !e.AUDIT_SIGNING_KEY) {
    throw new ConfigError("AUDIT_SIGNING_KEY is required in production (32+ characters).");
  }
  if (e.NODE_ENV === "production" && !e.SECOND_MASTER_KEY) {
    throw new ConfigError(
      "SECOND_MASTER_KEY is required in production: 32 random bytes in base64 (e.g. `openssl rand -base64 32`). It encrypts integration secrets; keep it out of the database and its backups.",
    );
  }
  if (e.SECOND_AUTH_MODE === "external") {
    throw new ConfigError(
      "SECOND_AUTH_MODE=external needs an external auth provider, which this build does not include yet.",
    );
  }
  const testLoopbackApis = (e.SECOND_TEST_LOOPBACK_APIS ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [target, to] = entry.split("=");
      const at = target!.lastIndexOf(":");
      // The loopback side: an address, optionally with the port the fake API listens on
      // (127.0.0.1:4401, [::1]:4401); a bare IPv6 address takes no port.
      const withPort = to
        ? /^\[([0-9a-f:.]+)\](?::(\d{1,5}))?$|^([0-9.]+):(\d{1,5})$/i.exec(to)
        : null;
      const address = withPort ? (withPort[1] ?? withPort[3]) : to;
      const targetPort = withPort ? (withPort[2] ?? withPort[4]) : undefined;
      return {
        host: target!.slice(0, at).toLowerCase(),
        port: Number(target!.slice(at + 1)),
        ...(address ? { address } : {}),
        ...(targetPort ? { targetPort: Number(targetPort) } : {}),
      };
    });
  if (e.NODE_ENV === "production" && testLoopbackApis.length > 0) {
    throw new ConfigError("SECOND_TEST_LOOPBACK_APIS is for tests only and refused in production.");
  }
  const notLoopback = testLoopbackApis.find((t) => t.address && !isLoopback(t.address));
  if (notLoopback) {
    throw new ConfigError(
      `SECOND_TEST_LOOPBACK_APIS: ${notLoopback.host}:${notLoopback.port} must point at a loopback address.`,
    );
  }
  if (e.OPENAI_COMPATIBLE_BASE_URL && !e.OPENAI_COMPATIBLE_MODEL) {
    throw new ConfigError(
      "OPENAI_COMPATIBLE_MODEL is required with OPENAI_COMPATIBLE_BASE_URL: the model id the server serves (e.g. llama3.1:8b).",
    );
  }
  if (!e.OPENAI_COMPATIBLE_BASE_URL && (e.OPENAI_COMPATIBLE_MODEL || e.OPENAI_COMPATIBLE_API_KEY)) {
    throw new ConfigError(
      "OPENAI_COMPATIBLE_BASE_URL is required with OPENAI_COMPATIBLE_MODEL or OPENAI_COMPATIBLE_API_KEY: the server's URL, e.g. http://127.0.0.1:11434/v1.",
    );
  }
  const explicitUser =
    e.DATABASE_APP_URL && decodeURIComponent(new URL(e.DATABASE_APP_URL).username);
  const roles = installationRoles(
    e.DATABASE_URL,
    e.DATABASE_APP_ROLE ?? (explicitUser || undefined),
  );
  const config: Config = {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL,
    databaseUrl: e.DATABASE_URL,
    appDatabaseUrl:
      e.DATABASE_APP_URL ?? deriveRoleUrl(e.DATABASE_URL, roles.app, e.DATABASE_APP_PASSWORD),
    appDatabasePassword: e.DATABASE_APP_PASSWORD,
    appRole: roles.app,
    queueDatabaseUrl:
      e.DATABASE_QUEUE_URL ?? deriveRoleUrl(e.DATABASE_URL, roles.queue, e.DATABASE_APP_PASSWORD),
    poolSize: e.DATABASE_POOL_SIZE,
    data: {
      documentsPerCollection: e.DATA_DOCUMENTS_PER_COLLECTION,
      readTimeoutMs: e.DATA_READ_TIMEOUT_MS,
    },
    redisUrl: e.REDIS_URL,
    queueBackend: e.QUEUE_BACKEND ?? (e.REDIS_URL ? "redis" : "postgres"),
    queuePrefix: e.QUEUE_PREFIX,
    authMode: e.SECOND_AUTH_MODE,
    // Without a configured secret, sessions last as long as the process (dev writes one to .data/).
    sessionSecret: e.SESSION_SECRET ?? randomSecret(),
    // Likewise a process-lifetime key: seals made with it verify only in this process.
    auditSigningKey: e.AUDIT_SIGNING_KEY ?? randomSecret(),
    auditSealLagMs: e.AUDIT_SEAL_LAG_SECONDS * 1000,
    webDistDir: e.WEB_DIST_DIR,
    serveWeb: e.SERVE_WEB ?? e.NODE_ENV === "production",
    logLevel: e.LOG_LEVEL,
    anthropic: e.ANTHROPIC_API_KEY
      ? { apiKey: e.ANTHROPIC_API_KEY, baseURL: e.ANTHROPIC_BASE_URL }
      : null,
    openaiCompatible: e.OPENAI_COMPATIBLE_BASE_URL
      ? {
          baseURL: e.OPENAI_COMPATIBLE_BASE_URL.replace(/\/+$/, ""),
          models: [
            ...new Set(
              (e.OPENAI_COMPATIBLE_MODEL ?? "")
                .split(",")
                .map((m) => m.trim())
                .filter(Boolean),
            ),
          ],
          apiKey: e.OPENAI_COMPATIBLE_API_KEY,
          price: {
            input: e.OPENAI_COMPATIBLE_PRICE_INPUT,
            output: e.OPENAI_COMPATIBLE_PRICE_OUTPUT,
          },
        }
      : null,
    workspacesDir: e.WORKSPACES_DIR,
    appDepsDir: e.APP_DEPS_DIR,
    previewOrigin: e.PREVIEW_ORIGIN?.replace(/\/+$/, ""),
    testLoopbackApis,
    // Without a configured key, secrets saved by this process decrypt only in this process.
    masterKeys: {
      current: e.SECOND_MASTER_KEY
        ? masterKey(e.SECOND_MASTER_KEY, "SECOND_MASTER_KEY")
        : masterKeyFrom(crypto.getRandomValues(new Uint8Array(32))),
      previous: (e.SECOND_MASTER_KEY_PREVIOUS ?? "")
        .split(",")
        .map((k) => k.trim())
        .filter(Boolean)
        .map((k) => masterKey(k, "SECOND_MASTER_KEY_PREVIOUS")),
    },
  };
  return { ...config, ...overrides };
}

/** A master key from its base64 (or base64url) text: exactly 32 bytes. */
export function masterKey(text: string, variable = "SECOND_MASTER_KEY"): MasterKey {
  const trimmed = text.trim();
  const bytes = Buffer.from(trimmed, "base64");
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed) || bytes.length !== 32)
    throw new ConfigError(
      `${variable} must be 32 random bytes in base64 (e.g. \`openssl rand -base64 32\`).`,
    );
  return masterKeyFrom(new Uint8Array(bytes));
}

function masterKeyFrom(key: Uint8Array): MasterKey {
  const id = createHash("sha256").update("second-master-key").update(key).digest("hex");
  return { id: id.slice(0, 16), key };
}

function randomSecret(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url");
}

/** The credential values in the configuration, for removing from anything printed. */
export function configSecrets(
  config: Pick<Config, "anthropic" | "openaiCompatible"> & Partial<Pick<Config, "masterKeys">>,
): string[] {
  const masters = config.masterKeys
    ? [config.masterKeys.current, ...config.masterKeys.previous].flatMap(({ key }) => [
        Buffer.from(key).toString("base64"),
        Buffer.from(key).toString("base64url"),
      ])
    : [];
  return [config.anthropic?.apiKey, config.openaiCompatible?.apiKey, ...masters].filter(
    (s): s is string => typeof s === "string",
  );
}

/** The only reader of process.env. */
export function loadConfig(overrides: Partial<Config> = {}): Config {
  return parseConfig(process.env, overrides);
}
