import { Session } from "@shopify/shopify-api";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import type { SecretBox } from "~/security/secret-box.server";
import type { PrismaClient as SessionStorageClient } from "@prisma/client";
import type { Db } from "./prisma.server";

/**
 * The session storage is typed against `@prisma/client`, the CommonJS client generated from the
 * same schema (see the second generator in prisma/schema.prisma). Both clients share one runtime
 * and one model set; TypeScript only sees two separately declared type trees.
 */
const asSessionStorageClient = (db: Db) => db as unknown as SessionStorageClient;

/**
 * Shopify's Prisma session storage with the access and refresh tokens sealed before they reach
 * the database. The Prisma client is resolved on first use because the database starts after the
 * shopifyApp() instance is configured.
 */
export class EncryptedSessionStorage implements SessionStorage {
  private inner: { db: Db; storage: PrismaSessionStorage<SessionStorageClient> } | null = null;

  constructor(
    private readonly resolve: () => { db: Db; secretBox: SecretBox },
  ) {}

  private storage(): { inner: PrismaSessionStorage<SessionStorageClient>; box: SecretBox } {
    const { db, secretBox } = this.resolve();
    if (this.inner?.db !== db) this.inner = { db, storage: new PrismaSessionStorage(asSessionStorageClient(db)) };
    return { inner: this.inner.storage, box: secretBox };
  }

  async storeSession(session: Session): Promise<boolean> {
    const { inner, box } = this.storage();
    const params = session.toObject();
    return inner.storeSession(
      new Session({
        ...params,
        accessToken: params.accessToken ? box.seal(params.accessToken) : params.accessToken,
        refreshToken: params.refreshToken ? box.seal(params.refreshToken) : params.refreshToken,
      }),
    );
  }

  async loadSession(id: string): Promise<Session | undefined> {
    const { inner, box } = this.storage();
    const stored = await inner.loadSession(id);
    return stored && this.unseal(stored, box);
  }

  async deleteSession(id: string): Promise<boolean> {
    return this.storage().inner.deleteSession(id);
  }

  async deleteSessions(ids: string[]): Promise<boolean> {
    return this.storage().inner.deleteSessions(ids);
  }

  async findSessionsByShop(shop: string): Promise<Session[]> {
    const { inner, box } = this.storage();
    const sessions = await inner.findSessionsByShop(shop);
    return sessions.map((session) => this.unseal(session, box));
  }

  private unseal(session: Session, box: SecretBox): Session {
    const params = session.toObject();
    return new Session({
      ...params,
      accessToken: params.accessToken ? box.open(params.accessToken) : params.accessToken,
      refreshToken: params.refreshToken ? box.open(params.refreshToken) : params.refreshToken,
    });
  }
}
