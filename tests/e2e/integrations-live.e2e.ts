import { expect, test } from "@playwright/test";
import { type FakeApi, fakeApiOnNode } from "../fixtures/fake-api";
import { onboard, shot, toastsGone } from "./helpers";

// A stand-in for HubSpot on loopback: the e2e server sends https://api.hubapi.com here
// (SECOND_TEST_LOOPBACK_APIS in the playwright config). It answers only with the token entered
// in Settings → Integrations.
const API_PORT = Number(process.env.E2E_PORT ?? 4173) + 1;
const TOKEN = "pat-na1-live-e2e-7f3c1d";

let api: FakeApi;
test.beforeAll(async () => {
  api = await fakeApiOnNode(
    (req) => {
      if (req.headers.authorization !== `Bearer ${TOKEN}`)
        return {
          status: 401,
          json: { status: "error", message: "Authentication credentials not found." },
        };
      const domain = decodeURIComponent(req.path.split("?")[0]!.split("/").pop() ?? "");
      return {
        status: 200,
        json: {
          id: "90210",
          properties: {
            name: "Acme Rockets (live from HubSpot)",
            domain,
            industry: "Aerospace",
            numberofemployees: "212",
          },
        },
      };
    },
    { port: API_PORT },
  );
});
test.afterAll(async () => {
  await api?.stop();
});

test("a prompt naming HubSpot → setup card → the app's 'Sync from HubSpot' answers with sample data → Settings → the secret → the same button answers live, saved into the app's data and shown in the preview", async ({
  page,
}) => {
  test.setTimeout(150_000);
  await onboard(page, "Dorothy Vaughan", "West Computing");
  const prompt = page.getByLabel("Describe the app you want to build");
  await prompt.fill("A CRM for leads that looks up each company in HubSpot");
  await prompt.press("Control+Enter");
  await expect(page).toHaveURL(/\/apps\/[0-9a-f-]{36}$/);
  const appUrl = page.url();
  const chat = page.getByRole("complementary", { name: "Builder chat" });
  await chat.getByRole("region", { name: "Plan" }).getByRole("button", { name: "Approve" }).click();

  // The agents card covers the app's own backend function too: approved live.
  const agents = chat.getByRole("region", { name: "Agents for approval" });
  await expect(agents).toBeVisible({ timeout: 60_000 });
  await agents.getByRole("button", { name: "Approve" }).click();
  const card = chat.getByRole("region", { name: "Integration setup" });
  await expect(card).toBeVisible({ timeout: 60_000 });
  await expect(card.getByText("Needs setup", { exact: true })).toBeVisible();
  await expect(card.getByText("HUBSPOT_TOKEN")).toBeVisible();

  // In the app: HubSpot's page calls the service through the platform; nothing is set up yet,
  // so the answer is the tool's sample data, said so, and kept in the app's data.
  const app = page.frameLocator('iframe[title$="preview"]');
  const sections = app.getByRole("navigation", { name: "Sections" });
  await sections.getByRole("button", { name: "HubSpot" }).click();
  await expect(app.getByRole("heading", { name: "HubSpot", level: 1 })).toBeVisible();
  await expect(app.getByText("Nothing from HubSpot yet")).toBeVisible();
  await app.getByLabel("domain").fill("acmerockets.com");
  await app.getByRole("button", { name: "Sync from HubSpot" }).click();
  const answers = app.getByRole("article", { name: "hubspot_find_company answer" });
  await expect(answers.first().getByText("Sample data")).toBeVisible({ timeout: 30_000 });
  await expect(app.getByRole("status").filter({ hasText: "sample data" }).first()).toBeVisible();
  expect(api.requests).toHaveLength(0);
  await toastsGone(page);
  await shot(page, "80-app-tool-sample-data");

  // The setup card names both users of the grant: the agent's tool and the app's own.
  await expect(
    card.getByText(/used by hubspot_find_company, hubspot_find_company \(the app\)/),
  ).toBeVisible();

  // The admin enters the token in Settings → Integrations.
  await card.getByRole("link", { name: "Open Settings → Integrations" }).click();
  const grant = page.getByRole("article", { name: "HubSpot" });
  await grant.getByLabel("HUBSPOT_TOKEN").fill(TOKEN);
  await grant.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved HUBSPOT_TOKEN")).toBeVisible();
  await expect(grant.getByText("Configured", { exact: true })).toBeVisible();
  await toastsGone(page);
  await shot(page, "82-integration-configured");

  // Back in the app, the same button now reaches HubSpot with the token (server-side only),
  // and the live answer is saved into the app's data and shows at once.
  await page.goto(appUrl);
  await sections.getByRole("button", { name: "HubSpot" }).click();
  await app.getByLabel("domain").fill("acmerockets.com");
  await app.getByRole("button", { name: "Sync from HubSpot" }).click();
  const live = answers.first();
  await expect(live.getByText("Live", { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(live).toContainText("Acme Rockets (live from HubSpot)");
  await expect(
    app.getByRole("status").filter({ hasText: "Saved HubSpot's answer below." }),
  ).toBeVisible();
  await expect(answers).toHaveCount(2);
  expect(api.requests).toHaveLength(1);
  expect(api.requests[0]!.path).toMatch(/^\/crm\/v3\/objects\/companies\/acmerockets\.com\?/);
  expect(api.requests[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  expect(await page.content()).not.toContain(TOKEN);
  await toastsGone(page);
  await shot(page, "83-app-tool-live-answer");
});
