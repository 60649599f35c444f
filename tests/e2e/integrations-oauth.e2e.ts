import { execFileSync } from "node:child_process";
import type { Server } from "node:http";
import { fileURLToPath } from "node:url";
import { expect, type Page, test } from "@playwright/test";
import Provider from "oidc-provider";
import { onboard, shot, toastsGone } from "./helpers";

// A real OAuth/OIDC server on loopback (the next port but one; the playwright config admits it
// through SECOND_TEST_LOOPBACK_APIS), with RFC 7009 revocation, for the app's oauth2 grant.
const APP_PORT = Number(process.env.E2E_PORT ?? 4173);
const ISSUER = `http://127.0.0.1:${APP_PORT + 2}`;
const CLIENT_ID = "second-e2e";
const CLIENT_SECRET = "e2e-client-secret-4b1f";

let idp: Server;
const revokedGrants: string[] = [];

test.beforeAll(() => {
  const provider = new Provider(ISSUER, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: [`http://127.0.0.1:${APP_PORT}/api/oauth/callback`],
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
      },
    ],
    pkce: { required: () => true },
    features: { revocation: { enabled: true } },
    issueRefreshToken: async () => true,
    findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub }) }),
  });
  provider.on("grant.revoked", (_ctx: unknown, grantId: string) => revokedGrants.push(grantId));
  idp = provider.listen(APP_PORT + 2);
});
test.afterAll(() => {
  idp?.close();
});

async function trpc<T>(page: Page, path: string, input: unknown): Promise<T> {
  const res = await page.request.post(`/trpc/${path}`, { data: input });
  expect(res.ok()).toBe(true);
  return (await res.json()).result.data as T;
}

test("OAuth panel: an admin registers the provider's client, connects their own account at a real provider, sees it connected, and disconnecting revokes it there", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await onboard(page, "Mary Jackson", "Wind Tunnel");
  const workspaceId = /\/w\/([0-9a-f-]{36})/.exec(page.url())![1]!;
  const app = await trpc<{ id: string }>(page, "apps.create", { workspaceId, name: "Calendar" });
  const source = fileURLToPath(new URL("./fixtures/oauth-app", import.meta.url));
  execFileSync("node_modules/.bin/bun", ["tests/e2e/seed-build.ts", workspaceId, app.id, source], {
    stdio: "pipe",
  });

  await page.goto(`/w/${workspaceId}/settings/integrations?app=${app.id}`);
  const grant = page.getByRole("article", { name: "Calendar" });
  await expect(grant.getByText("An admin must register the OAuth client first.")).toBeVisible();
  await expect(grant.getByText(`http://127.0.0.1:${APP_PORT}/api/oauth/callback`)).toBeVisible();
  await grant.getByLabel("Client id").fill(CLIENT_ID);
  await grant.getByLabel("Client secret").fill(CLIENT_SECRET);
  await grant.getByLabel("Authorization endpoint").fill(`${ISSUER}/auth`);
  await grant.getByLabel("Token endpoint").fill(`${ISSUER}/token`);
  await grant.getByLabel("Revocation endpoint (optional)").fill(`${ISSUER}/token/revocation`);
  await grant.getByLabel("Scopes (separated by spaces)").fill("openid");
  await toastsGone(page);
  await shot(page, "84-oauth-client-form");
  await grant.getByRole("button", { name: "Save client" }).click();
  await expect(page.getByText("Saved the OAuth client for Calendar")).toBeVisible();
  await expect(grant.getByText("Your account is not connected.")).toBeVisible();
  await expect(grant.getByText(new RegExp(`Client ${CLIENT_ID} · updated`))).toBeVisible();
  expect(await page.content()).not.toContain(CLIENT_SECRET);

  // Connect: to the provider's sign-in and consent pages and back through our callback.
  await grant.getByRole("button", { name: "Connect your account" }).click();
  await expect(page).toHaveURL(new RegExp(`^${ISSUER}/`));
  await page.getByPlaceholder("Enter any login").fill("mary");
  await page.getByPlaceholder("and password").fill("wind");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/settings\/integrations\?app=.*oauth=connected/);
  const connected = grant.getByText(/^Connected as mary · /);
  await expect(connected).toBeVisible();
  await toastsGone(page);
  await shot(page, "85-oauth-connected");

  // Disconnect: gone here, and revoked at the provider.
  await grant.getByRole("button", { name: "Disconnect" }).click();
  await expect(page.getByText("Disconnected your Calendar account")).toBeVisible();
  await expect(grant.getByText("Your account is not connected.")).toBeVisible();
  await expect(grant.getByRole("button", { name: "Connect your account" })).toBeVisible();
  expect(revokedGrants).toHaveLength(1);
  await toastsGone(page);
  await shot(page, "86-oauth-disconnected");

  await page.getByRole("link", { name: "Audit log" }).click();
  await expect(
    page.getByText("Mary Jackson's Calendar connection was revoked at the provider."),
  ).toBeVisible();
  await expect(page.getByText("Mary Jackson disconnected their Calendar account.")).toBeVisible();
  await toastsGone(page);
  await shot(page, "87-oauth-revoked-audit");
});
