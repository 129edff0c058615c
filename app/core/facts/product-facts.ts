import type { PlatformId, ProductSnapshot } from "~/core/platform";
import { minor, type FactOf } from "./types";

/** product.changed for an applied product version. */
export function productWriteFact(productId: string, product: ProductSnapshot, created: boolean): FactOf<"product.changed"> {
  return {
    kind: "product.changed",
    occurredAt: product.updatedAt,
    customerId: null,
    data: {
      product: { id: productId, platformId: product.platformId },
      created,
      deleted: false,
      status: product.status,
      variants: product.variants.map((variant) => ({
        variantId: variant.platformId,
        priceMinor: minor(variant.priceMinor),
        available: variant.available,
      })),
    },
  };
}

/** product.changed for a stored product the platform deleted. */
export function productDeletedFact(productId: string, platformId: PlatformId, occurredAt: Date): FactOf<"product.changed"> {
  return {
    kind: "product.changed",
    occurredAt,
    customerId: null,
    data: { product: { id: productId, platformId }, created: false, deleted: true, status: null, variants: [] },
  };
}
