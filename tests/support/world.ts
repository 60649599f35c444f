import { afterAll, beforeAll } from "bun:test";
import type { Role } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "./db";
import { addMembership } from "./factories";
import { client, person, startServer, type TestServer } from "./server";

/** One database and one server per test file; each test still makes its own workspaces. */
export function setupWorld() {
  const world = {} as { db: TestDatabase; server: TestServer };
  beforeAll(async () => {
    world.db = await createTestDatabase();
    world.server = startServer(world.db);
  });
  afterAll(async () => {
    await world.server?.close();
    await world.db?.drop();
  });
  return {
    get db() {
      return world.db;
    },
    get server() {
      return world.server;
    },
    client: () => client(world.server.url),
    person: (name?: string, workspace?: string) => person(world.server.url, name, workspace),
    /** A new signed-in user who is a member of the workspace with the given role. */
    async member(workspaceId: string, role: Role, name = `Member ${role}`) {
      const c = client(world.server.url);
      const user = await c.auth.onboard.mutate({ displayName: name });
      await addMembership(world.db, workspaceId, user.id, role);
      return { c, userId: user.id };
    },
  };
}
