import { defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 4173);

export default defineConfig({
  testDir: ".",
  testMatch: "**/*.e2e.ts",
  outputDir: "../../test-results/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [["list"], ["junit", { outputFile: "../../test-results/e2e-junit.xml" }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1360, height: 860 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: "bun tests/e2e/server.ts",
    cwd: "../..",
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "pipe",
    // The next two ports: a fake HubSpot (its https://api.hubapi.com calls go there) and an
    // OAuth provider, both started by the browser tests that use them.
    env: {
      E2E_PORT: String(port),
      SECOND_TEST_LOOPBACK_APIS: `api.hubapi.com:443=127.0.0.1:${port + 1},127.0.0.1:${port + 2}`,
    },
  },
});
