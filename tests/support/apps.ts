import type { Client } from "./server";

/** A new app in the workspace and a helper that addresses its data. */
export async function newApp(
  c: Client,
  workspaceId: string,
  name = `App ${crypto.randomUUID().slice(0, 8)}`,
) {
  const app = await c.apps.create.mutate({ workspaceId, name });
  const at = (collection: string, scope: "draft" | "published" = "draft") => ({
    workspaceId,
    appId: app.id,
    scope,
    collection,
  });
  return { app, at };
}

/** Makes a member a collaborator on the app, through the creator's or an admin's client. */
export async function addCollaborator(
  manager: Client,
  at: { workspaceId: string; appId: string },
  userId: string,
) {
  await manager.apps.addCollaborator.mutate({ ...at, userId });
}
