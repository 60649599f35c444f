import { expect, test } from "bun:test";
import { configSecrets } from "../../src/config";
import { redactCredentials } from "../../src/credentials";
import { createLogger } from "../../src/log";

test("passwords inside URLs are removed, users and hosts kept", () => {
  const text =
    "connect postgres://second_app:s3cr%40t-pw@127.0.0.1:5432/second and redis://:hunter2hunter2@cache:6379 or https://example.com/a@b";
  const out = redactCredentials(text);
  expect(out).toBe(
    "connect postgres://second_app:***@127.0.0.1:5432/second and redis://:***@cache:6379 or https://example.com/a@b",
  );
});

test("known secret values are removed wherever they appear (a dumped client object)", () => {
  const secret = "QrWzVigupe8K-Z9mBHiokO_qXuOvEsFkWae4Jlduj54";
  const dump = `Client {\n  user: "second_app",\n  password: "${secret}",\n}`;
  const out = redactCredentials(dump, [secret]);
  expect(out).not.toContain(secret);
  expect(out).toContain('password: "***"');
  // Short values would blank ordinary words; they are not treated as secrets.
  expect(redactCredentials("port 5432", ["5432"])).toBe("port 5432");
});

test("the logger never prints a URL's password", () => {
  const lines: string[] = [];
  const original = console.error;
  console.error = (line: string) => lines.push(line);
  try {
    createLogger("info", "t").error("db down", { url: "postgres://u:pw-123456@db/x" });
  } finally {
    console.error = original;
  }
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain("postgres://u:***@db/x");
  expect(lines[0]).not.toContain("pw-123456");
});

test("the logger removes the configured credentials (model API keys) from every line", () => {
  const anthropic = "sk-ant-0123456789abcdef";
  const local = "sk-local-0123456789abcdef";
  const secrets = configSecrets({
    anthropic: { apiKey: anthropic, baseURL: undefined },
    openaiCompatible: {
      baseURL: "http://127.0.0.1:11434/v1",
      models: ["llama3.1:8b"],
      apiKey: local,
      price: { input: 0, output: 0 },
    },
  });
  expect(secrets).toEqual([anthropic, local]);
  const lines: string[] = [];
  const log = createLogger("info", "t", (line) => lines.push(line), secrets);
  log.error("upstream said", { body: `bad key ${local}`, err: new Error(`key ${anthropic}`) });
  expect(lines).toHaveLength(1);
  expect(lines[0]).not.toContain(local);
  expect(lines[0]).not.toContain(anthropic);
  expect(lines[0]).toContain("bad key ***");
});
