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
    // A service on its real port, served by a fake API on another loopback port.
    expect(
      parseConfig({
        SECOND_TEST_LOOPBACK_APIS: "api.acme.test:443=127.0.0.1:4401,b.acme.test:443=[::1]:4402",
      }).testLoopbackApis,
    ).toEqual([
      { host: "api.acme.test", port: 443, address: "127.0.0.1", targetPort: 4401 },
      { host: "b.acme.test", port: 443, address: "::1", targetPort: 4402 },
    ]);
    expect(() =>
      parseConfig({ SECOND_TEST_LOOPBACK_APIS: "api.acme.test:443=10.0.0.1:4401" }),
    ).toThrow(/loopback/);
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
        SECOND_MASTER_KEY: Buffer.alloc(32, 1).toString("base64"),
        SECOND_TEST_LOOPBACK_APIS: "api.acme.test:4570",
      }),
    ).toThrow(/refused in production/);
  });

  test("an OpenAI-compatible model server: URL + models + optional key and prices", () => {
    expect(parseConfig({}).openaiCompatible).toBeNull();
    expect(
      parseConfig({
        OPENAI_COMPATIBLE_BASE_URL: "http://127.0.0.1:11434/v1/",
        OPENAI_COMPATIBLE_MODEL: " llama3.1:8b, qwen2.5-coder:7b ,llama3.1:8b",
      }).openaiCompatible,
    ).toEqual({
      baseURL: "http://127.0.0.1:11434/v1",
      models: ["llama3.1:8b", "qwen2.5-coder:7b"],
      apiKey: undefined,
      price: { input: 0, output: 0 },
    });
    expect(
      parseConfig({
        OPENAI_COMPATIBLE_BASE_URL: "https://models.internal/v1",
        OPENAI_COMPATIBLE_MODEL: "mistral",
        OPENAI_COMPATIBLE_API_KEY: "sk-local-key-123456",
        OPENAI_COMPATIBLE_PRICE_INPUT: "0.2",
        OPENAI_COMPATIBLE_PRICE_OUTPUT: "0.6",
      }).openaiCompatible,
    ).toMatchObject({ apiKey: "sk-local-key-123456", price: { input: 0.2, output: 0.6 } });
    // Half a configuration is an error that names what is missing.
    expect(() => parseConfig({ OPENAI_COMPATIBLE_BASE_URL: "http://127.0.0.1:8000/v1" })).toThrow(
      /OPENAI_COMPATIBLE_MODEL is required/,
    );
    expect(() => parseConfig({ OPENAI_COMPATIBLE_MODEL: "mistral" })).toThrow(
      /OPENAI_COMPATIBLE_BASE_URL is required/,
    );
    expect(() => parseConfig({ OPENAI_COMPATIBLE_API_KEY: "sk-123456789" })).toThrow(
      /OPENAI_COMPATIBLE_BASE_URL is required/,
    );
    const bad = { OPENAI_COMPATIBLE_MODEL: "m" };
    expect(() => parseConfig({ ...bad, OPENAI_COMPATIBLE_BASE_URL: "ftp://host/v1" })).toThrow(
      /http\(s\) URL/,
    );
    expect(() =>
      parseConfig({
        ...bad,
        OPENAI_COMPATIBLE_BASE_URL: "http://h/v1",
        OPENAI_COMPATIBLE_MODEL: "a b",
      }),
    ).toThrow(/OPENAI_COMPATIBLE_MODEL/);
    expect(() =>
      parseConfig({
        ...bad,
        OPENAI_COMPATIBLE_BASE_URL: "http://h/v1",
        OPENAI_COMPATIBLE_PRICE_INPUT: "-1",
      }),
    ).toThrow(/OPENAI_COMPATIBLE_PRICE_INPUT/);
    // The key is never part of the error text.
    try {
      parseConfig({ OPENAI_COMPATIBLE_API_KEY: "sk-secret-0123456789" });
    } catch (e) {
      expect(String(e)).not.toContain("sk-secret-0123456789");
    }
  });
});
