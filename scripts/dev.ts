// `npm run dev`: one command for the whole product on one machine — Postgres (local or embedded),
// queues (Redis if it answers, else Postgres), migrations, then server, worker and web with reload.
import { existsSync } from "node:fs";
import { ensureDatabase, migrateDatabase } from "../db/migrate";
import { persistentSecret, resolvePostgres, resolveRedis } from "./lib/local-services";

const env = process.env;
const pg = await resolvePostgres(env);
const redisUrl = await resolveRedis(env);
const appPassword = env.DATABASE_APP_PASSWORD ?? persistentSecret("app-db-password");

// The preview's demo app is served from the web build; make it once if it is missing.
if (!existsSync("dist/web/fixture-app/index.html")) {
  console.log("Building the web client once for the preview's demo app…");
  const build = Bun.spawnSync(
    ["bunx", "vite", "build", "--config", "web/vite.config.ts", "--logLevel", "warn"],
    {
      stdout: "inherit",
      stderr: "inherit",
    },
  );
  if (build.exitCode !== 0)
    console.error("The web build failed; the preview will show an error until it succeeds.");
}

await ensureDatabase(pg.url);
await migrateDatabase(pg.url, { appPassword });

const port = env.PORT ?? "3000";
const webPort = env.WEB_PORT ?? "5173";
const apiUrl = `http://127.0.0.1:${port}`;
const webUrl = `http://127.0.0.1:${webPort}`;
const childEnv: Record<string, string> = {
  ...(env as Record<string, string>),
  DATABASE_URL: pg.url,
  DATABASE_APP_PASSWORD: appPassword,
  SESSION_SECRET: env.SESSION_SECRET ?? persistentSecret("session-secret"),
  AUDIT_SIGNING_KEY: env.AUDIT_SIGNING_KEY ?? persistentSecret("audit-signing-key"),
  PORT: port,
  SECOND_API_URL: apiUrl,
  // The page is served by Vite, which proxies to the server: its origin is this app's own.
  PUBLIC_URL: env.PUBLIC_URL ?? webUrl,
  ...(redisUrl ? { REDIS_URL: redisUrl } : { QUEUE_BACKEND: "postgres" }),
};

const children = [
  Bun.spawn(["bun", "--watch", "src/main.ts"], {
    env: childEnv,
    stdout: "inherit",
    stderr: "inherit",
  }),
  Bun.spawn(["bun", "--watch", "worker/main.ts"], {
    env: childEnv,
    stdout: "inherit",
    stderr: "inherit",
  }),
  // Vite's own banner would print a second URL (localhost) before anything answers: warnings only.
  Bun.spawn(
    [
      "bunx",
      "vite",
      "--config",
      "web/vite.config.ts",
      "--host",
      "127.0.0.1",
      "--port",
      webPort,
      "--strictPort",
      "--logLevel",
      "warn",
      "--clearScreen",
      "false",
    ],
    { env: childEnv, stdout: "inherit", stderr: "inherit" },
  ),
];

console.log(`
  Second is starting.
    database  ${pg.source}${pg.source === "embedded" ? " (data in .data/pg)" : ""}
    queues    ${redisUrl ? `Redis at ${new URL(redisUrl).host}` : "PostgreSQL (no Redis found)"}
    api       ${apiUrl}
`);

/** Whether the page and, through the page's proxy, the server both answer. */
async function answering(): Promise<boolean> {
  try {
    const page = await fetch(`${webUrl}/`, { signal: AbortSignal.timeout(2000) });
    const api = await fetch(`${webUrl}/healthz`, { signal: AbortSignal.timeout(2000) });
    return page.ok && (api.headers.get("content-type") ?? "").includes("json");
  } catch {
    return false;
  }
}

const ready = (async () => {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (await answering()) return true;
    await Bun.sleep(250);
  }
  return false;
})();

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  for (const c of children) c.kill("SIGTERM");
  await Promise.all(children.map((c) => c.exited));
  await pg.stop();
  process.exit(0);
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
ready.then((ok) => {
  if (stopping) return;
  if (ok) console.log(`  Open ${webUrl}\n`);
  else console.error(`  Second did not answer at ${webUrl} within 90 s; see the output above.`);
});
// If any part dies, stop the rest rather than leave a half-running product.
await Promise.race(children.map((c) => c.exited));
if (!stopping) {
  console.error("A process exited; stopping Second.");
  await stop();
}
