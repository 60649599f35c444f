import { expect, test } from "@playwright/test";
import { onboard, shot, toastsGone } from "./helpers";

test("a new person sets up a workspace, its members and teams, and reads the audit log", async ({
  page,
}) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/onboarding$/);
  await expect(page.getByRole("heading", { name: "Welcome to Second" })).toBeVisible();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByText("Name must be at least 2 characters.")).toBeVisible();
  await page.getByLabel("Your name").fill("Ada Lovelace");
  await shot(page, "01-onboarding");
  await page.getByLabel("Your name").press("Enter");

  await expect(page.getByRole("heading", { name: "Create your company workspace" })).toBeVisible();
  await page.getByLabel("Workspace name").fill("Analytical Engines");
  await page.getByRole("button", { name: "Create workspace" }).click();

  await expect(page).toHaveURL(/\/w\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: "What should we build?" })).toBeVisible();
  await expect(page.getByText("No apps yet")).toBeVisible();
  await page.getByRole("button", { name: "An onboarding checklist for new hires" }).click();
  await expect(page.getByLabel("Describe the app you want to build")).toHaveValue(
    "An onboarding checklist for new hires",
  );
  await shot(page, "02-home");

  // Members: local mode has no invitations, so add sample people.
  await page.getByRole("link", { name: "Members" }).click();
  await page.getByRole("button", { name: "Add sample members" }).click();
  const members = page.getByRole("table", { name: "Members" });
  for (const name of ["Grace Hopper", "Alan Turing", "Katherine Johnson"]) {
    await expect(members.getByRole("row", { name: new RegExp(name) })).toBeVisible();
  }
  await expect(page.getByRole("combobox", { name: "Role of Ada Lovelace" })).toBeDisabled();

  // Teams: create one and add a seeded member to it.
  await page.getByRole("link", { name: "Teams" }).click();
  await expect(page.getByRole("region", { name: "Team General" })).toContainText("Fixed");
  // Esc closes the dialog and gives focus back to the button that opened it.
  const createTeam = page.getByRole("button", { name: "Create team" });
  await createTeam.click();
  await expect(page.getByLabel("Team name")).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toBeHidden();
  await expect(createTeam).toBeFocused();
  await createTeam.click();
  await page.getByLabel("Team name").fill("Research");
  await page.getByLabel("Team name").press("Enter");
  const research = page.getByRole("region", { name: "Team Research" });
  await expect(research).toContainText("No one in this team yet");
  await research.getByRole("button", { name: "Add member" }).click();
  await page.getByRole("menuitem", { name: "Grace Hopper" }).click();
  await expect(research.getByRole("list", { name: "Members of Research" })).toContainText(
    "Grace Hopper",
  );
  await toastsGone(page);
  await shot(page, "04-teams");

  // Members: make a seeded member an admin.
  await page.getByRole("link", { name: "Members" }).click();
  const alanRole = page.getByRole("combobox", { name: "Role of Alan Turing" });
  await alanRole.click();
  await page.getByRole("option", { name: /^Admin/ }).click();
  await expect(page.getByText("Alan Turing is now an admin")).toBeVisible();
  await expect(alanRole).toHaveText("Admin");
  await expect(members.getByRole("row", { name: /Grace Hopper/ })).toContainText("Research");
  await toastsGone(page);
  await shot(page, "03-members");

  // Audit log: every step above is recorded.
  await page.getByRole("link", { name: "Audit log" }).click();
  const events = page.getByRole("table", { name: "Audit events" });
  const steps: [string, string][] = [
    ["workspace.created", "created the workspace “Analytical Engines”"],
    ["member.added", "added Grace Hopper as a member"],
    ["team.created", "created the team “Research”"],
    ["member.team_added", "added Grace Hopper to the team “Research”"],
    ["member.role_changed", "changed Alan Turing's role from member to admin"],
  ];
  for (const [action, summary] of steps) {
    await expect(events.getByRole("row", { name: new RegExp(summary) })).toContainText(action);
  }

  await page.getByRole("combobox", { name: "Category" }).click();
  await page.getByRole("option", { name: "Teams" }).click();
  await expect(events.getByRole("row")).toHaveCount(3);
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(events.getByRole("row")).toHaveCount(8);

  await events.getByRole("button", { name: /changed Alan Turing's role/ }).click();
  const detail = page.getByRole("dialog", { name: "Member role changed" });
  await expect(detail).toContainText("member.role_changed");
  await expect(detail).toContainText('"to": "admin"');
  await expect(detail).toContainText("Nothing redacted");
  await expect(detail.getByText(/^(Sealed in batch #\d+|Not sealed yet)$/)).toBeVisible();
  await shot(page, "05-audit-detail");
  await page.keyboard.press("Escape");
  await expect(detail).toBeHidden();

  await page.getByRole("button", { name: "Verify chain" }).click();
  await expect(page.getByText("Chain intact")).toBeVisible();

  // Dark mode, chosen from the user menu and kept across a reload.
  await page.getByRole("button", { name: "Account: Ada Lovelace" }).click();
  await page.getByRole("menuitemradio", { name: "Dark" }).click();
  await expect(page.locator("html")).toHaveClass(/dark/);
  await page.reload();
  await expect(page.locator("html")).toHaveClass(/dark/);
  await expect(events).toContainText("member.role_changed");
  await shot(page, "06-audit-dark");
  await page.getByRole("link", { name: "Home" }).click();
  await expect(page.getByRole("heading", { name: "What should we build?" })).toBeVisible();
  await shot(page, "07-home-dark");
});

test("teams can be renamed and deleted, and members removed, after a confirmation", async ({
  page,
}) => {
  await onboard(page, "Grace Hopper", "Navy Labs");
  await page.getByRole("link", { name: "Members" }).click();
  await page.getByRole("button", { name: "Add sample members" }).click();
  await expect(page.getByRole("row", { name: /Alan Turing/ })).toBeVisible();

  await page.getByRole("link", { name: "Teams" }).click();
  await page.getByRole("button", { name: "Create team" }).click();
  await page.getByLabel("Team name").fill("general");
  await page.getByLabel("Team name").press("Enter");
  await expect(page.getByRole("dialog")).toContainText("A team named “general” already exists.");
  await page.getByLabel("Team name").fill("Compilers");
  await page.getByLabel("Team name").press("Enter");
  await expect(page.getByRole("dialog")).toBeHidden();

  await page.getByRole("button", { name: "More actions for Compilers" }).click();
  await page.getByRole("menuitem", { name: "Rename" }).click();
  await page.getByLabel("Team name").fill("Languages");
  await page.getByRole("button", { name: "Rename" }).click();
  const team = page.getByRole("region", { name: "Team Languages" });
  await expect(team).toBeVisible();

  await page.getByRole("button", { name: "More actions for Languages" }).click();
  await page.getByRole("menuitem", { name: "Delete team" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete team" }).click();
  await expect(team).toBeHidden();
  await expect(page.getByText("No other teams yet")).toBeVisible();

  await page.getByRole("link", { name: "Members" }).click();
  await page.getByRole("button", { name: "Remove Alan Turing" }).click();
  const confirm = page.getByRole("alertdialog", { name: "Remove Alan Turing?" });
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("row", { name: /Alan Turing/ })).toBeVisible();
  await page.getByRole("button", { name: "Remove Alan Turing" }).click();
  await confirm.getByRole("button", { name: "Remove member" }).click();
  await expect(page.getByRole("row", { name: /Alan Turing/ })).toBeHidden();

  await page.getByRole("link", { name: "Audit log" }).click();
  const events = page.getByRole("table", { name: "Audit events" });
  for (const action of ["team.renamed", "team.deleted", "member.removed"]) {
    await expect(events).toContainText(action);
  }
});

test("an unknown, malformed or foreign workspace shows the not-found page", async ({
  page,
  playwright,
  baseURL,
}) => {
  const stranger = await playwright.request.newContext({ baseURL });
  await stranger.post("/trpc/auth.onboard", { data: { displayName: "Charles Babbage" } });
  const created = await stranger.post("/trpc/workspaces.create", {
    data: { name: "Difference Engines" },
  });
  const foreignId: string = (await created.json()).result.data.id;
  await stranger.dispose();

  await onboard(page, "Ada Lovelace", "Analytical Engines");
  const home = page.url();

  for (const id of [foreignId, "00000000-0000-4000-8000-000000000000", "not-a-workspace"]) {
    await page.goto(`/w/${id}`);
    await expect(page.getByRole("heading", { name: "Workspace not found" })).toBeVisible();
  }
  await page.getByRole("link", { name: "Go to my workspaces" }).click();
  await expect(page).toHaveURL(home);
  await expect(page.getByRole("heading", { name: "What should we build?" })).toBeVisible();
});
