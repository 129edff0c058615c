// The adapter @shopify/shopify-app-remix installs: the library holds one adapter per process, and
// the Node one reads headers off Node's request objects, so whichever module loaded last would
// decide whether authenticate.webhook sees the headers of a Fetch request at all.
import "@shopify/shopify-api/adapters/web-api";
import { shopifyApi, type Session } from "@shopify/shopify-api";
import type { AppConfig } from "~/config/env.server";
import { EncryptedSessionStorage } from "~/db/encrypted-session-storage.server";
import type { Db, Tx } from "~/db/prisma.server";
import type { SecretBox } from "~/security/secret-box.server";
import type { AdminGraphqlClient } from "./admin-graphql.server";
import { SHOPIFY_API_VERSION } from "./api-version";

// The Admin API client for background jobs, built from the shop's stored offline session.
//
// Why not the embedded app's `unauthenticated.admin(shop)`: a caller may hold a database
// transaction (a job that is not staged), and the embedded PGlite server serves exactly one
// connection, which that transaction holds. unauthenticated.admin loads (and, with expiring
// offline tokens, refreshes and stores) the session through the app's session storage on the main
// Prisma client, which would wait forever for that connection. So the session is read and written
// through the client the caller gives — its transaction, or the database client when none is open
// (staged jobs call the platform outside theirs: app/jobs/staged-job.ts) — with the app's
// EncryptedSessionStorage (same sealing, same rows), and the request goes through the official
// client of @shopify/shopify-api with the same settings as shopifyApp().

/** The offline session is missing: the app is not installed, or was uninstalled. */
export class OfflineSessionMissingError extends Error {
  override name = "OfflineSessionMissingError";
}

// As in @shopify/shopify-app-remix: a token this close to expiry is refreshed before use.
const REFRESH_WITHIN_MS = 5 * 60_000;

type ShopifyApi = ReturnType<typeof shopifyApi>;

function apiFor(config: AppConfig): ShopifyApi {
  const appUrl = new URL(config.shopify.appUrl);
  return shopifyApi({
    apiKey: config.shopify.apiKey,
    apiSecretKey: config.shopify.apiSecret,
    apiVersion: SHOPIFY_API_VERSION,
    hostName: appUrl.host,
    hostScheme: appUrl.protocol === "http:" ? "http" : "https",
    scopes: config.shopify.scopes,
    isEmbeddedApp: true,
    logger: { level: 0 },
  });
}

async function loadFreshOfflineSession(api: ShopifyApi, storage: EncryptedSessionStorage, shop: string): Promise<Session> {
  const session = await storage.loadSession(api.session.getOfflineId(shop));
  if (!session?.accessToken) throw new OfflineSessionMissingError(`No offline session stored for ${shop}`);
  if (session.refreshToken && session.isExpired(REFRESH_WITHIN_MS)) {
    const { session: refreshed } = await api.auth.refreshToken({ shop, refreshToken: session.refreshToken });
    await storage.storeSession(refreshed);
    return refreshed;
  }
  return session;
}

/** Admin GraphQL clients for shops, through a caller's transaction or the database client. */
export type OfflineAdminClients = (tx: Db | Tx, shop: string) => Promise<AdminGraphqlClient>;

export function offlineAdminClients(deps: { config: AppConfig; secretBox: SecretBox }): OfflineAdminClients {
  const api = apiFor(deps.config);
  return async (tx, shop) => {
    // The storage only touches the session table, which a transaction client has like the full one.
    const storage = new EncryptedSessionStorage(() => ({ db: tx as unknown as Db, secretBox: deps.secretBox }));
    const session = await loadFreshOfflineSession(api, storage, shop);
    const client = new api.clients.Graphql({ session });
    return {
      async graphql(query, options) {
        // Same shape as the `admin.graphql` of @shopify/shopify-app-remix: a Response of the body.
        const body = await client.request(query, options?.variables ? { variables: options.variables } : {});
        return new Response(JSON.stringify({ data: body.data, extensions: body.extensions }), {
          headers: { "content-type": "application/json" },
        });
      },
    };
  };
}
