import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { addMembership } from "../support/factories";
import { onboard, shot, toastsGone } from "./helpers";

const CANARY = "pat-na1-0c7e5b1e-canary";

test("a prompt naming HubSpot → agents approved → setup card → Settings → Integrations: an admin sets the secret (write-only), a member who collaborates on the app only views", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  await onboard(page, "Katherine Johnson", "Orbital Sales");
  const prompt = page.getByLabel("Describe the app you want to build");
  await prompt.fill("A CRM for leads that looks up each company in HubSpot");
  await prompt.press("Control+Enter");
  await expect(page).toHaveURL(/\/apps\/[0-9a-f-]{36}$/);
  const workspaceId = page.url().match(/\/w\/([0-9a-f-]{36})\//)![1]!;
  const appId = page.url().match(/\/apps\/([0-9a-f-]{36})$/)![1]!;
  const chat = page.getByRole("complementary", { name: "Builder chat" });
  await chat.getByRole("region", { name: "Plan" }).getByRole("button", { name: "Approve" }).click();
  // After the build the agent that reaches HubSpot is approved live, then HubSpot's setup shows.
  const agents = chat.getByRole("region", { name: "Agents for approval" });
  await expect(agents).toBeVisible({ timeout: 60_000 });
  await expect(agents.getByText("api.hubapi.com").first()).toBeVisible();
  await agents.getByRole("button", { name: "Approve" }).click();

  // The card lists the service and what it needs.
  const card = chat.getByRole("region", { name: "Integration setup" });
  await expect(card).toBeVisible({ timeout: 60_000 });
  await expect(card.getByText("HubSpot", { exact: true })).toBeVisible();
  await expect(card.getByText("Needs setup", { exact: true })).toBeVisible();
  await expect(card.getByText("HUBSPOT_TOKEN")).toBeVisible();
  await expect(card.getByText(/used by hubspot_find_company/)).toBeVisible();
  await toastsGone(page);
  await card.scrollIntoViewIfNeeded();
  await shot(page, "50-integration-setup-card");

  await card.getByRole("link", { name: "Open Settings → Integrations" }).click();
  await expect(page).toHaveURL(/\/settings\/integrations\?app=/);
  await expect(page.getByRole("heading", { name: "Integrations", level: 1 })).toBeVisible();
  const grant = page.getByRole("article", { name: "HubSpot" });
  await expect(grant.getByText("Needs setup", { exact: true })).toBeVisible();
  await expect(grant.getByText("api.hubapi.com")).toBeVisible();
  await expect(grant.getByText("Read only")).toBeVisible();
  await expect(grant.getByText("crm.objects.companies.read", { exact: true })).toBeVisible();
  await expect(grant.getByRole("link", { name: "Open" }).first()).toHaveAttribute(
    "href",
    "https://app.hubspot.com/private-apps",
  );
  // Used by the agent's tool and by the app's own backend function of the same name.
  await expect(grant.getByText("hubspot_find_company")).toHaveCount(2);
  await expect(grant.getByText("Not set")).toBeVisible();
  await shot(page, "51-integrations-needs-setup");

  // Write-only: the value goes in once and is never shown again, not even to the admin.
  const field = grant.getByLabel("HUBSPOT_TOKEN");
  await expect(field).toHaveAttribute("type", "password");
  await field.fill(CANARY);
  await grant.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved HUBSPOT_TOKEN")).toBeVisible();
  await expect(grant.getByText(/^Set · updated just now by Katherine Johnson$/)).toBeVisible();
  // Set up, and its agent approved live: the tool now calls HubSpot.
  await expect(grant.getByText("Configured", { exact: true })).toBeVisible();
  await expect(grant.getByRole("button", { name: "Replace" })).toBeVisible();
  await expect(page.locator(`input[value="${CANARY}"]`)).toHaveCount(0);
  expect(await page.content()).not.toContain(CANARY);
  await toastsGone(page);
  await shot(page, "52-integrations-secret-set");

  // Replace opens an empty field; cancelling keeps the stored value.
  await grant.getByRole("button", { name: "Replace" }).click();
  await expect(grant.getByLabel("HUBSPOT_TOKEN")).toHaveValue("");
  await grant.getByRole("button", { name: "Cancel" }).click();

  // The workspace-wide list (every app's grants) from the sidebar.
  await page.getByRole("link", { name: "Integrations" }).click();
  await expect(page).toHaveURL(/\/settings\/integrations$/);
  await expect(page.getByText("1 grant across 1 app")).toBeVisible();

  // The audit log names the secret, never its value.
  await page.getByRole("link", { name: "Audit log" }).click();
  await expect(
    page.getByText("Katherine Johnson set HUBSPOT_TOKEN for HubSpot (api.hubapi.com)."),
  ).toBeVisible();
  expect(await page.content()).not.toContain(CANARY);

  // A member sees the grants of the apps they make and their state, with no secret fields.
  const other = await browser.newContext();
  const memberPage = await other.newPage();
  await onboard(memberPage, "Mary Jackson", "Mary's own");
  const userId = await memberPage.evaluate(async () => {
    const res = await fetch("/trpc/auth.session");
    return (await res.json()).result.data.user.id as string;
  });
  const env = JSON.parse(readFileSync("test-results/e2e-env.json", "utf8"));
  await addMembership({ appUrl: env.appUrl } as never, workspaceId, userId, "member");
  // A member sees an app's integrations only when they make the app (a draft is its makers').
  const added = await page.request.post("/trpc/apps.addCollaborator", {
    data: { workspaceId, appId, userId },
  });
  expect(added.ok(), await added.text()).toBe(true);
  await memberPage.goto(`/w/${workspaceId}/settings/integrations`);
  const seen = memberPage.getByRole("article", { name: "HubSpot" });
  await expect(seen.getByText("Configured", { exact: true })).toBeVisible();
  await expect(seen.getByText(/^Set · updated/)).toBeVisible();
  await expect(seen.getByText("Owners and admins enter secrets.", { exact: false })).toBeVisible();
  await expect(seen.locator("input")).toHaveCount(0);
  await expect(seen.getByRole("button")).toHaveCount(0);
  await shot(memberPage, "53-integrations-member-view");
  await other.close();

  // Back as the admin: clearing makes it need setup again.
  await page.goto(`/w/${workspaceId}/settings/integrations`);
  await grant.getByRole("button", { name: "Clear" }).click();
  await expect(page.getByText("Cleared HUBSPOT_TOKEN")).toBeVisible();
  await expect(grant.getByText("Needs setup", { exact: true })).toBeVisible();
  await expect(grant.getByText("Not set")).toBeVisible();
});
