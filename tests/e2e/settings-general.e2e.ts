import { expect, test } from "@playwright/test";
import { onboard, shot, toastsGone } from "./helpers";

test("an owner renames the workspace in Settings → General; the sidebar and audit log follow", async ({
  page,
}) => {
  await onboard(page, "Edsger Dijkstra", "Structured Programs");
  await page.getByRole("link", { name: "General" }).click();
  await expect(page.getByRole("heading", { name: "General", level: 1 })).toBeVisible();
  const name = page.getByLabel("Workspace name");
  await expect(name).toHaveValue("Structured Programs");
  const save = page.getByRole("button", { name: "Save" });
  await expect(save).toBeDisabled();

  // A name that breaks the rule is named beside the field, and nothing is sent.
  await name.fill("X");
  await name.press("Enter");
  await expect(page.getByText("Workspace name must be at least 2 characters.")).toBeVisible();
  await expect(name).toHaveAttribute("aria-invalid", "true");

  await name.fill("Go To Considered Harmful");
  await name.press("Enter");
  await expect(page.getByText("Renamed the workspace to “Go To Considered Harmful”")).toBeVisible();
  await expect(
    page.getByRole("button", { name: /Go To Considered Harmful/ }).first(),
  ).toBeVisible();
  await expect(save).toBeDisabled();
  await toastsGone(page);
  await shot(page, "08-settings-general");

  await page.getByRole("link", { name: "Audit log" }).click();
  await expect(
    page.getByText(
      "Edsger Dijkstra renamed the workspace from “Structured Programs” to “Go To Considered Harmful”",
    ),
  ).toBeVisible();
});
