import { shopifyApp, type AdminApiContext } from "@shopify/shopify-app-remix/server";
import type { Session } from "@shopify/shopify-api";
import { z } from "zod";
import type { AppConfig } from "~/config/env.server";
import { enqueueCheckoutDiscountAfterInstall } from "~/core/loyalty/checkout-discount.server";
import { recordInstall } from "~/core/shops/shops.server";
import { EncryptedSessionStorage } from "~/db/encrypted-session-storage.server";
import type { Db } from "~/db/prisma.server";
import type { SecretBox } from "~/security/secret-box.server";
import { shopifyAppSettings } from "./app-settings";
import { requestFirstImport } from "./bulk/import-requests.server";
import { numericIdFromGid } from "./gid";

// The embedded app of @shopify/shopify-app-remix: admin authentication (session tokens, OAuth),
// the document headers of embedded pages and the session storage. Built once by the Shopify
// adapter from what the composition root hands it; its install hook records the shop, starts
// the first import and, for a shop that had the loyalty program, puts its checkout discount back.

export interface ShopifyAppDeps {
  config: AppConfig;
  db: Db;
  secretBox: SecretBox;
  /** Called when work was queued (the first import, the checkout discount after an install). */
  wakeQueue(): void;
}

const shopDetailsResponse = z.object({
  data: z.object({
    shop: z.object({ id: z.string(), name: z.string(), currencyCode: z.string() }),
  }),
});

export function createShopifyApp(deps: ShopifyAppDeps) {
  const { db, secretBox } = deps;
  async function afterAuth({ session, admin }: { session: Session; admin: AdminApiContext }) {
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
    const imported = await requestFirstImport(db, installed.id);
    const discount = await enqueueCheckoutDiscountAfterInstall(db, installed);
    if (imported || discount) deps.wakeQueue();
  }
  return shopifyApp({
    ...shopifyAppSettings(deps.config.shopify),
    sessionStorage: new EncryptedSessionStorage(() => ({ db, secretBox })),
    hooks: { afterAuth },
  });
}

export type ShopifyApp = ReturnType<typeof createShopifyApp>;
