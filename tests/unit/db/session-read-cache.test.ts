import { describe, expect, test } from "vitest";
import { SessionReadCache } from "~/db/session-read-cache";

function cacheAt(start = 0, options: { ttlMs?: number; maxEntries?: number } = {}) {
  const clock = { now: start };
  const cache = new SessionReadCache<string>({
    ttlMs: options.ttlMs ?? 5_000,
    maxEntries: options.maxEntries ?? 10,
    now: () => clock.now,
  });
  return { cache, clock };
}

describe("SessionReadCache", () => {
  test("an unknown id must be read; a remembered one (absent included) is answered until its time is up", () => {
    const { cache, clock } = cacheAt();
    expect(cache.get("offline_a")).toBeUndefined();
    cache.remember("offline_a", "session-a");
    cache.remember("offline_b", null);
    clock.now = 4_999;
    expect(cache.get("offline_a")).toBe("session-a");
    expect(cache.get("offline_b")).toBeNull();
    clock.now = 5_000;
    expect(cache.get("offline_a")).toBeUndefined();
    expect(cache.get("offline_b")).toBeUndefined();
  });

  test("forgetting takes effect at once, and remembering again restarts the time", () => {
    const { cache, clock } = cacheAt();
    cache.remember("offline_a", "old");
    cache.forget(["offline_a"]);
    expect(cache.get("offline_a")).toBeUndefined();
    cache.remember("offline_a", "old");
    clock.now = 3_000;
    cache.remember("offline_a", "new");
    clock.now = 7_000;
    expect(cache.get("offline_a")).toBe("new");
  });

  test("holds at most maxEntries, dropping the oldest first", () => {
    const { cache } = cacheAt(0, { maxEntries: 3 });
    for (const id of ["a", "b", "c", "d"]) cache.remember(id, id);
    expect(cache.get("a")).toBeUndefined();
    expect(["b", "c", "d"].map((id) => cache.get(id))).toEqual(["b", "c", "d"]);
    cache.remember("b", "b2");
    cache.remember("e", "e");
    expect(cache.get("c")).toBeUndefined();
    expect(cache.get("b")).toBe("b2");
  });
});
