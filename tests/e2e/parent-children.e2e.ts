import { expect, test } from "@playwright/test";
import { onboard, shot, toastsGone } from "./helpers";

test("a parent's page lists its children, and it cannot be deleted while they point at it", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await onboard(page, "Katherine Johnson", "Harbour works");
  const prompt = page.getByLabel("Describe the app you want to build");
  await prompt.fill(
    "Projects with name and budget; tasks under each project with title, status (todo, doing, done) and due date",
  );
  await prompt.press("Control+Enter");
  const chat = page.getByRole("complementary", { name: "Builder chat" });
  await chat.getByRole("region", { name: "Plan" }).getByRole("button", { name: "Approve" }).click();
  const app = page.frameLocator('iframe[title$="preview"]');
  const sections = app.getByRole("navigation", { name: "Sections" });
  await expect(sections).toBeVisible({ timeout: 60_000 });

  await sections.getByRole("button", { name: "Projects" }).click();
  await app.getByRole("button", { name: "New project" }).first().click();
  const newProject = app.getByRole("dialog", { name: "New project" });
  await newProject.getByLabel("Name").fill("Harbour wall");
  await newProject.getByLabel("Budget").fill("12000");
  await newProject.getByRole("button", { name: "Create project" }).click();
  await expect(newProject).toBeHidden();

  await sections.getByRole("button", { name: "Tasks" }).click();
  for (const [title, status] of [
    ["Survey the stones", "Doing"],
    ["Order lime mortar", "Todo"],
  ]) {
    await app.getByRole("button", { name: "New task" }).first().click();
    const form = app.getByRole("dialog", { name: "New task" });
    await form.getByLabel("Title").fill(title!);
    await form.getByLabel("Status").selectOption(status!);
    await form.getByLabel("Project").selectOption({ label: "Harbour wall" });
    await form.getByRole("button", { name: "Create task" }).click();
    await expect(form).toBeHidden();
  }

  await sections.getByRole("button", { name: "Projects" }).click();
  await app.getByRole("button", { name: "Harbour wall" }).click();
  await expect(app.getByRole("heading", { name: "Harbour wall", level: 1 })).toBeVisible();
  const tasks = app.getByRole("heading", { name: /^Tasks/, level: 2 });
  await expect(tasks).toContainText("2");
  await expect(app.getByText("Survey the stones")).toBeVisible();
  await expect(app.getByText("Order lime mortar")).toBeVisible();
  await expect(app.getByRole("button", { name: "Delete" })).toBeDisabled();
  await expect(app.getByRole("note")).toContainText("2 linked records point at this project");
  await toastsGone(page);
  await shot(page, "46-parent-with-children");
});
