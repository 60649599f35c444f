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
const childEnv: Record<string, string> = {
  ...(env as Record<string, string>),
  DATABASE_URL: pg.url,
  DATABASE_APP_PASSWORD: appPassword,
  SESSION_SECRET: env.SESSION_SECRET ?? persistentSecret("session-secret"),
  PORT: port,
  SECOND_API_URL: `http://127.0.0.1:${port}`,
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
  Bun.spawn(["bunx", "vite", "--config", "web/vite.config.ts", "--port", webPort, "--strictPort"], {
    env: childEnv,
    stdout: "inherit",
    stderr: "inherit",
  }),
];

console.log(`
  Second is starting.
    database  ${pg.source}${pg.source === "embedded" ? " (data in .data/pg)" : ""}
    queues    ${redisUrl ? `Redis at ${redisUrl}` : "PostgreSQL (no Redis found)"}
    api       http://127.0.0.1:${port}

  Open http://127.0.0.1:${webPort}
`);

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
// If any part dies, stop the rest rather than leave a half-running product.
await Promise.race(children.map((c) => c.exited));
if (!stopping) {
  console.error("A process exited; stopping Second.");
  await stop();
}
