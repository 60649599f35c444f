import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { MasterKey, MasterKeys } from "../config";
import { ServiceError } from "../errors";

/**
 * Envelope encryption for integration secrets: AES-256-GCM with a per-workspace data key, which
 * is itself wrapped by the installation's master key. The associated data names what a
 * ciphertext belongs to, so a row copied to another workspace, grant or name fails to decrypt.
 */
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Decryption failed: a wrong key, a tampered row, or a row moved from where it was written. A
 * typed refusal the caller can act on (enter the secret again), never naming the value.
 */
export class DecryptError extends ServiceError {
  constructor() {
    super(
      "PRECONDITION_FAILED",
      "An integration secret could not be decrypted with this installation's master key (the key changed, or the stored row was altered). An admin must enter it again in Settings → Integrations.",
    );
    this.name = "DecryptError";
  }
}

export function seal(key: Uint8Array, plaintext: Uint8Array, aad: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(aad, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64");
}

export function open(key: Uint8Array, sealed: string, aad: string): Buffer {
  const bytes = Buffer.from(sealed, "base64");
  if (bytes.length < IV_BYTES + TAG_BYTES) throw new DecryptError();
  const iv = bytes.subarray(0, IV_BYTES);
  const tag = bytes.subarray(bytes.length - TAG_BYTES);
  const body = bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES);
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv);
    decipher.setAAD(Buffer.from(aad, "utf8"));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    throw new DecryptError();
  }
}

const dataKeyAad = (workspaceId: string) => `second:data-key:v1:${workspaceId}`;
const secretAad = (workspaceId: string, grantId: string, name: string) =>
  `second:secret:v1:${workspaceId}:${grantId}:${name}`;

export function newDataKey(): Uint8Array {
  return new Uint8Array(randomBytes(32));
}

export function wrapDataKey(master: MasterKey, workspaceId: string, dataKey: Uint8Array) {
  return { masterKeyId: master.id, wrappedKey: seal(master.key, dataKey, dataKeyAad(workspaceId)) };
}

/** Unwraps with whichever configured master key wrapped it (current or previous). */
export function unwrapDataKey(
  keys: MasterKeys,
  workspaceId: string,
  row: { masterKeyId: string; wrappedKey: string },
): Uint8Array {
  const master = [keys.current, ...keys.previous].find((k) => k.id === row.masterKeyId);
  if (!master) throw new DecryptError();
  return new Uint8Array(open(master.key, row.wrappedKey, dataKeyAad(workspaceId)));
}

export interface SecretAddress {
  workspaceId: string;
  grantId: string;
  name: string;
}

export function encryptSecret(dataKey: Uint8Array, at: SecretAddress, value: string): string {
  return seal(dataKey, Buffer.from(value, "utf8"), secretAad(at.workspaceId, at.grantId, at.name));
}

export function decryptSecret(dataKey: Uint8Array, at: SecretAddress, ciphertext: string): string {
  return open(dataKey, ciphertext, secretAad(at.workspaceId, at.grantId, at.name)).toString("utf8");
}

/** What an OAuth value belongs to: the client secret, a PKCE verifier, or a user's tokens. */
export type OauthValueKind = "client_secret" | "verifier" | "access" | "refresh";

const oauthAad = (kind: OauthValueKind, workspaceId: string, grantId: string, userId: string) =>
  `second:oauth:v1:${kind}:${workspaceId}:${grantId}:${userId}`;

/** Encrypts an OAuth value bound to workspace, grant and user ("" for the client secret). */
export function encryptOauth(
  dataKey: Uint8Array,
  kind: OauthValueKind,
  at: { workspaceId: string; grantId: string; userId: string },
  value: string,
): string {
  return seal(
    dataKey,
    Buffer.from(value, "utf8"),
    oauthAad(kind, at.workspaceId, at.grantId, at.userId),
  );
}

export function decryptOauth(
  dataKey: Uint8Array,
  kind: OauthValueKind,
  at: { workspaceId: string; grantId: string; userId: string },
  ciphertext: string,
): string {
  return open(dataKey, ciphertext, oauthAad(kind, at.workspaceId, at.grantId, at.userId)).toString(
    "utf8",
  );
}
