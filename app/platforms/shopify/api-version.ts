import { ApiVersion } from "@shopify/shopify-api";

/** The one Admin API version: used by shopifyApp(), shopify.app.toml (checked by a test) and codegen. */
export const SHOPIFY_API_VERSION = ApiVersion.October26;
