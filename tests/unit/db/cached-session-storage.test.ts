import { Session } from "@shopify/shopify-api";
import { MemorySessionStorage } from "@shopify/shopify-app-session-storage-memory";
import { describe, expect, test } from "vitest";
import { CachedSessionStorage } from "~/db/cached-session-storage";

const SHOP = "alpine-outfitters.myshopify.com";
const offline = (accessToken: string) =>
  new Session({ id: `offline_${SHOP}`, shop: SHOP, state: "", isOnline: false, accessToken, scope: "read_orders" });

/** The memory storage, counting the loads that reach it. */
function countingStorage() {
  const inner = new MemorySessionStorage();
  const counts = { loads: 0 };
  const load = inner.loadSession.bind(inner);
  inner.loadSession = (id) => {
    counts.loads += 1;
    return load(id);
  };
  return { inner, counts };
}

function cachedAt(start = 0) {
  const clock = { now: start };
  const { inner, counts } = countingStorage();
  const storage = new CachedSessionStorage(inner, { ttlMs: 5_000, maxEntries: 10, now: () => clock.now });
  return { storage, inner, counts, clock };
}

describe("CachedSessionStorage", () => {
  test("repeated loads within the time are answered from memory, absence included; later ones read again", async () => {
    const { storage, inner, counts, clock } = cachedAt();
    expect(await storage.loadSession("offline_unknown.myshopify.com")).toBeUndefined();
    await inner.storeSession(offline("shpat_1"));
    expect((await storage.loadSession(`offline_${SHOP}`))?.accessToken).toBe("shpat_1");
    clock.now = 4_999;
    expect((await storage.loadSession(`offline_${SHOP}`))?.accessToken).toBe("shpat_1");
    expect(await storage.loadSession("offline_unknown.myshopify.com")).toBeUndefined();
    expect(counts.loads).toBe(2);
    clock.now = 5_000;
    await inner.storeSession(offline("shpat_2"));
    expect((await storage.loadSession(`offline_${SHOP}`))?.accessToken).toBe("shpat_2");
    expect(counts.loads).toBe(3);
  });

  test("a store or delete through it is seen at once", async () => {
    const { storage, counts } = cachedAt();
    await storage.storeSession(offline("shpat_1"));
    expect((await storage.loadSession(`offline_${SHOP}`))?.accessToken).toBe("shpat_1");
    await storage.storeSession(offline("shpat_2"));
    expect((await storage.loadSession(`offline_${SHOP}`))?.accessToken).toBe("shpat_2");
    expect(counts.loads).toBe(0);
    await storage.deleteSession(`offline_${SHOP}`);
    expect(await storage.loadSession(`offline_${SHOP}`)).toBeUndefined();
    await storage.storeSession(offline("shpat_3"));
    await storage.deleteSessions([`offline_${SHOP}`]);
    expect(await storage.loadSession(`offline_${SHOP}`)).toBeUndefined();
    expect(await storage.findSessionsByShop(SHOP)).toEqual([]);
  });

  test("callers get copies: changing a loaded or stored session changes nothing remembered", async () => {
    const { storage } = cachedAt();
    const stored = offline("shpat_1");
    await storage.storeSession(stored);
    stored.accessToken = "changed-by-caller";
    const loaded = await storage.loadSession(`offline_${SHOP}`);
    expect(loaded?.accessToken).toBe("shpat_1");
    loaded!.accessToken = "changed-again";
    expect((await storage.loadSession(`offline_${SHOP}`))?.accessToken).toBe("shpat_1");
  });
});
