import { migrateDatabase } from "../db/migrate";
import { loadConfig } from "../src/config";

const config = loadConfig();
await migrateDatabase(config.databaseUrl, {
  appPassword: config.appDatabasePassword,
  roles: {
    app: config.appRole,
    queue: decodeURIComponent(new URL(config.queueDatabaseUrl).username),
  },
});
console.log(`Migrated ${new URL(config.databaseUrl).pathname.slice(1)}.`);
