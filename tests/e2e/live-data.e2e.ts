import { readFile } from "node:fs/promises";
import { expect, type Frame, type Page, test } from "@playwright/test";
import { onboard, shot, toastsGone } from "./helpers";

async function createApp(page: Page, name: string, description: string) {
  await page.getByRole("button", { name: "New app" }).click();
  const dialog = page.getByRole("dialog", { name: "New app" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByLabel("Description").fill(description);
  await dialog.getByRole("button", { name: "Create app" }).click();
  await expect(page).toHaveURL(/\/apps\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
}

/** The sample Notes app on the SDK, shown in the preview in place of a build. */
const openDemoApp = (page: Page) => page.goto(`${page.url()}?preview=demo`);

const previewOf = (page: Page, app: string) => page.frameLocator(`iframe[title="${app} preview"]`);

/** The preview document's frame, for talking to the bridge as the app would. */
function previewFrame(page: Page): Frame {
  const frame = page.frames().find((f) => new URL(f.url()).pathname === "/preview/fixture/");
  if (!frame) throw new Error("no preview frame");
  return frame;
}

/** The app's documents as the server has them, read with the page's session. */
async function serverNotes(page: Page, scope: "draft" | "published" = "draft") {
  const [, workspaceId, appId] = new URL(page.url()).pathname.match(
    /^\/w\/([^/]+)\/apps\/([^/]+)/,
  )!;
  const input = encodeURIComponent(
    JSON.stringify({ workspaceId, appId, scope, collection: "notes" }),
  );
  const res = await page.request.get(`/trpc/data.list?input=${input}`);
  expect(res.ok()).toBe(true);
  const body = await res.json();
  return (body.result.data.documents as { text: string; done: boolean }[]).map((d) => d.text);
}

test("a change in one tab's app appears live in another tab's app and in the data explorer", async ({
  page,
  context,
}) => {
  await onboard(page, "Ada Lovelace", "Analytical Engines");
  await expect(page.getByText("No apps yet")).toBeVisible();

  await createApp(page, "Field notes", "Notes from site visits, shared with the team.");
  const fixtureResponse = page.waitForResponse(
    (r) => new URL(r.url()).pathname === "/preview/fixture/",
  );
  await openDemoApp(page);

  // The preview is a sandboxed, opaque-origin document that may not touch the network.
  // Scripts and forms, and nothing else: above all, not the same-origin token.
  const directives = ((await fixtureResponse).headers()["content-security-policy"] ?? "")
    .split(";")
    .map((d) => d.trim());
  expect(directives).toContain("sandbox allow-scripts allow-forms");
  expect(directives.filter((d) => d.startsWith("sandbox"))).toHaveLength(1);
  expect(directives).toContain("connect-src 'none'");
  const iframe = page.locator('iframe[title="Field notes preview"]');
  const sandbox = (await iframe.getAttribute("sandbox")) ?? "";
  expect(sandbox.split(/\s+/).sort()).toEqual(["allow-forms", "allow-scripts"]);

  const app1 = previewOf(page, "Field notes");
  await expect(app1.getByRole("heading", { name: "Notes" })).toBeVisible();
  await expect(app1.getByText("No notes yet")).toBeVisible();

  const page2 = await context.newPage();
  await page2.goto(page.url());
  const app2 = previewOf(page2, "Field notes");
  await expect(app2.getByText("No notes yet")).toBeVisible();

  // Tab 1 adds a note; tab 2's app shows it without a reload.
  await app1.getByLabel("New note").fill("Order more brass gears");
  await app1.getByLabel("New note").press("Enter");
  await expect(app1.getByRole("checkbox", { name: "Order more brass gears" })).toBeVisible();
  await expect(app2.getByRole("checkbox", { name: "Order more brass gears" })).toBeVisible();
  await app2.getByLabel("New note").fill("Check the punch cards");
  await app2.getByRole("button", { name: "Add" }).click();
  await expect(app1.getByRole("checkbox", { name: "Check the punch cards" })).toBeVisible();
  await expect(app1.getByText("2 notes · 0 done")).toBeVisible();

  // Tab 2's data explorer shows the same documents, and keeps up.
  await page2.getByRole("tab", { name: "Data" }).click();
  await expect(page2.getByRole("button", { name: /^notes, 2 documents$/ })).toBeVisible();
  const table = page2.getByRole("table", { name: "Documents in notes" });
  await expect(table.getByRole("row", { name: /Order more brass gears/ })).toBeVisible();
  await expect(table.getByRole("row", { name: /Check the punch cards/ })).toBeVisible();

  await app1.getByRole("checkbox", { name: "Order more brass gears" }).check();
  await expect(table.getByRole("row", { name: /Order more brass gears/ })).toContainText("true");
  await expect(app1.getByText("2 notes · 1 done")).toBeVisible();

  // An edit in the explorer reaches tab 1's app.
  await table.getByRole("row", { name: /Check the punch cards/ }).click();
  const sheet = page2.getByRole("dialog", { name: "Document" });
  await expect(sheet.locator("pre")).toContainText('"text": "Check the punch cards"');
  await sheet.getByRole("button", { name: "Edit" }).click();
  const editor = page2.getByLabel("Fields (JSON)");
  await editor.fill("{ not json");
  await page2.getByRole("button", { name: "Save" }).click();
  await expect(page2.getByText(/^Not valid JSON/)).toBeVisible();
  await editor.fill('{\n  "text": "Check the punch cards twice",\n  "done": false\n}');
  await editor.press("Control+Enter");
  await expect(sheet.locator("pre")).toContainText('"text": "Check the punch cards twice"');
  await expect(app1.getByRole("checkbox", { name: "Check the punch cards twice" })).toBeVisible();
  await expect(sheet.locator("pre")).toContainText('"_version": 2');
  await toastsGone(page2);
  await shot(page2, "09-data-explorer-json");
  await page2.keyboard.press("Escape");
  await expect(sheet).toBeHidden();
  await toastsGone(page);
  await shot(page, "08-app-preview");

  // A delete in tab 1's app leaves both the explorer and tab 2's app.
  await app1.getByRole("button", { name: "Delete “Order more brass gears”" }).click();
  await expect(table.getByRole("row", { name: /Order more brass gears/ })).toBeHidden();
  await expect(page2.getByRole("button", { name: /^notes, 1 document$/ })).toBeVisible();
  await page2.getByRole("tab", { name: "Preview" }).click();
  await expect(app2.getByRole("checkbox", { name: "Order more brass gears" })).toBeHidden();
  await expect(app2.getByRole("checkbox", { name: "Check the punch cards twice" })).toBeVisible();

  // A message forged by another window (here the page itself) is ignored, while the app's own
  // messages, sent after it, go through.
  await page.evaluate(() =>
    window.postMessage(
      {
        source: "second-app",
        id: "forged-1",
        op: "insert",
        params: { collection: "notes", data: { text: "Forged by the top window" } },
      },
      "*",
    ),
  );
  await app1.getByLabel("New note").fill("Sent by the app itself");
  await app1.getByLabel("New note").press("Enter");
  await expect(app2.getByRole("checkbox", { name: "Sent by the app itself" })).toBeVisible();
  expect(await serverNotes(page)).toEqual([
    "Check the punch cards twice",
    "Sent by the app itself",
  ]);
  await expect(app2.getByText("Forged by the top window")).toBeHidden();

  // Malformed requests from the app itself are answered with a validation error.
  const ask = (message: unknown) =>
    previewFrame(page).evaluate(
      (msg) =>
        new Promise((resolve) => {
          const id = (msg as { id: string }).id;
          addEventListener("message", (e) => {
            if (e.data?.id === id) resolve(e.data);
          });
          parent.postMessage(msg, "*");
        }),
      message,
    );
  const otherApp = "00000000-0000-4000-8000-000000000000";
  expect(
    await ask({
      source: "second-app",
      id: "bad-1",
      op: "insert",
      params: { collection: "notes", data: { text: "Elsewhere" }, appId: otherApp },
    }),
  ).toMatchObject({ kind: "response", ok: false, error: { code: "VALIDATION" } });
  expect(
    await ask({
      source: "second-app",
      id: "bad-2",
      op: "insert",
      params: { collection: "1 notes", data: {} },
    }),
  ).toMatchObject({ ok: false, error: { code: "VALIDATION" } });
  expect(await ask({ source: "second-app", id: "bad-3", op: "drop", params: {} })).toMatchObject({
    ok: false,
    error: { code: "VALIDATION" },
  });
  expect(await serverNotes(page)).toHaveLength(2);

  // Dark mode reaches into the app.
  await page.getByRole("button", { name: "Account: Ada Lovelace" }).click();
  await page.getByRole("menuitemradio", { name: "Dark" }).click();
  await expect(page.locator("html")).toHaveClass(/dark/);
  await expect(app1.locator("html")).toHaveClass(/dark/);
  await toastsGone(page);
  await shot(page, "10-app-preview-dark");
  await page.getByRole("tab", { name: "Data" }).click();
  await expect(page.getByRole("table", { name: "Documents in notes" })).toBeVisible();
  await shot(page, "11-data-explorer-dark");
});

test("the explorer inserts and validates documents, keeps draft and published apart, and exports", async ({
  page,
}) => {
  await onboard(page, "Grace Hopper", "Navy Labs");
  await createApp(page, "Bug log", "");
  await openDemoApp(page);
  await page.getByRole("tab", { name: "Data" }).click();
  await expect(page.getByText("No draft data yet")).toBeVisible();

  await page.getByRole("button", { name: "Insert document" }).click();
  const dialog = page.getByRole("dialog", { name: "Insert document" });
  await dialog.getByLabel("Collection").fill("1bugs");
  await dialog.getByRole("button", { name: "Insert" }).click();
  await expect(dialog).toContainText("Start with a letter");
  await dialog.getByLabel("Collection").fill("bugs");
  // Too deep for the store: the server's message is shown and nothing is written.
  let deep = '"moth"';
  for (let i = 0; i < 17; i++) deep = `{ "a": ${deep} }`;
  await dialog.getByLabel("Document (JSON)").fill(deep);
  await dialog.getByRole("button", { name: "Insert" }).click();
  await expect(dialog).toContainText("the limit is 16");
  await dialog
    .getByLabel("Document (JSON)")
    .fill('{ "title": "Moth in relay 70", "panel": "F", "fixed": true }');
  await dialog.getByRole("button", { name: "Insert" }).click();
  await expect(dialog).toBeHidden();
  const table = page.getByRole("table", { name: "Documents in bugs" });
  await expect(table.getByRole("row", { name: /Moth in relay 70/ })).toBeVisible();

  // Published data is separate: empty there, and the draft document stays in draft.
  await page.getByRole("radio", { name: "Published" }).click();
  await expect(page).toHaveURL(/scope=published/);
  await expect(page.getByText("No published data yet")).toBeVisible();
  await page.getByRole("tab", { name: "Preview" }).click();
  await expect(page.getByText(/bound to this app's published data/)).toBeVisible();
  await expect(previewOf(page, "Bug log").getByText("No notes yet")).toBeVisible();
  await page.getByRole("radio", { name: "Draft" }).click();
  await page.getByRole("tab", { name: "Data" }).click();
  await expect(table.getByRole("row", { name: /Moth in relay 70/ })).toBeVisible();

  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export JSON" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe("bug-log-draft-bugs.json");
  const exported = JSON.parse(await readFile(await file.path(), "utf8"));
  expect(exported).toHaveLength(1);
  expect(exported[0]).toMatchObject({ title: "Moth in relay 70", panel: "F", fixed: true });

  // Delete from the table, after a confirmation.
  await table.getByRole("button", { name: /^Delete document / }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete document" }).click();
  await expect(page.getByText("No draft data yet")).toBeVisible();
});

test("apps are listed on the home page, renamed and deleted after a confirmation", async ({
  page,
}) => {
  await onboard(page, "Katherine Johnson", "Flight Research");
  await createApp(page, "Trajectories", "Launch windows and their checks.");
  await page.getByRole("link", { name: "Back to all apps" }).click();
  await createApp(page, "Mission checklist", "");
  await page.getByRole("link", { name: "Back to all apps" }).click();
  const apps = page.getByRole("list", { name: "Apps" });
  await expect(apps.getByRole("listitem")).toHaveCount(2);
  await expect(apps.getByRole("listitem").first()).toContainText("Mission checklist");
  await expect(apps).toContainText("Launch windows and their checks.");
  await expect(apps).toContainText("No description");
  await expect(apps).toContainText("Created just now");
  await toastsGone(page);
  await shot(page, "12-home-apps");

  await page.getByRole("button", { name: "New app" }).click();
  await page.getByRole("dialog", { name: "New app" }).getByLabel("Name").fill("Trajectories");
  await page.getByRole("dialog").getByRole("button", { name: "Create app" }).click();
  await expect(page.getByRole("dialog")).toContainText("already exists");
  await page.keyboard.press("Escape");

  await page.getByRole("button", { name: "More actions for Trajectories" }).click();
  await page.getByRole("menuitem", { name: "Rename" }).click();
  await page.getByLabel("App name").fill("Orbits");
  await page.getByRole("button", { name: "Rename" }).click();
  await expect(apps.getByRole("link", { name: "Orbits" })).toBeVisible();

  await page.getByRole("button", { name: "More actions for Orbits" }).click();
  await page.getByRole("menuitem", { name: "Delete app" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete app" }).click();
  await expect(apps.getByRole("link", { name: "Orbits" })).toBeHidden();
  await expect(apps.getByRole("listitem")).toHaveCount(1);

  // Deleting from the app page goes back home.
  await apps.getByRole("link", { name: "Mission checklist" }).click();
  await page.getByRole("button", { name: "More actions for Mission checklist" }).click();
  await page.getByRole("menuitem", { name: "Delete app" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete app" }).click();
  await expect(page.getByText("No apps yet")).toBeVisible();

  await page.goto(`${new URL(page.url()).pathname}/apps/00000000-0000-4000-8000-000000000000`);
  await expect(page.getByRole("heading", { name: "App not found" })).toBeVisible();
});
