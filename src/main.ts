import { loadConfig } from "./config";
import { createApp } from "./http/app";
import { createLogger } from "./log";
import { installProcessGuards } from "./process-guards";

const config = loadConfig();
const log = createLogger(config.logLevel, "server");
installProcessGuards(log);
const second = createApp(config);

const server = Bun.serve({
  hostname: config.host,
  port: config.port,
  fetch: second.fetch,
  // Live streams stay open indefinitely; tRPC's SSE pings keep intermediaries from cutting them.
  idleTimeout: 0,
});
log.info("server listening", { url: `http://${server.hostname}:${server.port}` });

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    await server.stop();
    await second.close();
    process.exit(0);
  });
}
