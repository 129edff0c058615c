import "@shopify/shopify-app-remix/adapters/node";
import { AppDistribution } from "@shopify/shopify-app-remix/server";
import type { AppConfig } from "~/config/env.server";
import { SHOPIFY_API_VERSION } from "./api-version";

/**
 * The settings of shopifyApp() besides session storage and hooks. The app's one instance and the
 * webhook verification threads (which run an instance of their own) are built from these, so a
 * webhook is checked exactly as the app would check it.
 */
export function shopifyAppSettings(shopify: AppConfig["shopify"]) {
  return {
    apiKey: shopify.apiKey,
    apiSecretKey: shopify.apiSecret,
    appUrl: shopify.appUrl,
    scopes: shopify.scopes,
    apiVersion: SHOPIFY_API_VERSION,
    authPathPrefix: "/auth",
    distribution: AppDistribution.AppStore,
    future: { unstable_newEmbeddedAuthStrategy: true, expiringOfflineAccessTokens: true } as const,
  };
}
