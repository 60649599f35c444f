import { describe, expect, test } from "bun:test";
import { can, PERMISSIONS } from "../../src/auth/permissions";

// The matrix from the product's governance rules, spelled out so a change to it is deliberate.
const MATRIX: Record<string, [owner: boolean, admin: boolean, member: boolean]> = {
  "workspace:view": [true, true, true],
  "members:view": [true, true, true],
  "integrations:view": [true, true, true],
  "apps:create": [true, true, true],
  "apps:update": [true, true, true],
  "apps:delete": [true, true, true],
  "agents:run": [true, true, true],
  "workspace:manage": [true, true, false],
  "members:invite": [true, true, false],
  "members:manage": [true, true, false],
  "integrations:manage": [true, true, false],
  "audit:read": [true, true, false],
  "members:manage-owner": [true, false, false],
};

describe("role permissions", () => {
  test("the matrix covers every permission", () => {
    expect(Object.keys(MATRIX).sort()).toEqual([...PERMISSIONS].sort());
  });
  for (const [permission, [owner, admin, member]] of Object.entries(MATRIX)) {
    test(permission, () => {
      const p = permission as (typeof PERMISSIONS)[number];
      expect([can("owner", p), can("admin", p), can("member", p)]).toEqual([owner, admin, member]);
    });
  }
});
