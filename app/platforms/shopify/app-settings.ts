import "@shopify/shopify-app-remix/adapters/node";
import { AppDistribution, LogSeverity } from "@shopify/shopify-app-remix/server";
import type { AppConfig } from "~/config/env.server";
import { SHOPIFY_API_VERSION } from "./api-version";

/**
 * The settings of shopifyApp() besides session storage and hooks: the embedded app is built from
 * these, and so are the test and the benchmark that hold the direct webhook check to the
 * library's `authenticate.webhook`.
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
    // The library logs every storefront and admin request at INFO ("Authenticating app proxy
    // request"): a line per shopper's page view. Its warnings and errors are what an operator needs.
    logger: { level: LogSeverity.Warning },
  };
}
