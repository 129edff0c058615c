import { Session } from "@shopify/shopify-api";
import { recordInstall } from "~/core/shops/shops.server";
import { EncryptedSessionStorage } from "~/db/encrypted-session-storage.server";
import type { Runtime } from "~/runtime.server";

/**
 * A Shopify shop as an install leaves it: its row with the sealed token, and the offline session
 * from which jobs build their Admin API client. Used by tests and benchmarks.
 */
export async function installShopifyShop(runtime: Runtime, options: { shop: string; accessToken: string; scopes: string }) {
  const { shop: domain, accessToken, scopes } = options;
  const shop = await recordInstall(runtime.db, {
    platform: "SHOPIFY",
    domain,
    sealedAccessToken: runtime.secretBox.seal(accessToken),
    scopes,
    currency: "EUR",
  });
  await new EncryptedSessionStorage(() => runtime).storeSession(
    new Session({ id: `offline_${domain}`, shop: domain, state: "", isOnline: false, accessToken, scope: scopes }),
  );
  return shop;
}
