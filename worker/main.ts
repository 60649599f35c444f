import { loadConfig } from "../src/config";
import { createLogger } from "../src/log";
import { installProcessGuards } from "../src/process-guards";
import { createWorker } from "./create";

const config = loadConfig();
const log = createLogger(config.logLevel, "worker");
installProcessGuards(log);
const worker = createWorker(config);
await worker.ready();
log.info("worker ready", { queueBackend: config.queueBackend });

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    log.info("worker shutting down", { signal });
    await worker.close();
    process.exit(0);
  });
}
