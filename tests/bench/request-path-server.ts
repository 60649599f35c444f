// The server process of src/main.ts plus one plain Hono route: the request-path bench's baseline,
// answered by the same process, middleware and pool as the tRPC procedures it is compared with.
import { loadConfig } from "../../src/config";
import { createApp } from "../../src/http/app";

const config = loadConfig();
const second = createApp(config);
second.app.get("/bench/plain", async (c) => {
  const [row] = await second.deps.db.sql`select 1 as one`;
  return c.json(row);
});
const server = Bun.serve({
  hostname: config.host,
  port: config.port,
  fetch: second.fetch,
  idleTimeout: 0,
});
process.on("SIGTERM", async () => {
  await server.stop(true);
  await second.close();
  process.exit(0);
});
