// `npm run dev`: one command for the whole product on one machine — Postgres (local or embedded),
// queues (Redis if it answers, else Postgres), migrations, then server, worker and web with reload.
import { existsSync } from "node:fs";
import { ensureDatabase, migrateDatabase } from "../db/migrate";
import { installationRoles } from "../src/config";
import { redactCredentials } from "../src/credentials";
import { EmbeddedPostgresError } from "./lib/embedded-postgres";
import {
  type LocalPostgres,
  persistentSecret,
  resolvePostgres,
  resolveRedis,
} from "./lib/local-services";

const env = process.env;
const appPassword = env.DATABASE_APP_PASSWORD ?? persistentSecret("app-db-password");
const sessionSecret = env.SESSION_SECRET ?? persistentSecret("session-secret");
const auditSigningKey = env.AUDIT_SIGNING_KEY ?? persistentSecret("audit-signing-key");
// Encrypts integration secrets; losing it loses them (rotate with npm run secrets:rotate-master-key).
const masterKey = env.SECOND_MASTER_KEY ?? persistentSecret("master-key");
const secrets = [
  masterKey,
  appPassword,
  sessionSecret,
  auditSigningKey,
  persistentSecret("embedded-pg-password"),
];
const redact = (text: string) => redactCredentials(text, secrets);

let pg: LocalPostgres | undefined;
try {
  pg = await resolvePostgres(env);
  await ensureDatabase(pg.url);
  await migrateDatabase(pg.url, {
    appPassword,
    roles: installationRoles(pg.url, env.DATABASE_APP_ROLE),
  });
} catch (err) {
  const message = err instanceof EmbeddedPostgresError ? err.message : redact(String(err));
  console.error(`\n  Second could not start its database.\n  ${message}\n`);
  await pg?.stop();
  process.exit(1);
}
const redisUrl = await resolveRedis(env);

let stopping = false;

// The sample app behind ?preview=demo is served from the web build. Making it takes a while on a
// fresh clone, and nothing else needs it: build it beside the running product, not before it.
const demoBuild = existsSync("dist/web/fixture-app/index.html")
  ? null
  : Bun.spawn(["bunx", "vite", "build", "--config", "web/vite.config.ts", "--logLevel", "error"], {
      stdout: "ignore",
      stderr: "inherit",
    });
demoBuild?.exited.then((code) => {
  if (code !== 0 && !stopping)
    console.error(
      "  The demo app's build failed; ?preview=demo shows an error until `npm run build`.",
    );
});

const port = env.PORT ?? "3000";
const webPort = env.WEB_PORT ?? "5173";
const apiUrl = `http://127.0.0.1:${port}`;
const webUrl = `http://127.0.0.1:${webPort}`;
const childEnv: Record<string, string> = {
  ...(env as Record<string, string>),
  DATABASE_URL: pg.url,
  DATABASE_APP_PASSWORD: appPassword,
  SESSION_SECRET: sessionSecret,
  AUDIT_SIGNING_KEY: auditSigningKey,
  SECOND_MASTER_KEY: masterKey,
  PORT: port,
  SECOND_API_URL: apiUrl,
  // The page is served by Vite, which proxies to the server: its origin is this app's own.
  PUBLIC_URL: env.PUBLIC_URL ?? webUrl,
  ...(redisUrl ? { REDIS_URL: redisUrl } : { QUEUE_BACKEND: "postgres" }),
};

/** Copies a child's output line by line, with credentials taken out. */
async function relay(stream: ReadableStream<Uint8Array>, out: NodeJS.WriteStream) {
  const decoder = new TextDecoder();
  let pending = "";
  for await (const chunk of stream) {
    pending += decoder.decode(chunk, { stream: true });
    const end = pending.lastIndexOf("\n") + 1;
    if (end > 0) out.write(redact(pending.slice(0, end)));
    pending = pending.slice(end);
  }
  if (pending) out.write(redact(pending));
}

function start(cmd: string[]) {
  const child = Bun.spawn(cmd, { env: childEnv, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const relayed = Promise.all([
    relay(child.stdout, process.stdout),
    relay(child.stderr, process.stderr),
  ]);
  return { child, done: relayed.then(() => child.exited) };
}

const children = [
  start(["bun", "--watch", "src/main.ts"]),
  start(["bun", "--watch", "worker/main.ts"]),
  // Vite's own banner would print a second URL (localhost) before anything answers: warnings only.
  start([
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
  ]),
];

console.log(
  redact(`
  Second is starting.
    database  ${pg.source}${pg.source === "embedded" ? " (data in .data/pg)" : ""}
    queues    ${redisUrl ? `Redis at ${new URL(redisUrl).host}` : "PostgreSQL (no Redis found)"}
    api       ${apiUrl}
`),
);

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

/** Children first (the worker finishes and closes its connections), then the database. */
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  demoBuild?.kill("SIGTERM");
  for (const { child } of children) child.kill("SIGTERM");
  const killLater = setTimeout(() => {
    for (const { child } of children) child.kill("SIGKILL");
  }, 20_000);
  await Promise.all(children.map((c) => c.done));
  clearTimeout(killLater);
  await pg?.stop();
  process.exit(code);
}
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));

(async () => {
  const deadline = Date.now() + 90_000;
  while (!stopping && Date.now() < deadline) {
    if (await answering()) {
      if (!stopping) console.log(`  Open ${webUrl}\n`);
      return;
    }
    await Bun.sleep(250);
  }
  if (!stopping) console.error(`  Second did not answer at ${webUrl} within 90 s; see above.`);
})();

// If any part dies, stop the rest rather than leave a half-running product.
await Promise.race(children.map((c) => c.done));
if (!stopping) {
  console.error("A process exited; stopping Second.");
  await stop(1);
}
