// Playwright's web server: the real app serving the built web client, on a fresh database
// cloned from the run's template (or a freshly migrated one when run on its own), plus a worker
// that runs the builder's jobs.
import { mkdirSync, writeFileSync } from "node:fs";
import { createWorker } from "../../worker/create";
import { createTemplate, createTestDatabase, dropRunDatabases } from "../support/db";
import { startServer, testConfig } from "../support/server";

process.env.SECOND_TEST_TEMPLATE ??= await createTemplate();
const db = await createTestDatabase();
const port = Number(process.env.E2E_PORT ?? 4173);
const workspacesDir = `/tmp/second-e2e-workspaces-${db.name}`;
const worker = createWorker(testConfig(db, { workspacesDir }));
await worker.ready();
const server = startServer(db, { serveWeb: true, webDistDir: "dist/web", workspacesDir }, port);
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
