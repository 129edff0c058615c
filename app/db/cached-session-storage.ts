import { Session } from "@shopify/shopify-api";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";
import { SessionReadCache } from "./session-read-cache";

/**
 * A session storage that remembers loads for a few seconds (see SessionReadCache): Shopify's
 * library loads the shop's offline session for every webhook. Writes and deletes through it update
 * the memory at once. Sessions go out as copies, so no caller changes a remembered one.
 */
export class CachedSessionStorage implements SessionStorage {
  private readonly cache: SessionReadCache<Session>;

  constructor(
    private readonly inner: SessionStorage,
    options: { ttlMs: number; maxEntries: number; now?: () => number } = { ttlMs: 5_000, maxEntries: 10_000 },
  ) {
    this.cache = new SessionReadCache(options);
  }

  async storeSession(session: Session): Promise<boolean> {
    const copy = new Session(session.toObject());
    this.cache.forget([session.id]);
    const stored = await this.inner.storeSession(session);
    if (stored) this.cache.remember(session.id, copy);
    return stored;
  }

  async loadSession(id: string): Promise<Session | undefined> {
    let session = this.cache.get(id);
    if (session === undefined) {
      session = (await this.inner.loadSession(id)) ?? null;
      this.cache.remember(id, session);
    }
    return session ? new Session(session.toObject()) : undefined;
  }

  async deleteSession(id: string): Promise<boolean> {
    this.cache.forget([id]);
    return this.inner.deleteSession(id);
  }

  async deleteSessions(ids: string[]): Promise<boolean> {
    this.cache.forget(ids);
    return this.inner.deleteSessions(ids);
  }

  findSessionsByShop(shop: string): Promise<Session[]> {
    return this.inner.findSessionsByShop(shop);
  }
}
