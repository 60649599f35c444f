import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { processesIn, slowTypes } from "../support/processes";
import { onboard, shot, toastsGone } from "./helpers";

const appPage = /\/w\/[0-9a-f-]{36}\/apps\/([0-9a-f-]{36})/;

test("stopping the builder during a build abandons it: the last good preview stays and the chat says so", async ({
  page,
}) => {
  await onboard(page, "Barbara Liskov", "Substitutions");
  const prompt = page.getByLabel("Describe the app you want to build");
  await prompt.fill("Track leads with a stage and an owner");
  await prompt.press("Control+Enter");
  await expect(page).toHaveURL(appPage);
  const appId = appPage.exec(page.url())![1]!;

  const chat = page.getByRole("complementary", { name: "Builder chat" });
  const plan = chat.getByRole("region", { name: "Plan" });
  await plan.getByRole("button", { name: "Approve" }).click();
  const app = page.frameLocator('iframe[title$="preview"]');
  await expect(app.getByRole("navigation", { name: "Sections" })).toBeVisible({ timeout: 30_000 });
  const preview = page.locator('iframe[title$="preview"]');
  const goodSrc = await preview.getAttribute("src");

  // The next build's type-check is made slow, so Stop lands while it runs.
  const { workspacesDir } = JSON.parse(readFileSync("test-results/e2e-env.json", "utf8"));
  const root = `${workspacesDir}/${appId}`;
  await writeFile(`${root}/src/slow.ts`, slowTypes());
  await chat.getByLabel("Message the builder").fill("Add a notes field to leads");
  await chat.getByRole("button", { name: "Send" }).click();
  await plan.last().getByRole("button", { name: "Approve" }).click();
  await expect(chat.getByRole("button", { name: "Building the app" })).toBeVisible({
    timeout: 30_000,
  });
  await expect
    .poll(async () => (await processesIn(root)).length, { timeout: 30_000 })
    .toBeGreaterThan(0);
  await chat.getByRole("button", { name: "Stop" }).click();

  await expect(
    chat.getByText(
      "The run was stopped during a build, so that build was abandoned; the preview still shows the last good version.",
    ),
  ).toBeVisible();
  await expect(chat.getByText("Build stopped — not saved")).toBeVisible();
  expect(await processesIn(root)).toEqual([]);
  // The preview still shows the first build, working.
  await expect(preview).toHaveAttribute("src", goodSrc!);
  await expect(app.getByRole("navigation", { name: "Sections" })).toBeVisible();
  await expect(page.getByText(/The last build failed/)).toHaveCount(0);
  await page.reload();
  await expect(chat.getByText("Build stopped — not saved")).toBeVisible();
  await expect(app.getByRole("navigation", { name: "Sections" })).toBeVisible();
  await toastsGone(page);
  await shot(page, "16-builder-stopped-during-build");
});
