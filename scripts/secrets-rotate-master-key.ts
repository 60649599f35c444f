// Re-wraps every workspace's data key under a new master key (integration secrets stay as they
// are: they are encrypted with the data keys).
//   Production: SECOND_MASTER_KEY=<new> SECOND_MASTER_KEY_PREVIOUS=<old> npm run secrets:rotate-master-key
//   then restart every server and worker with the new key and drop SECOND_MASTER_KEY_PREVIOUS.
//   `npm run dev` installs (no SECOND_MASTER_KEY): generates a new key for .data/master-key and
//   keeps the old one in .data/master-key.previous until the next rotation.
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { loadConfig, masterKey } from "../src/config";
import { rotateMasterKey } from "../src/integrations/rotate";
import { DATA_DIR } from "./lib/local-services";

const devFile = path.join(DATA_DIR, "master-key");
const dev = !process.env.SECOND_MASTER_KEY && existsSync(devFile);
const newDevKey = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64");
const config = dev
  ? loadConfig({
      masterKeys: {
        current: masterKey(newDevKey),
        previous: [masterKey(readFileSync(devFile, "utf8"), devFile)],
      },
    })
  : loadConfig();
if (!dev && !process.env.SECOND_MASTER_KEY) {
  console.error(
    "Set SECOND_MASTER_KEY (the new key) and SECOND_MASTER_KEY_PREVIOUS (the old one).",
  );
  process.exit(2);
}
const owner = postgres(config.databaseUrl, { max: 1, onnotice: () => {} });
try {
  const result = await rotateMasterKey(owner, config.masterKeys);
  if (dev) {
    renameSync(devFile, `${devFile}.previous`);
    writeFileSync(devFile, newDevKey, { mode: 0o600 });
  }
  console.log(
    `Re-wrapped ${result.rewrapped} workspace data key(s); ${result.alreadyCurrent} already used the current master key.`,
  );
} catch (err) {
  console.error(`Not rotated: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await owner.end();
}
