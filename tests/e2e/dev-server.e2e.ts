// The README's own run command, as a new user meets it: `npm run dev` (not the test server), its
// printed URL in a browser, a first app built and used through the dev server, then Ctrl-C.
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";
import postgres from "postgres";
import { installationRoles } from "../../src/config";
import { onboard, shot, toastsGone } from "./helpers";

const run = process.env.SECOND_TEST_RUN ?? `dev${process.pid}`;
const database = `second_t_${run}_dev`;
const port = 20000 + Math.floor(Math.random() * 20000);
const webPort = port + 1;
const webUrl = `http://127.0.0.1:${webPort}`;
const appPassword = `dev-e2e-app-${crypto.randomUUID()}`;
const owner = new URL(
  process.env.SECOND_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
);
const databaseUrl = Object.assign(new URL(owner), { pathname: `/${database}` }).toString();
const workspacesDir = path.join(tmpdir(), `second-dev-e2e-${run}`);

let dev: ChildProcess;
let output = "";
let exited: Promise<number | null>;

test.use({ baseURL: webUrl });
test.setTimeout(180_000);

test.beforeAll(async () => {
  test.setTimeout(120_000);
  // Its own process group, as in a terminal: Ctrl-C reaches npm and everything under it.
  dev = spawn("npm", ["run", "dev"], {
    cwd: fileURLToPath(new URL("../..", import.meta.url)),
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      PORT: String(port),
      WEB_PORT: String(webPort),
      DATABASE_URL: databaseUrl,
      DATABASE_APP_PASSWORD: appPassword,
      QUEUE_PREFIX: `second-test-${database}`,
      WORKSPACES_DIR: workspacesDir,
      LOG_LEVEL: "info",
    },
  });
  dev.stdout?.on("data", (d) => {
    output += d;
  });
  dev.stderr?.on("data", (d) => {
    output += d;
  });
  exited = new Promise((resolve) => dev.on("exit", (code) => resolve(code)));
  await expect
    .poll(() => output, { timeout: 110_000, intervals: [250] })
    .toContain(`Open ${webUrl}`);
});

test.afterAll(async () => {
  if (dev.exitCode === null && dev.pid) process.kill(-dev.pid, "SIGKILL");
  const sql = postgres(owner.toString(), { max: 1, onnotice: () => {} });
  await sql.unsafe(`drop database if exists ${database} with (force)`);
  // The migrator gave this installation its own login roles; roles outlive databases.
  const roles = installationRoles(databaseUrl);
  await sql.unsafe(`drop role if exists ${roles.app}`);
  await sql.unsafe(`drop role if exists ${roles.queue}`);
  await sql.end();
  rmSync(workspacesDir, { recursive: true, force: true });
});

test("the printed URL answers at once, and a prompt becomes an app whose records are saved through the dev server", async ({
  page,
}) => {
  // One URL, printed once everything answers: Vite's own banner is not shown.
  expect(output.match(/Open http/g)).toHaveLength(1);
  expect(output.match(new RegExp(`:${webPort}\\b`, "g"))).toHaveLength(1);
  expect(output).not.toContain("localhost");

  await onboard(page, "Grace Hopper", "Night Shift");
  const prompt = page.getByLabel("Describe the app you want to build");
  await prompt.fill("Track tickets with subject, requester email, priority and status");
  await prompt.press("Control+Enter");
  const chat = page.getByRole("complementary", { name: "Builder chat" });
  const plan = chat.getByRole("region", { name: "Plan" });
  await plan.getByRole("button", { name: "Approve" }).click();

  const app = page.frameLocator('iframe[title$="preview"]');
  await expect(app.getByRole("navigation", { name: "Sections" })).toBeVisible({ timeout: 90_000 });
  await app
    .getByRole("navigation", { name: "Sections" })
    .getByRole("button", { name: "Tickets" })
    .click();
  await app.getByRole("button", { name: "New ticket" }).first().click();
  const form = app.getByRole("dialog", { name: "New ticket" });
  await form.getByLabel("Subject").fill("Dev server ticket");
  await form.getByLabel("Requester email").fill("grace@example.com");
  await form.getByRole("button", { name: "Create ticket" }).click();
  await expect(app.getByRole("cell", { name: "Dev server ticket" })).toBeVisible();

  // Saved on the server: the data explorer (another read through the dev proxy) shows it.
  await page.getByRole("tab", { name: "Data" }).click();
  await expect(page.getByText("Dev server ticket")).toBeVisible();

  // The source download is the zip from the server, not the dev server's HTML page.
  await page.getByRole("tab", { name: "Files" }).click();
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download .zip" }).click();
  const zip = readFileSync(await (await download).path());
  expect(zip.subarray(0, 2).toString("latin1")).toBe("PK");
  await page.getByRole("tab", { name: "Preview" }).click();
  await toastsGone(page);
  await shot(page, "60-dev-server-app");
});

test("Ctrl-C stops everything cleanly, exits 0 and prints no credential", async () => {
  process.kill(-(dev.pid as number), "SIGINT");
  expect(await exited).toBe(0);
  expect(output).toContain("worker shutting down");
  expect(output).not.toMatch(/password/i);
  expect(output).not.toContain(appPassword);
  expect(output).not.toMatch(/[a-z]+:\/\/[^\s/@]*:[^\s/@]+@/i);
  expect(output).not.toMatch(/terminating connection|uncaught|unhandled/i);
});
