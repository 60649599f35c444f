import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import {
  mkdir,
  mkdtemp,
  readFile as readRaw,
  rm,
  symlink,
  writeFile as writeRaw,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { builderTools, runTool, toolDefinitions } from "../../worker/tools/registry";
import {
  deleteFile,
  editFile,
  listFiles,
  readFile,
  searchFiles,
  writeFile,
} from "../../worker/workspace/files";
import { LIMITS } from "../../worker/workspace/limits";
import { ToolInputError, type Workspace } from "../../worker/workspace/paths";

let root: string;
let outside: string;
let ws: Workspace;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "second-ws-"));
  outside = await mkdtemp(path.join(tmpdir(), "second-outside-"));
  ws = { root };
  await writeRaw(path.join(outside, "secret.txt"), "outside secret");
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

const exists = (p: string) => Bun.file(p).exists();

async function refused(promise: Promise<unknown>, message: string | RegExp) {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ToolInputError);
  expect((err as Error).message).toMatch(message);
}

describe("path confinement", () => {
  test("../ escapes and absolute paths are refused for read and write", async () => {
    for (const p of ["../x", "src/../../x", ".."]) {
      await refused(readFile(ws, p), `Path ${p} leaves the app workspace; use a path inside it`);
      await refused(writeFile(ws, p, "x"), "leaves the app workspace");
    }
    for (const p of ["/etc/passwd", path.join(outside, "secret.txt"), "~/.bashrc", "C:/x"]) {
      await refused(readFile(ws, p), "is absolute");
      await refused(writeFile(ws, p, "x"), "is absolute");
    }
    expect(await readRaw(path.join(outside, "secret.txt"), "utf8")).toBe("outside secret");
  });

  test("NUL bytes, control characters and backslashes are refused", async () => {
    await refused(writeFile(ws, "a\0.ts", "x"), "NUL or control character");
    await refused(writeFile(ws, "a\n.ts", "x"), "NUL or control character");
    await refused(readFile(ws, "..\\..\\etc\\passwd"), "backslash");
    await refused(writeFile(ws, "src\\App.tsx", "x"), "use forward slashes");
  });

  test("a symlinked file leading outside is refused for read, write and edit", async () => {
    await symlink(path.join(outside, "secret.txt"), path.join(root, "leak.txt"));
    await refused(readFile(ws, "leak.txt"), "symbolic link that leads outside the app workspace");
    await refused(writeFile(ws, "leak.txt", "pwned"), "leads outside");
    await refused(editFile(ws, "leak.txt", { oldText: "outside", newText: "x" }), "leads outside");
    await refused(deleteFile(ws, "leak.txt"), "leads outside");
    expect(await readRaw(path.join(outside, "secret.txt"), "utf8")).toBe("outside secret");
  });

  test("a symlinked directory leading outside is refused, also for files that do not exist yet", async () => {
    await symlink(outside, path.join(root, "ext"));
    await refused(readFile(ws, "ext/secret.txt"), "leads outside");
    await refused(writeFile(ws, "ext/new.txt", "x"), "leads outside");
    await refused(writeFile(ws, "ext/deep/new.txt", "x"), "leads outside");
    await refused(listFiles(ws, "ext"), "leads outside");
    expect(await exists(path.join(outside, "new.txt"))).toBe(false);
    expect(await exists(path.join(outside, "deep"))).toBe(false);
  });

  test("a dangling symlink is refused rather than followed on create", async () => {
    await symlink(path.join(outside, "planted.txt"), path.join(root, "dangling.txt"));
    await refused(writeFile(ws, "dangling.txt", "x"), "target does not exist");
    expect(await exists(path.join(outside, "planted.txt"))).toBe(false);
  });

  test("writing under a symlinked directory that points inside the workspace works", async () => {
    await mkdir(path.join(root, "src"));
    await symlink(path.join(root, "src"), path.join(root, "alias"));
    const result = await writeFile(ws, "alias/b.ts", "export const b = 1;\n");
    expect(result).toMatchObject({ path: "alias/b.ts", created: true });
    expect(await readRaw(path.join(root, "src/b.ts"), "utf8")).toBe("export const b = 1;\n");
  });

  test(".env files are refused for reading and writing", async () => {
    await writeRaw(path.join(root, ".env"), "API_KEY=sk-1");
    for (const p of [".env", ".env.local", "server/.env", ".ENV"]) {
      await refused(writeFile(ws, p, "A=1"), "environment file for secrets");
    }
    await refused(readFile(ws, ".env"), "environment file for secrets");
    expect(await readRaw(path.join(root, ".env"), "utf8")).toBe("API_KEY=sk-1");
  });

  test("platform files and managed directories can be read but not changed", async () => {
    await writeRaw(path.join(root, "package.json"), '{"name":"app"}');
    await refused(writeFile(ws, "package.json", "{}"), "platform's build setup");
    await refused(writeFile(ws, "./vite.config.ts", "x"), "platform's build setup");
    await refused(editFile(ws, "package.json", { oldText: "app", newText: "x" }), "platform");
    await refused(deleteFile(ws, "package.json"), "platform's build setup");
    await refused(writeFile(ws, "node_modules/react/index.js", "x"), "inside node_modules/");
    await refused(writeFile(ws, "vite.config.mjs", "x"), "platform's build setup");
    await refused(writeFile(ws, "src/second/sdk.ts", "x"), "platform's build setup");
    await refused(writeFile(ws, ".second/state.json", "{}"), "inside .second/");
    await symlink(path.join(root, "package.json"), path.join(root, "pkg-alias.json"));
    await refused(writeFile(ws, "pkg-alias.json", "{}"), "platform's build setup");
    expect((await readFile(ws, "package.json")).content).toBe('{"name":"app"}');

    const custom = { root, platformFiles: ["src/main.tsx"] };
    await refused(writeFile(custom, "src/main.tsx", "x"), "platform's build setup");
    expect((await writeFile(custom, "package.json", "{}")).created).toBe(false);
  });
});

describe("file operations", () => {
  test("write creates parents, then reports the previous content", async () => {
    const first = await writeFile(ws, "src/components/Button.tsx", "one\n");
    expect(first).toEqual({
      path: "src/components/Button.tsx",
      created: true,
      bytes: 4,
      previous: undefined,
    });
    const second = await writeFile(ws, "src/components/Button.tsx", "two\n");
    expect(second).toEqual({
      path: "src/components/Button.tsx",
      created: false,
      bytes: 4,
      previous: "one\n",
    });
    expect(await readRaw(path.join(root, "src/components/Button.tsx"), "utf8")).toBe("two\n");
  });

  test("read returns the whole file or a numbered slice", async () => {
    await writeFile(ws, "a.txt", "l1\nl2\nl3\nl4\n");
    expect(await readFile(ws, "a.txt")).toMatchObject({
      content: "l1\nl2\nl3\nl4\n",
      totalLines: 4,
    });
    const slice = await readFile(ws, "a.txt", { offset: 2, limit: 2 });
    expect(slice).toMatchObject({
      content: "2\tl2\n3\tl3",
      fromLine: 2,
      toLine: 3,
      numbered: true,
    });
    await refused(readFile(ws, "a.txt", { offset: 9 }), "has 4 lines; offset 9 is past the end");
    await refused(readFile(ws, "missing.txt"), "No file or directory at missing.txt");
    await mkdir(path.join(root, "dir"));
    await refused(readFile(ws, "dir"), "is a directory");
    await writeRaw(path.join(root, "logo.png"), new Uint8Array([137, 80, 78, 71, 0, 1]));
    await refused(readFile(ws, "logo.png"), "binary file");
  });

  test("edit replaces one exact match, and says how many when it is not unique", async () => {
    await writeFile(ws, "a.ts", "const a = 1;\nconst b = 1;\n");
    await refused(
      editFile(ws, "a.ts", { oldText: "const c", newText: "x" }),
      "oldText was not found in a.ts",
    );
    await refused(
      editFile(ws, "a.ts", { oldText: "= 1", newText: "= 2" }),
      "oldText was found 2 times in a.ts; include more surrounding lines so it matches once, or set replaceAll to replace all 2",
    );
    const one = await editFile(ws, "a.ts", { oldText: "const a = 1", newText: "const a = '$&'" });
    expect(one).toMatchObject({ replacements: 1, previous: "const a = 1;\nconst b = 1;\n" });
    const all = await editFile(ws, "a.ts", { oldText: "const", newText: "let", replaceAll: true });
    expect(all.replacements).toBe(2);
    expect(await readRaw(path.join(root, "a.ts"), "utf8")).toBe("let a = '$&';\nlet b = 1;\n");
    await refused(editFile(ws, "nope.ts", { oldText: "a", newText: "b" }), "No file or directory");
  });

  test("delete removes a file and refuses directories and missing files", async () => {
    await writeFile(ws, "src/old.ts", "x");
    expect(await deleteFile(ws, "src/old.ts")).toEqual({ path: "src/old.ts", bytes: 1 });
    expect(await exists(path.join(root, "src/old.ts"))).toBe(false);
    await refused(deleteFile(ws, "src/old.ts"), "No file at src/old.ts");
    await refused(deleteFile(ws, "src"), "is a directory");
  });

  test("list is sorted, recursive on request, and skips node_modules, dist and .git", async () => {
    await writeFile(ws, "src/App.tsx", "app");
    await writeFile(ws, "index.html", "<html>");
    for (const dir of ["node_modules/react", "dist", ".git"]) {
      await mkdir(path.join(root, dir), { recursive: true });
      await writeRaw(path.join(root, dir, "f.js"), "x");
    }
    await symlink(outside, path.join(root, "link"));
    const top = await listFiles(ws);
    expect(top.entries).toEqual([
      { path: "index.html", type: "file", bytes: 6 },
      { path: "link", type: "symlink" },
      { path: "src", type: "dir" },
    ]);
    const deep = await listFiles(ws, ".", { recursive: true });
    expect(deep.entries.map((e) => e.path)).toEqual(["index.html", "link", "src", "src/App.tsx"]);
    expect((await listFiles(ws, "src")).entries).toEqual([
      { path: "src/App.tsx", type: "file", bytes: 3 },
    ]);
    await refused(listFiles(ws, "index.html"), "is a file; use read_file");
  });

  test("search finds literal text and regexes, honours the glob, skips .env and node_modules", async () => {
    await writeFile(ws, "src/App.tsx", "export function App() {\n  return useTodos();\n}\n");
    await writeFile(ws, "src/todos.ts", "export function useTodos() {}\n");
    await writeFile(ws, "README.md", "useTodos is a hook\n");
    await writeRaw(path.join(root, ".env"), "useTodos=secret");
    await mkdir(path.join(root, "node_modules"));
    await writeRaw(path.join(root, "node_modules/x.js"), "useTodos");

    const literal = await searchFiles(ws, "useTodos");
    expect(literal.matches).toEqual([
      { path: "README.md", line: 1, text: "useTodos is a hook" },
      { path: "src/App.tsx", line: 2, text: "return useTodos();" },
      { path: "src/todos.ts", line: 1, text: "export function useTodos() {}" },
    ]);
    const globbed = await searchFiles(ws, "useTodos", { glob: "*.tsx" });
    expect(globbed.matches.map((m) => m.path)).toEqual(["src/App.tsx"]);
    const regex = await searchFiles(ws, "^export function \\w+\\(\\)", {
      regex: true,
      glob: "src/**",
    });
    expect(regex.matches.map((m) => `${m.path}:${m.line}`)).toEqual([
      "src/App.tsx:1",
      "src/todos.ts:1",
    ]);
    await refused(searchFiles(ws, "(", { regex: true }), "Invalid regular expression");
  });
});

describe("limits at the boundary", () => {
  test("a write of exactly the cap passes; one byte more fails", async () => {
    const cap = LIMITS.maxFileBytes;
    expect((await writeFile(ws, "big.txt", "a".repeat(cap))).bytes).toBe(cap);
    await refused(
      writeFile(ws, "big2.txt", "a".repeat(cap + 1)),
      `${cap + 1} bytes, over the 512 KB`,
    );
    await refused(writeFile(ws, "wide.txt", "é".repeat(cap / 2 + 1)), "over the 512 KB");
    expect(await exists(path.join(root, "big2.txt"))).toBe(false);
  });

  test("reads and edits respect the cap", async () => {
    const cap = LIMITS.maxFileBytes;
    await writeRaw(path.join(root, "at.txt"), "a".repeat(cap));
    await writeRaw(path.join(root, "over.txt"), "a".repeat(cap + 1));
    expect((await readFile(ws, "at.txt")).bytes).toBe(cap);
    await refused(readFile(ws, "over.txt"), "per-file limit");
    await writeRaw(path.join(root, "grow.txt"), `${"a".repeat(cap - 2)}xy`);
    await refused(editFile(ws, "grow.txt", { oldText: "xy", newText: "xyz" }), "after the edit");
    expect((await editFile(ws, "grow.txt", { oldText: "xy", newText: "zw" })).bytes).toBe(cap);
  });

  test("list stops at the entry cap", async () => {
    for (let i = 0; i < LIMITS.maxListEntries; i++)
      await writeRaw(path.join(root, `f${i}.txt`), "");
    expect(await listFiles(ws)).toMatchObject({ truncated: false });
    await writeRaw(path.join(root, "one-more.txt"), "");
    const over = await listFiles(ws);
    expect(over.truncated).toBe(true);
    expect(over.entries).toHaveLength(LIMITS.maxListEntries);
  });

  test("search stops at the result cap", async () => {
    await writeFile(ws, "a.txt", "hit\n".repeat(LIMITS.maxSearchResults));
    expect(await searchFiles(ws, "hit")).toMatchObject({ truncated: false });
    await writeFile(ws, "b.txt", "hit\n");
    const over = await searchFiles(ws, "hit");
    expect(over.truncated).toBe(true);
    expect(over.matches).toHaveLength(LIMITS.maxSearchResults);
  });
});

describe("builder tools", () => {
  test("the registry's JSON Schemas describe every field", () => {
    const defs = toolDefinitions();
    expect(defs.map((d) => d.name)).toEqual([
      "list_files",
      "read_file",
      "write_file",
      "edit_file",
      "delete_file",
      "search_files",
      "add_dependency",
      "done_building",
      "migrate_data",
      "list_app_integration_keys",
    ]);
    for (const def of defs) {
      expect(def.input_schema.type).toBe("object");
      expect(def.input_schema.$schema).toBeUndefined();
      const props = def.input_schema.properties as Record<string, { description?: string }>;
      expect(Object.keys(props).length).toBeGreaterThan(0);
      for (const [field, prop] of Object.entries(props)) {
        expect({ field, described: (prop.description ?? "").length > 10 }).toEqual({
          field,
          described: true,
        });
      }
    }
    const edit = defs.find((d) => d.name === "edit_file")!;
    expect(edit.input_schema.required).toEqual(["path", "oldText", "newText"]);
  });

  test("invalid input and refused paths come back as readable error results", async () => {
    const missing = await runTool("write_file", { root }, { content: "x" });
    expect(missing).toEqual({
      output:
        "Error: invalid input for write_file: path: Invalid input: expected string, received undefined",
      isError: true,
    });
    const wrongType = await runTool("read_file", { root }, { path: "a.ts", offset: 0 });
    expect(wrongType.output).toStartWith("Error: invalid input for read_file: offset:");
    const outsideRead = await runTool("read_file", { root }, { path: "../etc/passwd" });
    expect(outsideRead.output).toBe(
      "Error: Path ../etc/passwd leaves the app workspace; use a path inside it like src/App.tsx",
    );
    expect((await runTool("rm_rf", { root }, {})).output).toContain("there is no tool named rm_rf");
    const write = builderTools.find((t) => t.name === "write_file")!;
    expect(await write.execute({ root }, { path: ".env", content: "A=1" })).toStartWith("Error: ");
  });

  test("the tools work end to end through the registry", async () => {
    const ctx = { root };
    expect(
      (await runTool("write_file", ctx, { path: "src/a.ts", content: "let x = 1;\n" })).output,
    ).toBe("Created src/a.ts (11 B).");
    expect(
      (await runTool("edit_file", ctx, { path: "src/a.ts", oldText: "1", newText: "2" })).output,
    ).toBe("Replaced 1 occurrence in src/a.ts.");
    expect((await runTool("read_file", ctx, { path: "src/a.ts" })).output).toBe("let x = 2;\n");
    expect((await runTool("read_file", ctx, { path: "src/a.ts", offset: 1 })).output).toBe(
      "src/a.ts, lines 1–1 of 1:\n1\tlet x = 2;",
    );
    expect((await runTool("list_files", ctx, { recursive: true })).output).toBe(
      "src/ (dir)\nsrc/a.ts (11 B)",
    );
    expect((await runTool("search_files", ctx, { query: "x =" })).output).toBe(
      "src/a.ts:1:let x = 2;",
    );
    expect((await runTool("search_files", ctx, { query: "nothing" })).output).toBe(
      "No matches for nothing.",
    );
    expect((await runTool("delete_file", ctx, { path: "src/a.ts" })).output).toBe(
      "Deleted src/a.ts.",
    );
    expect((await runTool("list_files", ctx, { path: "src" })).output).toBe("src is empty.");
  });
});
