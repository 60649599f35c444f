import { describe, expect, test } from "bun:test";
import { ConfigError, deriveRoleUrl, installationRoles, parseConfig } from "../../src/config";

describe("config", () => {
  test("defaults suit local development", () => {
    const c = parseConfig({});
    expect(c).toMatchObject({
      env: "development",
      port: 3000,
      authMode: "none",
      queueBackend: "postgres",
      databaseUrl: "postgres://postgres@127.0.0.1:5432/second",
      appDatabaseUrl: "postgres://second_app_second@127.0.0.1:5432/second",
      appRole: "second_app_second",
      queueDatabaseUrl: "postgres://second_queue_second@127.0.0.1:5432/second",
    });
    expect(c.sessionSecret.length).toBeGreaterThanOrEqual(32);
  });

  test("Redis when configured; the runtime URL can be given or derived with a password", () => {
    expect(parseConfig({ REDIS_URL: "redis://r:6379" }).queueBackend).toBe("redis");
    expect(
      parseConfig({ REDIS_URL: "redis://r:6379", QUEUE_BACKEND: "postgres" }).queueBackend,
    ).toBe("postgres");
    expect(deriveRoleUrl("postgres://owner:pw@db:5432/second", "second_app_second", "s3")).toBe(
      "postgres://second_app_second:s3@db:5432/second",
    );
    expect(parseConfig({ DATABASE_APP_URL: "postgres://app@db/x" })).toMatchObject({
      appDatabaseUrl: "postgres://app@db/x",
      appRole: "app",
    });
    const named = parseConfig({
      DATABASE_URL: "postgres://o:pw@db/acme",
      DATABASE_APP_ROLE: "acme_runtime",
      DATABASE_APP_PASSWORD: "pw2",
    });
    expect(named).toMatchObject({
      appRole: "acme_runtime",
      appDatabaseUrl: "postgres://acme_runtime:pw2@db/acme",
      queueDatabaseUrl: "postgres://second_queue_acme:pw2@db/acme",
    });
  });

  test("role names are per installation, sanitised and within PostgreSQL's 63 characters", () => {
    expect(installationRoles("postgres://o@db/Second-Prod")).toEqual({
      app: "second_app_second_prod",
      queue: "second_queue_second_prod",
    });
    const long = installationRoles(`postgres://o@db/${"x".repeat(80)}`);
    expect(long.queue.length).toBeLessThanOrEqual(63);
    expect(long.queue).not.toBe(installationRoles(`postgres://o@db/${"x".repeat(81)}`).queue);
    expect(() => parseConfig({ DATABASE_APP_ROLE: "Robert'); drop" })).toThrow(
      /DATABASE_APP_ROLE must be a lowercase identifier/,
    );
  });

  test("invalid values are reported by name", () => {
    expect(() => parseConfig({ PORT: "http" })).toThrow(ConfigError);
    expect(() => parseConfig({ SESSION_SECRET: "short" })).toThrow(
      /SESSION_SECRET must be at least 32/,
    );
    expect(() => parseConfig({ NODE_ENV: "production" })).toThrow(/SESSION_SECRET is required/);
    const secret = "s".repeat(32);
    expect(() => parseConfig({ NODE_ENV: "production", SESSION_SECRET: secret })).toThrow(
      /AUDIT_SIGNING_KEY is required/,
    );
    expect(() => parseConfig({ AUDIT_SIGNING_KEY: "short" })).toThrow(
      /AUDIT_SIGNING_KEY must be at least 32/,
    );
    expect(() => parseConfig({ SECOND_AUTH_MODE: "external" })).toThrow(/external auth provider/);
  });

  test("test-only loopback APIs parse, must be loopback, and are refused in production", () => {
    expect(parseConfig({}).testLoopbackApis).toEqual([]);
    expect(
      parseConfig({
        SECOND_TEST_LOOPBACK_APIS: "api.acme.test:4570, Docs.Acme.Test:4571=127.0.0.2",
      }).testLoopbackApis,
    ).toEqual([
      { host: "api.acme.test", port: 4570 },
      { host: "docs.acme.test", port: 4571, address: "127.0.0.2" },
    ]);
    expect(() => parseConfig({ SECOND_TEST_LOOPBACK_APIS: "api.acme.test" })).toThrow(ConfigError);
    expect(() => parseConfig({ SECOND_TEST_LOOPBACK_APIS: "api.acme.test:1=10.0.0.1" })).toThrow(
      /loopback/,
    );
    const secret = "x".repeat(32);
    expect(() =>
      parseConfig({
        NODE_ENV: "production",
        SESSION_SECRET: secret,
        AUDIT_SIGNING_KEY: secret,
        SECOND_TEST_LOOPBACK_APIS: "api.acme.test:4570",
      }),
    ).toThrow(/refused in production/);
  });
});
