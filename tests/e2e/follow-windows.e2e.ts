import { expect, type Page, test } from "@playwright/test";
import { onboard, shot, toastsGone } from "./helpers";

const chatOf = (page: Page) => page.getByRole("complementary", { name: "Builder chat" });
const frameOf = (page: Page) => page.locator('iframe[title="Tide tables preview"]');

test("a second window follows the chat, new runs and new builds without a reload", async ({
  context,
}) => {
  test.setTimeout(180_000);
  const a = await context.newPage();
  await onboard(a, "Ada Lovelace", "Harbour Office");
  await a.getByRole("button", { name: "New app" }).click();
  const dialog = a.getByRole("dialog", { name: "New app" });
  await dialog.getByLabel("Name").fill("Tide tables");
  await dialog.getByRole("button", { name: "Create app" }).click();
  await expect(a).toHaveURL(/\/apps\/[0-9a-f-]{36}$/);

  const b = await context.newPage();
  await b.goto(a.url());
  const chatA = chatOf(a);
  const chatB = chatOf(b);
  await expect(chatB.getByText("Tell the builder what to make")).toBeVisible();

  // Window A starts a run: window B shows the prompt and the plan card.
  await chatA.getByLabel("Message the builder").fill("A tide table for the harbour");
  await chatA.getByRole("button", { name: "Send" }).click();
  await expect(chatB.getByTestId("user-message")).toHaveText("A tide table for the harbour");
  const planB = chatB.getByRole("region", { name: "Plan" });
  await expect(planB.getByRole("button", { name: "Approve" })).toBeVisible();

  // Window B answers the card; window A sees the answer and both follow the build.
  await planB.getByRole("button", { name: "Approve" }).click();
  await expect(chatA.getByText("Approved. Go ahead.")).toBeVisible();
  await expect(b.getByRole("heading", { name: "Building your app…" })).toBeVisible({
    timeout: 30_000,
  });
  await expect(chatB.getByText(/is built and running in the preview/)).toBeVisible({
    timeout: 60_000,
  });
  await expect(frameOf(b)).toBeVisible();
  const firstBuild = await frameOf(b).getAttribute("src");
  expect(firstBuild).toContain("/preview/");

  // A second run from window A: window B switches to it, and shows its new build.
  await chatA.getByLabel("Message the builder").fill("Add the moon phase to each day");
  await chatA.getByRole("button", { name: "Send" }).click();
  await expect(chatB.getByTestId("user-message")).toHaveText("Add the moon phase to each day");
  await chatA
    .getByRole("region", { name: "Plan" })
    .getByRole("button", { name: "Approve" })
    .click();
  await expect(chatB.getByText("Approved. Go ahead.")).toBeVisible();
  await expect(chatB.getByText(/is built and running in the preview/)).toBeVisible({
    timeout: 60_000,
  });
  // Both windows now show the same, new build.
  const buildOf = async (page: Page) => (await frameOf(page).getAttribute("src"))?.split("/")[3];
  await expect.poll(() => buildOf(b)).not.toBe(firstBuild!.split("/")[3]);
  await expect.poll(() => buildOf(a)).toBe(await buildOf(b));
  // The new build's app runs in window B and has its data through the bridge.
  const appB = b.frameLocator('iframe[title="Tide tables preview"]');
  await expect(appB.getByText("Nothing yet")).toBeVisible();
  await expect(appB.getByText("Items by moon phase")).toBeVisible();
  await toastsGone(b);
  await shot(b, "22-second-window-follows-build");
});
