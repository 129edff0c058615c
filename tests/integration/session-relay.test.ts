import { MessageChannel } from "node:worker_threads";
import { Session } from "@shopify/shopify-api";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { EncryptedSessionStorage } from "~/db/encrypted-session-storage.server";
import { RelayedSessionStorage, serveSessions, SessionRelayError } from "~/platforms/shopify/session-relay";
import type { Runtime } from "~/runtime.server";
import { startTestRuntime } from "../helpers/test-runtime";

// A verification thread's session calls answered by the app's storage on the main thread. Here
// both ends live on one thread, joined by a MessageChannel as the thread's port is.

const SHOP = "alpine-outfitters.myshopify.com";

let runtime: Runtime;
const channels: MessageChannel[] = [];

beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(async () => {
  await runtime.close();
});
afterEach(() => {
  for (const channel of channels.splice(0)) channel.port1.close();
});

function relayTo(storage: SessionStorage): RelayedSessionStorage {
  const channel = new MessageChannel();
  channels.push(channel);
  serveSessions(channel.port1, storage);
  return new RelayedSessionStorage(channel.port2);
}

const expiringOffline = () =>
  new Session({
    id: `offline_${SHOP}`,
    shop: SHOP,
    state: "",
    isOnline: false,
    scope: "read_orders,read_customers",
    accessToken: "shpat_relay",
    expires: new Date("2026-12-02T10:00:00.000Z"),
    refreshToken: "shprt_relay",
    refreshTokenExpires: new Date("2027-03-01T10:00:00.000Z"),
  });

describe("session storage relayed across threads", () => {
  test("stores, loads, finds and deletes through the app's storage, dates and refresh tokens intact", async () => {
    const storage = new EncryptedSessionStorage(() => runtime);
    const relayed = relayTo(storage);
    expect(await relayed.storeSession(expiringOffline())).toBe(true);

    // Stored where the app keeps sessions, tokens sealed as always.
    const direct = await storage.loadSession(`offline_${SHOP}`);
    expect(direct?.toObject()).toEqual(expiringOffline().toObject());
    const row = await runtime.db.session.findUniqueOrThrow({ where: { id: `offline_${SHOP}` } });
    expect(row.accessToken).not.toContain("shpat_relay");

    const loaded = await relayed.loadSession(`offline_${SHOP}`);
    expect(loaded).toBeInstanceOf(Session);
    expect(loaded?.toObject()).toEqual(expiringOffline().toObject());
    expect(loaded?.expires).toBeInstanceOf(Date);
    expect((await relayed.findSessionsByShop(SHOP)).map((session) => session.id)).toEqual([`offline_${SHOP}`]);
    expect(await relayed.loadSession("offline_other.myshopify.com")).toBeUndefined();

    expect(await relayed.deleteSessions([`offline_${SHOP}`])).toBe(true);
    expect(await relayed.loadSession(`offline_${SHOP}`)).toBeUndefined();
    expect(await relayed.deleteSession(`offline_${SHOP}`)).toBe(true);
  });

  test("a failure of the app's storage reaches the caller as an error with its message", async () => {
    const storage = new EncryptedSessionStorage(() => runtime);
    const failing: SessionStorage = {
      storeSession: (session) => storage.storeSession(session),
      loadSession: () => Promise.reject(new Error("connection terminated unexpectedly")),
      deleteSession: (id) => storage.deleteSession(id),
      deleteSessions: (ids) => storage.deleteSessions(ids),
      findSessionsByShop: (shop) => storage.findSessionsByShop(shop),
    };
    const relayed = relayTo(failing);
    const load = relayed.loadSession(`offline_${SHOP}`);
    await expect(load).rejects.toBeInstanceOf(SessionRelayError);
    await expect(load).rejects.toThrow("connection terminated unexpectedly");
  });
});
