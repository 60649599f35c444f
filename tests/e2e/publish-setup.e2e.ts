import { expect, test } from "@playwright/test";
import { onboard, shot, toastsGone } from "./helpers";

test("an admin cannot publish while an integration needs setup: the dialog names it and links to Settings → Integrations; once the secret is set, publishing goes through", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await onboard(page, "Mary Jackson", "Wind Tunnel Sales");
  const workspaceId = /\/w\/([0-9a-f-]{36})/.exec(page.url())![1]!;
  const created = await page.request.post("/trpc/teams.create", {
    data: { workspaceId, name: "Sales" },
  });
  expect(created.ok()).toBe(true);

  const prompt = page.getByLabel("Describe the app you want to build");
  await prompt.fill("A CRM for leads that looks up each company in HubSpot");
  await prompt.press("Control+Enter");
  await expect(page).toHaveURL(/\/apps\/[0-9a-f-]{36}$/);
  const appUrl = new URL(page.url()).pathname;
  const chat = page.getByRole("complementary", { name: "Builder chat" });
  await chat.getByRole("region", { name: "Plan" }).getByRole("button", { name: "Approve" }).click();
  const agents = chat.getByRole("region", { name: "Agents for approval" });
  await expect(agents).toBeVisible({ timeout: 90_000 });
  await agents.getByRole("button", { name: "Approve" }).click();
  await expect(chat.getByRole("region", { name: "Integration setup" })).toBeVisible({
    timeout: 60_000,
  });
  await toastsGone(page);

  // The Publish dialog says what to set up, and where, beside a disabled Publish button.
  await page.getByRole("button", { name: "Publish" }).click();
  const dialog = page.getByRole("dialog", { name: "Publish this app" });
  await dialog.getByLabel("Sales").check();
  const blocker = dialog.getByText("Set up 1 integration before publishing");
  await expect(blocker).toBeVisible({ timeout: 30_000 });
  await expect(dialog.getByText(/: set HUBSPOT_TOKEN$/)).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Publish", exact: true })).toBeDisabled();
  await blocker.scrollIntoViewIfNeeded();
  await shot(page, "125-publish-blocked-integration-setup");

  // Settings → Integrations: the admin sets the secret, then publishes.
  await dialog.getByRole("link", { name: "Open Settings → Integrations" }).click();
  await expect(page).toHaveURL(/\/settings\/integrations\?app=/);
  const grant = page.getByRole("article", { name: "HubSpot" });
  await grant.getByLabel("HUBSPOT_TOKEN").fill("pat-na1-publish-setup");
  await grant.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved HUBSPOT_TOKEN")).toBeVisible();

  await page.goto(appUrl);
  await page.getByRole("button", { name: "Publish" }).click();
  const again = page.getByRole("dialog", { name: "Publish this app" });
  await again.getByLabel("Sales").check();
  await expect(again.getByText("Every integration this app uses is set up.")).toBeVisible({
    timeout: 30_000,
  });
  await expect(again.getByText("Set up 1 integration before publishing")).toHaveCount(0);
  await again.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(again).toBeHidden();
  await expect(page.getByText("Published as version 1")).toBeVisible();
});
