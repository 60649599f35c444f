import { configSecrets, loadConfig } from "../src/config";
import { createLogger } from "../src/log";
import { installProcessGuards, onShutdownSignal } from "../src/process-guards";
import { createWorker } from "./create";

const config = loadConfig();
const log = createLogger(config.logLevel, "worker", undefined, configSecrets(config));
installProcessGuards(log);
const worker = createWorker(config);
await worker.ready();
log.info("worker ready", { queueBackend: config.queueBackend });

onShutdownSignal(async (signal) => {
  log.info("worker shutting down", { signal });
  await worker.close();
});
