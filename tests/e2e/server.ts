// Playwright's web server: the real app serving the built web client, on a fresh database
// cloned from the run's template (or a freshly migrated one when run on its own), plus a worker
// that runs the builder's jobs.
import { mkdirSync, writeFileSync } from "node:fs";
import { parseConfig } from "../../src/config";
import { createWorker } from "../../worker/create";
import { createTemplate, createTestDatabase, dropRunDatabases } from "../support/db";
import { startServer, testConfig } from "../support/server";

process.env.SECOND_TEST_TEMPLATE ??= await createTemplate();
const db = await createTestDatabase();
const port = Number(process.env.E2E_PORT ?? 4173);
const workspacesDir = `/tmp/second-e2e-workspaces-${db.name}`;
// Fake third-party APIs and the OAuth provider the browser tests run on loopback (the
// playwright config names them), and the public URL the provider redirects back to.
const { testLoopbackApis } = parseConfig({
  SECOND_TEST_LOOPBACK_APIS: process.env.SECOND_TEST_LOOPBACK_APIS,
});
const worker = createWorker(testConfig(db, { workspacesDir, testLoopbackApis }));
await worker.ready();
const server = startServer(
  db,
  {
    serveWeb: true,
    webDistDir: "dist/web",
    workspacesDir,
    testLoopbackApis,
    publicUrl: `http://127.0.0.1:${port}`,
  },
  port,
);
console.log(`e2e server on ${server.url} (database ${db.name})`);
// For tests that seed a hand-written build (tests/e2e/seed-build.ts) into this server's database.
mkdirSync("test-results", { recursive: true });
writeFileSync("test-results/e2e-env.json", JSON.stringify({ appUrl: db.appUrl, workspacesDir }));

const stop = async () => {
  await server.close();
  await worker.close();
  await db.drop();
  if (!process.env.SECOND_TEST_RUN) await dropRunDatabases();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
