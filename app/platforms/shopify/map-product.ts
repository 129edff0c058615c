import type { ProductSnapshot, VariantSnapshot } from "~/core/platform";

import { PayloadFieldError } from "./errors";
import { toMinor } from "./map-money";
import type { ShopifyProductPayload, ShopifyVariant } from "./payloads";
import { cleanText } from "./text";

/**
 * Whether the variant can be bought now. "continue" sells past zero; an explicitly untracked
 * variant (inventory_management null) never runs out; without a quantity nothing says it is out.
 */
function isAvailable(variant: ShopifyVariant): boolean {
  if (variant.inventory_policy?.toLowerCase() === "continue") return true;
  if (variant.inventory_management === null) return true;
  const quantity = variant.inventory_quantity;
  return quantity === null || quantity === undefined || quantity > 0;
}

function mapVariant(variant: ShopifyVariant, index: number, shopCurrency: string): VariantSnapshot {
  return {
    platformId: variant.id,
    title: variant.title,
    sku: cleanText(variant.sku),
    // Product payloads carry no currency: variant prices are in the shop's.
    priceMinor: toMinor(`variants[${index}].price`, variant.price, shopCurrency),
    inventoryQuantity: variant.inventory_quantity ?? null,
    available: isAvailable(variant),
  };
}

function featuredImageUrl(product: ShopifyProductPayload): string | null {
  if (product.image) return product.image.src;
  const images = [...(product.images ?? [])].sort(
    (a, b) => (a.position ?? Number.MAX_SAFE_INTEGER) - (b.position ?? Number.MAX_SAFE_INTEGER),
  );
  return images[0]?.src ?? null;
}

export function mapProduct(
  product: ShopifyProductPayload,
  shopCurrency: string,
  triggeredAt: Date | null,
): ProductSnapshot {
  const updatedAt = product.updated_at ?? triggeredAt;
  if (!updatedAt) {
    throw new PayloadFieldError("updated_at", "is required when the delivery has no trigger time");
  }
  return {
    platformId: product.id,
    title: product.title,
    handle: cleanText(product.handle),
    status: cleanText(product.status),
    vendor: cleanText(product.vendor),
    productType: cleanText(product.product_type),
    imageUrl: featuredImageUrl(product),
    tags: product.tags ?? [],
    // Webhook product payloads do not list collections: undefined keeps the stored membership.
    collectionIds: undefined,
    createdAt: product.created_at ?? null,
    updatedAt,
    variants: (product.variants ?? []).map((variant, index) =>
      mapVariant(variant, index, shopCurrency),
    ),
  };
}
