import type { PlatformActions } from "~/core/platform-actions";
import type { AdminCallOptions, AdminGraphqlClient } from "../admin-graphql.server";
import { setCustomerMetafields } from "./customer-metafields.server";
import { addCustomerTags, removeCustomerTags } from "./customer-tags.server";
import { createDiscountCode, deactivateDiscountCode } from "./discount-codes.server";

// The outbound half of the platform port for Shopify: every action is one or more Admin GraphQL
// mutations through adminGraphql (zod-checked answers; throttling and 5xx waited out), and every
// failure is a PlatformActionError (see action-errors.ts for how Shopify's answers are read).

export function shopifyPlatformActions(client: AdminGraphqlClient, options: AdminCallOptions = {}): PlatformActions {
  return {
    createDiscountCode: (request) => createDiscountCode(client, request, options),
    deactivateDiscountCode: (platformId) => deactivateDiscountCode(client, platformId, options),
    addCustomerTags: (customerPlatformId, tags) => addCustomerTags(client, customerPlatformId, tags, options),
    removeCustomerTags: (customerPlatformId, tags) => removeCustomerTags(client, customerPlatformId, tags, options),
    setCustomerMetafields: (customerPlatformId, metafields) => setCustomerMetafields(client, customerPlatformId, metafields, options),
  };
}
