import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, type Page, test } from "@playwright/test";
import { onboard, shot, toastsGone } from "./helpers";

async function trpc<T>(page: Page, path: string, input: unknown): Promise<T> {
  const res = await page.request.post(`/trpc/${path}`, { data: input });
  expect(res.ok()).toBe(true);
  return (await res.json()).result.data as T;
}

test("the Agents tab approves, runs an agent into the drawer, revokes, and a switched-off tool makes the approval stale", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await onboard(page, "Katherine Johnson", "Flight");
  const workspaceId = /\/w\/([0-9a-f-]{36})/.exec(page.url())![1]!;

  // An app without agents.json says how to get one.
  const empty = await trpc<{ id: string }>(page, "apps.create", { workspaceId, name: "Notes" });
  await page.goto(`/w/${workspaceId}/apps/${empty.id}?view=agents&chat=hidden`);
  await expect(page.getByText("This app has no agents yet")).toBeVisible();
  await expect(page.getByText(/Ask the builder for one in the chat/)).toBeVisible();
  await toastsGone(page);
  await shot(page, "40-agents-empty");

  const app = await trpc<{ id: string }>(page, "apps.create", { workspaceId, name: "Helpdesk" });
  const source = fileURLToPath(new URL("./fixtures/agents-app", import.meta.url));
  execFileSync("node_modules/.bin/bun", ["tests/e2e/seed-build.ts", workspaceId, app.id, source], {
    stdio: "pipe",
  });
  await trpc(page, "data.insert", {
    workspaceId,
    appId: app.id,
    scope: "draft",
    collection: "tickets",
    data: { title: "Printer on fire", priority: "Normal" },
  });
  await page.goto(`/w/${workspaceId}/apps/${app.id}?chat=hidden`);
  await page.getByRole("tab", { name: "Agents" }).click();
  const approval = page.getByRole("region", { name: "Approval" });
  const agent = page.getByRole("region", { name: "Ticket triage" });
  await expect(approval.getByTestId("approval-state")).toHaveText("Not approved");
  await expect(agent.getByText("GET api.crm.example.com")).toBeVisible();
  await expect(agent.getByText("When a document is inserted in tickets")).toBeVisible();
  await expect(agent.getByText("On a schedule: on weekdays at 09:00 UTC")).toBeVisible();
  await expect(agent.getByText("Read & write")).toBeVisible();
  await expect(agent.getByText("Read only")).toBeVisible();
  await expect(agent.getByRole("button", { name: "Run now" })).toBeDisabled();

  await approval.getByRole("button", { name: "Approve" }).click();
  await expect(approval.getByTestId("approval-state")).toHaveText("Approved live");
  await expect(approval.getByText("Katherine Johnson")).toBeVisible();
  await toastsGone(page);
  await shot(page, "41-agents-approved");

  // Run now opens the drawer on the run, which streams to its end.
  await agent.getByRole("button", { name: "Run now" }).click();
  const drawer = page.getByRole("dialog", { name: "Agent runs" });
  const viewer = drawer.getByTestId("agent-run-viewer");
  await expect(viewer.getByRole("heading", { name: "Ticket triage" })).toBeVisible();
  await expect(viewer.getByTestId("run-status")).toHaveText("Completed", { timeout: 30_000 });
  await expect(viewer.getByTestId("agent-run-text").first()).toBeVisible();
  await expect(viewer.getByText("Mock data").first()).toBeVisible();
  await shot(page, "42-agent-run-drawer");
  // A reload replays the run from its first event.
  await page.reload();
  await expect(viewer.getByTestId("run-status")).toHaveText("Completed");
  await expect(viewer.getByText("Mock data").first()).toBeVisible();
  await viewer.getByRole("button", { name: "All runs" }).click();
  await expect(drawer.getByTestId("agent-run-row")).toHaveCount(1);
  await expect(drawer.getByTestId("agent-run-row")).toContainText("Run by hand");
  await page.keyboard.press("Escape");
  await expect(drawer).toBeHidden();

  // Revoke, then approve again.
  await approval.getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Revoke" }).click();
  await expect(approval.getByTestId("approval-state")).toHaveText("Not approved");
  await approval.getByRole("button", { name: "Approve" }).click();
  await expect(approval.getByTestId("approval-state")).toHaveText("Approved live");

  // Switching a tool off changes agents.json: the approval is stale until approved again.
  await agent.getByRole("switch", { name: "Turn off lookup_customer" }).click();
  await expect(approval.getByTestId("approval-state")).toHaveText("Stale — changed since approval");
  await expect(agent.getByRole("switch", { name: "Turn on lookup_customer" })).toBeVisible();
  await expect(agent.getByRole("button", { name: "Run now" })).toBeDisabled();
  await toastsGone(page);
  await shot(page, "43-agents-stale");
  await agent.getByRole("switch", { name: "Turn on lookup_customer" }).click();
  await expect(agent.getByRole("switch", { name: "Turn off lookup_customer" })).toBeVisible();
  // Back to the approved file, the approval stays stale: once changed, it is reviewed again.
  await expect(approval.getByTestId("approval-state")).toHaveText("Stale — changed since approval");
  await approval.getByRole("button", { name: "Approve" }).click();
  await expect(approval.getByTestId("approval-state")).toHaveText("Approved live");
});

test("the builder's agents card approves live in one step and shows its outcome after a reload", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await onboard(page, "Mary Jackson", "Wind tunnel");
  const prompt = page.getByLabel("Describe the app you want to build");
  await prompt.fill(
    "Track tickets with subject, priority and status; an agent should triage new tickets",
  );
  await prompt.press("Control+Enter");
  const chat = page.getByRole("complementary", { name: "Builder chat" });
  await chat.getByRole("region", { name: "Plan" }).getByRole("button", { name: "Approve" }).click();
  const card = chat.getByRole("region", { name: "Agents for approval" });
  await expect(card).toBeVisible({ timeout: 60_000 });
  await expect(card.getByText("When someone runs it").first()).toBeVisible();
  await expect(card.getByText(/agents\.json · [0-9a-f]{12}/)).toBeVisible();
  await card.getByRole("button", { name: "Approve" }).scrollIntoViewIfNeeded();
  await toastsGone(page);
  await shot(page, "44-agents-card");
  // A second tab on the app's Agents tab follows the answer live.
  const other = await page.context().newPage();
  await other.goto(page.url());
  await other.getByRole("tab", { name: "Agents" }).click();
  const otherState = other.getByRole("region", { name: "Approval" }).getByTestId("approval-state");
  await expect(otherState).toHaveText("Not approved");

  await card.getByRole("button", { name: "Approve" }).click();
  await expect(card.getByTestId("agents-card-outcome")).toHaveText("Approved live");
  await expect(otherState).toHaveText("Approved live");
  await other.close();
  await expect(chat.getByText(/its agents are approved/)).toBeVisible({ timeout: 30_000 });
  await page.reload();
  await expect(card.getByTestId("agents-card-outcome")).toHaveText("Approved live");
  await page.getByRole("tab", { name: "Agents" }).click();
  await expect(
    page.getByRole("region", { name: "Approval" }).getByTestId("approval-state"),
  ).toHaveText("Approved live");
  await shot(page, "45-agents-card-approved");
});
