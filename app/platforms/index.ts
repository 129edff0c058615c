import type { PlatformAdapter } from "./adapter";
import { createShopifyAdapter, type ShopifyAdapter, type ShopifyAdapterDeps } from "./shopify/adapter.server";

// The registry of platform adapters: the one module that names every platform folder. The
// composition root (app/runtime.server.ts) builds them and hands them to the webhook intake, the
// delivery pipeline and the queue.

export type PlatformDeps = ShopifyAdapterDeps;

export interface Platforms {
  shopify: ShopifyAdapter;
  all: readonly PlatformAdapter[];
}

export function createPlatforms(deps: PlatformDeps): Platforms {
  const shopify = createShopifyAdapter(deps);
  return { shopify, all: [shopify] };
}
