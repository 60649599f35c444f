import { describe, expect, test } from "bun:test";
import { ConfigError, deriveAppDatabaseUrl, parseConfig } from "../../src/config";

describe("config", () => {
  test("defaults suit local development", () => {
    const c = parseConfig({});
    expect(c).toMatchObject({
      env: "development",
      port: 3000,
      authMode: "none",
      queueBackend: "postgres",
      databaseUrl: "postgres://postgres@127.0.0.1:5432/second",
      appDatabaseUrl: "postgres://second_app@127.0.0.1:5432/second",
    });
    expect(c.sessionSecret.length).toBeGreaterThanOrEqual(32);
  });

  test("Redis when configured; the runtime URL can be given or derived with a password", () => {
    expect(parseConfig({ REDIS_URL: "redis://r:6379" }).queueBackend).toBe("redis");
    expect(
      parseConfig({ REDIS_URL: "redis://r:6379", QUEUE_BACKEND: "postgres" }).queueBackend,
    ).toBe("postgres");
    expect(deriveAppDatabaseUrl("postgres://owner:pw@db:5432/second", "s3cret")).toBe(
      "postgres://second_app:s3cret@db:5432/second",
    );
    expect(parseConfig({ DATABASE_APP_URL: "postgres://app@db/x" }).appDatabaseUrl).toBe(
      "postgres://app@db/x",
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
});
