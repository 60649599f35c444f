import { describe, expect, test } from "bun:test";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { persistentSecret } from "../../scripts/lib/local-services";
import { configSecrets, masterKey, parseConfig } from "../../src/config";
import {
  DecryptError,
  decryptSecret,
  encryptSecret,
  newDataKey,
  unwrapDataKey,
  wrapDataKey,
} from "../../src/integrations/crypto";

const key = (fill: number) => Buffer.alloc(32, fill).toString("base64");
const PROD = {
  NODE_ENV: "production",
  SESSION_SECRET: "s".repeat(32),
  AUDIT_SIGNING_KEY: "a".repeat(32),
};

describe("secrets at rest", () => {
  test("a secret round-trips through its workspace's data key, which round-trips through the master key", () => {
    const master = masterKey(key(1));
    const dataKey = newDataKey();
    const wrapped = wrapDataKey(master, "ws-1", dataKey);
    expect(wrapped.masterKeyId).toBe(master.id);
    expect(wrapped.wrappedKey).not.toContain(Buffer.from(dataKey).toString("base64"));
    const keys = { current: master, previous: [] };
    expect(unwrapDataKey(keys, "ws-1", wrapped)).toEqual(dataKey);

    const at = { workspaceId: "ws-1", grantId: "g-1", name: "API_TOKEN" };
    const sealed = encryptSecret(dataKey, at, "tok-12345");
    expect(sealed).not.toContain("tok-12345");
    expect(encryptSecret(dataKey, at, "tok-12345")).not.toBe(sealed); // a fresh IV each time
    expect(decryptSecret(dataKey, at, sealed)).toBe("tok-12345");
  });

  test("the associated data binds a ciphertext to its workspace, grant and name; tampering fails", () => {
    const dataKey = newDataKey();
    const at = { workspaceId: "ws-1", grantId: "g-1", name: "API_TOKEN" };
    const sealed = encryptSecret(dataKey, at, "tok-12345");
    for (const moved of [
      { ...at, workspaceId: "ws-2" },
      { ...at, grantId: "g-2" },
      { ...at, name: "OTHER" },
    ])
      expect(() => decryptSecret(dataKey, moved, sealed)).toThrow(DecryptError);
    const bytes = Buffer.from(sealed, "base64");
    bytes[14]! ^= 1;
    expect(() => decryptSecret(dataKey, at, bytes.toString("base64"))).toThrow(DecryptError);
    expect(() => decryptSecret(newDataKey(), at, sealed)).toThrow(DecryptError);
    expect(() => decryptSecret(dataKey, at, "AAAA")).toThrow(DecryptError);

    // A wrapped data key moved to another workspace, or under an unknown master key, fails too.
    const master = masterKey(key(1));
    const wrapped = wrapDataKey(master, "ws-1", dataKey);
    const keys = { current: master, previous: [] };
    expect(() => unwrapDataKey(keys, "ws-2", wrapped)).toThrow(DecryptError);
    expect(() =>
      unwrapDataKey({ current: masterKey(key(2)), previous: [] }, "ws-1", wrapped),
    ).toThrow(DecryptError);
    // The error names no value.
    expect(new DecryptError().message).not.toContain("tok");
  });

  test("the master key is 32 bytes of base64, fingerprinted; production refuses to start without one", () => {
    expect(masterKey(key(1)).id).toMatch(/^[0-9a-f]{16}$/);
    expect(masterKey(key(1)).id).toBe(masterKey(key(1)).id);
    expect(masterKey(key(1)).id).not.toBe(masterKey(key(2)).id);
    // base64url (what npm run dev writes) is accepted as well.
    expect(masterKey(Buffer.alloc(32, 255).toString("base64url")).key).toEqual(
      new Uint8Array(Buffer.alloc(32, 255)),
    );
    expect(() => masterKey("c2hvcnQ=")).toThrow(/32 random bytes/);
    expect(() => masterKey("not base64!")).toThrow(/32 random bytes/);

    expect(() => parseConfig(PROD)).toThrow(/SECOND_MASTER_KEY is required in production/);
    const prod = parseConfig({
      ...PROD,
      SECOND_MASTER_KEY: key(1),
      SECOND_MASTER_KEY_PREVIOUS: `${key(2)}, ${key(3)}`,
    });
    expect(prod.masterKeys.current.id).toBe(masterKey(key(1)).id);
    expect(prod.masterKeys.previous.map((k) => k.id)).toEqual([
      masterKey(key(2)).id,
      masterKey(key(3)).id,
    ]);
    expect(() => parseConfig({ SECOND_MASTER_KEY: "short" })).toThrow(/SECOND_MASTER_KEY must be/);
    expect(() => parseConfig({ SECOND_MASTER_KEY_PREVIOUS: "x" })).toThrow(
      /SECOND_MASTER_KEY_PREVIOUS must be/,
    );
    // The logger removes the key's text, whichever base64 alphabet it was given in.
    expect(configSecrets(prod)).toContain(key(1));
    expect(configSecrets(prod)).toContain(Buffer.alloc(32, 2).toString("base64url"));
    // Outside production a process without a key gets a random one of its own.
    expect(parseConfig({}).masterKeys.current.key).toHaveLength(32);
  });

  test("npm run dev's key file is created with mode 600 once and reused", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "second-dev-key-"));
    try {
      const first = persistentSecret("master-key", dir);
      const file = path.join(dir, "master-key");
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect(masterKey(first).key).toHaveLength(32);
      expect(persistentSecret("master-key", dir)).toBe(first);
      expect((await readFile(file, "utf8")).trim()).toBe(first);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
