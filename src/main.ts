import { configSecrets, loadConfig } from "./config";
import { createApp } from "./http/app";
import { createLogger } from "./log";
import { installProcessGuards, onShutdownSignal } from "./process-guards";

const config = loadConfig();
const log = createLogger(config.logLevel, "server", undefined, configSecrets(config));
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

onShutdownSignal(async () => {
  // Live streams never end on their own: close them rather than wait for them.
  await server.stop(true);
  await second.close();
});
