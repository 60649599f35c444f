import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, type Page, test } from "@playwright/test";
import { onboard, shot, toastsGone } from "./helpers";

async function trpc<T>(page: Page, path: string, input: unknown): Promise<T> {
  const res = await page.request.post(`/trpc/${path}`, { data: input });
  expect(res.ok()).toBe(true);
  return (await res.json()).result.data as T;
}

test("the data explorer shows each collection's access rule from collections.json", async ({
  page,
}) => {
  await onboard(page, "Grace Hopper", "Rules");
  const workspaceId = /\/w\/([0-9a-f-]{36})/.exec(page.url())![1]!;
  const app = await trpc<{ id: string }>(page, "apps.create", {
    workspaceId,
    name: "Team reports",
  });
  const source = fileURLToPath(new URL("./fixtures/rules-app", import.meta.url));
  execFileSync("node_modules/.bin/bun", ["tests/e2e/seed-build.ts", workspaceId, app.id, source], {
    stdio: "pipe",
  });
  const pin = { workspaceId, appId: app.id, scope: "draft" };
  await trpc(page, "data.insert", { ...pin, collection: "reports", data: { title: "Q3 review" } });
  await trpc(page, "data.insert", { ...pin, collection: "audit", data: { line: "Q3 checked" } });
  await trpc(page, "data.insert", { ...pin, collection: "scratch", data: { title: "loose" } });

  await page.goto(`/w/${workspaceId}/apps/${app.id}`);
  await page.getByRole("tab", { name: "Data" }).click();
  await page.getByRole("button", { name: "Hide chat" }).click();
  // Declared collections are listed even before their first document; the list marks the rules.
  const list = page.getByRole("complementary", { name: "Collections" });
  await expect(list.getByRole("button", { name: "notes, 0 documents" })).toBeVisible();
  await expect(
    list.getByRole("button", { name: "salaries, 0 documents, hidden from viewers" }),
  ).toBeVisible();
  await list.getByRole("button", { name: "reports, 1 document, read only for viewers" }).click();
  const rules = page.getByTestId("rule-badges");
  await expect(rules).toContainText("Viewers: read only");
  await expect(rules).toContainText("Agents: read only");

  await list.getByRole("button", { name: /^audit, 1 document/ }).click();
  await expect(rules).toContainText("Viewers: read only");
  await expect(rules).toContainText("Agents: write");
  // The rule's meaning on hover or focus.
  await rules.getByText("Agents: write").focus();
  await expect(page.getByRole("tooltip")).toContainText("when agents.json also grants write");
  await toastsGone(page);
  await shot(page, "90-explorer-collection-rules");

  await list.getByRole("button", { name: /^salaries/ }).click();
  await expect(rules).toContainText("Hidden from viewers");
  await list.getByRole("button", { name: /^scratch/ }).click();
  await expect(page.getByTestId("rule-undeclared")).toBeVisible();
  await page.getByTestId("rule-undeclared").focus();
  await expect(page.getByRole("tooltip")).toContainText("Not declared in collections.json");
  await shot(page, "91-explorer-collection-undeclared");

  // Published, then the draft changes two rules: the Publish dialog lists every rule and what
  // changed since the live version.
  const team = await trpc<{ id: string }>(page, "teams.create", { workspaceId, name: "Finance" });
  await trpc(page, "publishing.publish", { workspaceId, appId: app.id, teamIds: [team.id] });
  const v2 = fileURLToPath(new URL("./fixtures/rules-app-v2", import.meta.url));
  execFileSync("node_modules/.bin/bun", ["tests/e2e/seed-build.ts", workspaceId, app.id, v2], {
    stdio: "pipe",
  });
  await page.reload();
  await page.getByRole("button", { name: "Publish" }).click();
  const dialog = page.getByRole("dialog", { name: "Publish this app" });
  const rulesList = dialog.getByRole("list", { name: "Access rules" });
  await expect(rulesList.getByRole("listitem")).toHaveCount(4);
  const changed = rulesList.getByTestId("rule-changed");
  await expect(changed).toHaveCount(2);
  await expect(rulesList.getByRole("listitem").filter({ hasText: "reports" })).toContainText(
    "Changed · was viewers read, agents read",
  );
  await expect(rulesList.getByRole("listitem").filter({ hasText: "notes" })).toContainText(
    "Viewers: read only",
  );
  await rulesList.scrollIntoViewIfNeeded();
  await toastsGone(page);
  await shot(page, "92-publish-dialog-rule-changes");
});
