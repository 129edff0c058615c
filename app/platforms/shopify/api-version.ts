import { ApiVersion } from "@shopify/shopify-api";

/** The one Admin API version: used by shopifyApp(), the Admin API client and shopify.app.toml (checked by a test). */
export const SHOPIFY_API_VERSION = ApiVersion.October26;
