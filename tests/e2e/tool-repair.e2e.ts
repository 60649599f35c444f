import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, type Page, test } from "@playwright/test";
import { onboard, shot, toastsGone } from "./helpers";

async function trpc<T>(page: Page, path: string, input: unknown): Promise<T> {
  const res = await page.request.post(`/trpc/${path}`, { data: input });
  expect(res.ok()).toBe(true);
  return (await res.json()).result.data as T;
}
async function query<T>(page: Page, path: string, input: unknown): Promise<T> {
  const res = await page.request.get(
    `/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`,
  );
  expect(res.ok()).toBe(true);
  return (await res.json()).result.data as T;
}

test("a failed tool call goes from the Agent Runs drawer to the builder: the agent's own report, then Report to builder with a note, each a repair request in the chat", async ({
  page,
}) => {
  test.setTimeout(150_000);
  await onboard(page, "Mary Jackson", "Wind Tunnel");
  const workspaceId = /\/w\/([0-9a-f-]{36})/.exec(page.url())![1]!;
  const app = await trpc<{ id: string }>(page, "apps.create", { workspaceId, name: "Accounts" });
  const source = fileURLToPath(new URL("./fixtures/repair-app", import.meta.url));
  execFileSync("node_modules/.bin/bun", ["tests/e2e/seed-build.ts", workspaceId, app.id, source], {
    stdio: "pipe",
  });
  // Set up live: the CRM's host does not resolve, so both of the agent's tools fail.
  const target = { workspaceId, appId: app.id };
  const { grants } = await query<{ grants: { id: string }[] }>(page, "integrations.app", target);
  await trpc(page, "integrations.setSecret", {
    workspaceId,
    grantId: grants[0]!.id,
    name: "CRM_TOKEN",
    value: "e2e-secret-value-0123456789",
  });
  await trpc(page, "agents.approve", target);
  await trpc(page, "data.insert", {
    ...target,
    scope: "draft",
    collection: "tickets",
    data: { title: "Upgrade request", priority: "Normal" },
  });

  await page.goto(`/w/${workspaceId}/apps/${app.id}?view=agents`);
  await page
    .getByRole("region", { name: "Account check" })
    .getByRole("button", { name: "Run now" })
    .click();
  const drawer = page.getByRole("dialog", { name: "Agent runs" });
  const viewer = drawer.getByTestId("agent-run-viewer");
  await expect(viewer.getByTestId("run-status")).toHaveText("Completed", { timeout: 30_000 });
  const failures = viewer.getByTestId("tool-failure");
  await expect(failures).toHaveCount(2);
  // The agent reported its first failure itself: that call is already with the builder.
  const lookup = failures.filter({ hasText: "lookup_customer failed" });
  const plan = failures.filter({ hasText: "check_plan failed" });
  await expect(lookup).toContainText("unreachable");
  await expect(lookup).toContainText("GET api.crm.invalid/v2/customers");
  await expect(lookup.getByRole("button", { name: "Sent to builder · Open chat" })).toBeVisible();
  await expect(plan.getByRole("button", { name: "Report to builder" })).toBeVisible();
  await toastsGone(page);
  await shot(page, "96-repair-drawer");

  // Its repair run explains: an unreachable host and no better one named.
  await lookup.getByRole("button", { name: "Sent to builder · Open chat" }).click();
  await expect(drawer).toBeHidden();
  const chat = page.getByRole("complementary", { name: "Builder chat" });
  const first = chat.getByRole("region", { name: "Repair request from agent Account check" });
  await expect(first).toContainText("lookup_customer");
  await expect(first).toContainText("Sent by the agent");
  await expect(chat.getByText(/could not be reached/)).toBeVisible({ timeout: 30_000 });
  await expect
    .poll(async () => (await query<{ status: string }[]>(page, "runs.list", target))[0]?.status, {
      timeout: 30_000,
    })
    .toBe("completed");

  // The second failure, sent by hand with a note naming the right host.
  await page.goto(`/w/${workspaceId}/apps/${app.id}?view=agents&runs=all`);
  await drawer.getByTestId("agent-run-row").first().click();
  await viewer
    .getByTestId("tool-failure")
    .filter({ hasText: "check_plan failed" })
    .getByRole("button", { name: "Report to builder" })
    .click();
  await viewer
    .getByLabel("Note for the builder (optional)")
    .fill("The CRM's API is at api.crm.example.com");
  await shot(page, "97-repair-note");
  await viewer.getByRole("button", { name: "Send to builder" }).click();
  await expect(drawer).toBeHidden();
  const second = chat.getByRole("region", { name: "Repair request from agent Account check" });
  await expect(second).toContainText("check_plan");
  await expect(second).toContainText("Sent by Mary Jackson");
  await expect(second).toContainText("The CRM's API is at api.crm.example.com");
  // The builder moves both tools and the service to that host, builds, and asks for approval.
  await expect(
    chat.getByText(/from api\.crm\.invalid to api\.crm\.example\.com/).first(),
  ).toBeVisible({
    timeout: 60_000,
  });
  await expect(chat.getByRole("button", { name: "Approve" }).last()).toBeVisible({
    timeout: 60_000,
  });
  await toastsGone(page);
  await shot(page, "98-repair-chat");
});
