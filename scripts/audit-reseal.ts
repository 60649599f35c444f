// Seals a workspace's audit events that sat unsealed past AUDIT_SEAL_LAG_SECONDS (the sealer
// refuses those on its own). Run it only after checking the log stream's `audit sealed` heads
// against the chain: it needs the signing key, so database access alone cannot do this.
//   bun run audit:reseal -- <workspace-id>
import { createDatabase } from "../db/client";
import { chainContext } from "../src/audit/chain";
import { sealWorkspace } from "../src/audit/seal";
import { loadConfig } from "../src/config";

const [workspaceId] = process.argv.slice(2);
if (!workspaceId) {
  console.error("Usage: bun run audit:reseal -- <workspace-id>");
  process.exit(2);
}
const config = loadConfig();
const { db, close } = createDatabase(config.appDatabaseUrl, { max: 1 });
const chain = chainContext(config);
try {
  let sealed = 0;
  for (let attempt = 0; attempt < 100; attempt++) {
    const result = await sealWorkspace(db, workspaceId, chain, { acceptOverdue: true });
    sealed += result.sealed;
    if (!result.pending) break;
    await Bun.sleep(100);
  }
  console.log(`Sealed ${sealed} events of ${workspaceId}.`);
} catch (err) {
  console.error(`Not sealed: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await close();
}
