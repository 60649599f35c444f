import { describe, expect, test } from "bun:test";
import { AccessCache } from "../../src/auth/access-cache";

const claims = { sessionId: crypto.randomUUID(), userId: crypto.randomUUID() };
const ws1 = crypto.randomUUID();
const ws2 = crypto.randomUUID();
const later = new Date(Date.now() + 86_400_000);

/** A cache on a clock the test moves. */
function cacheAt(start = 1_000_000) {
  const clock = { now: start };
  const cache = new AccessCache(1_000, 100, () => clock.now);
  cache.setListening(true);
  return { cache, clock };
}

describe("access cache", () => {
  test("answers only the exact session, user and workspace it was looked up for", () => {
    const { cache } = cacheAt();
    cache.rememberMember(cache.token(), claims, ws1, { displayName: "Ada", role: "owner" }, later);
    expect(cache.member(claims, ws1)).toEqual({ displayName: "Ada", role: "owner" });
    expect(cache.member(claims, ws2)).toBeNull();
    expect(cache.member({ ...claims, sessionId: crypto.randomUUID() }, ws1)).toBeNull();
    expect(cache.member({ ...claims, userId: crypto.randomUUID() }, ws1)).toBeNull();
    expect(cache.session(claims)).toBeNull();
  });

  test("an entry lives at most the TTL, and never past the session's end", () => {
    const { cache, clock } = cacheAt();
    cache.rememberSession(cache.token(), claims, { displayName: "Ada" }, later);
    clock.now += 999;
    expect(cache.session(claims)).not.toBeNull();
    clock.now += 1;
    expect(cache.session(claims)).toBeNull();

    const ending = new Date(clock.now + 300);
    cache.rememberSession(cache.token(), claims, { displayName: "Ada" }, ending);
    clock.now += 299;
    expect(cache.session(claims)).not.toBeNull();
    clock.now += 1;
    expect(cache.session(claims)).toBeNull();
  });

  test("an access change forgets everything, and a lookup that raced it is not remembered", () => {
    const { cache } = cacheAt();
    cache.rememberMember(cache.token(), claims, ws1, { displayName: "Ada", role: "owner" }, later);
    const raced = cache.token();
    cache.clear();
    expect(cache.member(claims, ws1)).toBeNull();
    cache.rememberMember(raced, claims, ws1, { displayName: "Ada", role: "owner" }, later);
    expect(cache.member(claims, ws1)).toBeNull();
    expect(cache.size).toBe(0);
  });

  test("unused while the access channel is not listened to", () => {
    const cache = new AccessCache();
    cache.rememberSession(cache.token(), claims, { displayName: "Ada" }, later);
    expect(cache.session(claims)).toBeNull();
    cache.setListening(true);
    cache.rememberSession(cache.token(), claims, { displayName: "Ada" }, later);
    expect(cache.session(claims)).not.toBeNull();
    cache.setListening(false);
    expect(cache.session(claims)).toBeNull();
  });

  test("holds at most its bound of entries", () => {
    const { cache } = cacheAt();
    for (let i = 0; i < 250; i++)
      cache.rememberMember(
        cache.token(),
        claims,
        crypto.randomUUID(),
        { displayName: "Ada", role: "member" },
        later,
      );
    expect(cache.size).toBeLessThanOrEqual(100);
  });
});
