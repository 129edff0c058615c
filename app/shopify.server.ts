import { shopifyApp, type AdminApiContext } from "@shopify/shopify-app-remix/server";
import type { Session } from "@shopify/shopify-api";
import { z } from "zod";
import { recordInstall } from "~/core/shops/shops.server";
import { requestFirstImport } from "~/platforms/shopify/bulk/import-requests.server";
import { EncryptedSessionStorage } from "~/db/encrypted-session-storage.server";
import { shopifyAppSettings } from "~/platforms/shopify/app-settings";
import { numericIdFromGid } from "~/platforms/shopify/gid";
import { getRuntime } from "~/runtime.server";

// The one configured shopifyApp(). It is built on first use from the running process's
// configuration, so the server entry, the worker and tests all share one source of settings.

const shopDetailsResponse = z.object({
  data: z.object({
    shop: z.object({ id: z.string(), name: z.string(), currencyCode: z.string() }),
  }),
});

async function afterAuth({ session, admin }: { session: Session; admin: AdminApiContext }) {
  const { db, secretBox, queue } = getRuntime();
  const response = await admin.graphql(`#graphql
    query ShopDetails { shop { id name currencyCode } }`);
  const { shop } = shopDetailsResponse.parse(await response.json()).data;
  const installed = await recordInstall(db, {
    platform: "SHOPIFY",
    domain: session.shop,
    sealedAccessToken: secretBox.seal(session.accessToken ?? ""),
    scopes: session.scope ?? null,
    name: shop.name,
    currency: shop.currencyCode,
    platformShopId: numericIdFromGid(shop.id),
  });
  if (await requestFirstImport(db, installed.id)) queue.wake();
}

function createShopifyApp() {
  const { config } = getRuntime();
  return shopifyApp({
    ...shopifyAppSettings(config.shopify),
    sessionStorage: new EncryptedSessionStorage(() => getRuntime()),
    hooks: { afterAuth },
  });
}

type ShopifyApp = ReturnType<typeof createShopifyApp>;
let instance: ShopifyApp | null = null;

export function getShopify(): ShopifyApp {
  instance ??= createShopifyApp();
  return instance;
}

