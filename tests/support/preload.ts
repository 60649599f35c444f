// Loaded once per `bun test` process (bunfig.toml). The test runner script migrates the template
// and passes it in; a bare `bun test` makes its own and removes everything it made at the end.
import { afterAll } from "bun:test";
import { createTemplate, dropRunDatabases } from "./db";

if (!process.env.SECOND_TEST_TEMPLATE) {
  process.env.SECOND_TEST_TEMPLATE = await createTemplate();
  afterAll(() => dropRunDatabases());
}
