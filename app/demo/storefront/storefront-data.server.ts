import type { Db } from "~/db/prisma.server";
import type { LiquidCustomer } from "./liquid.server";
import type { StorefrontShipTo } from "./order-payload";

// What the demo storefront reads of the CRM's store, standing in for what Shopify would know
// itself: the shop's products (mirrored from the demo's products/create webhooks) and its customers.
// The discount codes are the platform's own (discount-codes.server.ts).

const PRODUCTS_SHOWN = 24;

export interface StoreVariant {
  id: string;
  title: string;
  price: number;
  available: boolean;
}

export interface StoreProduct {
  id: string;
  title: string;
  handle: string;
  vendor: string | null;
  url: string;
  price: number;
  variants: StoreVariant[];
  selected_or_first_available_variant: StoreVariant;
}

const productSelect = {
  platformId: true,
  title: true,
  handle: true,
  vendor: true,
  variants: { select: { platformId: true, title: true, priceMinor: true, available: true }, orderBy: { platformId: "asc" } },
} as const;

type ProductRow = {
  platformId: string;
  title: string;
  handle: string | null;
  vendor: string | null;
  variants: Array<{ platformId: string; title: string; priceMinor: bigint; available: boolean }>;
};

function toStoreProduct(row: ProductRow): StoreProduct | null {
  const variants = row.variants.map((variant) => ({ id: variant.platformId, title: variant.title, price: Number(variant.priceMinor), available: variant.available }));
  const first = variants.find((variant) => variant.available) ?? variants[0];
  if (!first || !row.handle) return null;
  return {
    id: row.platformId,
    title: row.title,
    handle: row.handle,
    vendor: row.vendor,
    url: `/demo-store/products/${encodeURIComponent(row.handle)}`,
    price: Math.min(...variants.map((variant) => variant.price)),
    variants,
    selected_or_first_available_variant: first,
  };
}

const liveProduct = { deletedAt: null, status: "active", handle: { not: null } } as const;

export async function storeProducts(db: Db, shopId: string): Promise<StoreProduct[]> {
  const rows = await db.product.findMany({ where: { shopId, ...liveProduct }, select: productSelect, orderBy: { title: "asc" }, take: PRODUCTS_SHOWN });
  return rows.flatMap((row) => toStoreProduct(row) ?? []);
}

export async function storeProduct(db: Db, shopId: string, handle: string): Promise<StoreProduct | null> {
  const row = await db.product.findFirst({ where: { shopId, ...liveProduct, handle }, select: productSelect });
  return row ? toStoreProduct(row) : null;
}

export interface VariantForCart {
  variantId: string;
  productId: string;
  title: string;
  /** null for a product's only variant. */
  variantTitle: string | null;
  sku: string | null;
  vendor: string | null;
  unitMinor: number;
  handle: string;
  url: string;
  /** Can be added to a cart now: in stock, its product active. */
  available: boolean;
}

export async function variantsForCart(db: Db, shopId: string, variantIds: readonly string[]): Promise<Map<string, VariantForCart>> {
  const rows = await db.productVariant.findMany({
    where: { shopId, platformId: { in: [...variantIds] }, product: { deletedAt: null } },
    select: {
      platformId: true,
      title: true,
      sku: true,
      priceMinor: true,
      available: true,
      product: { select: { platformId: true, title: true, vendor: true, handle: true, status: true } },
    },
  });
  return new Map(
    rows.map((row) => [
      row.platformId,
      {
        variantId: row.platformId,
        productId: row.product.platformId,
        title: row.product.title,
        variantTitle: row.title === "Default Title" ? null : row.title,
        sku: row.sku,
        vendor: row.product.vendor,
        unitMinor: Number(row.priceMinor),
        handle: row.product.handle ?? "",
        url: `/demo-store/products/${encodeURIComponent(row.product.handle ?? "")}`,
        available: row.available && (row.product.status ?? "active").toLowerCase() === "active",
      },
    ]),
  );
}

export interface StoreCustomer extends LiquidCustomer {
  platformId: string;
  /** Points to spend now (0 for a customer who is no member yet). */
  available: number;
  /** Where the checkout sends the parcel: the default address, when it names a door. */
  shipTo?: StorefrontShipTo | null;
}

function displayName(first: string | null, last: string | null, email: string | null): string {
  return [first, last].filter(Boolean).join(" ") || email || "—";
}

function shipToOf(row: CustomerRow): StorefrontShipTo | null {
  const { addressLine1, addressLine2, addressZip, addressCity, addressCountryCode } = row;
  if (!addressLine1 || !addressZip || !addressCity || !addressCountryCode) return null;
  return { firstName: row.firstName, lastName: row.lastName, address1: addressLine1, address2: addressLine2, zip: addressZip, city: addressCity, countryCode: addressCountryCode };
}

interface CustomerRow {
  platformId: string | null;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  addressLine1: string | null;
  addressLine2: string | null;
  addressZip: string | null;
  addressCity: string | null;
  addressCountryCode: string | null;
  loyaltyMember: { available: number } | null;
}

function toStoreCustomer(row: CustomerRow): StoreCustomer {
  return {
    id: row.platformId ?? "",
    platformId: row.platformId ?? "",
    first_name: row.firstName ?? "",
    last_name: row.lastName ?? "",
    name: displayName(row.firstName, row.lastName, row.email),
    email: row.email ?? "",
    available: row.loyaltyMember?.available ?? 0,
    shipTo: shipToOf(row),
  };
}

const customerSelect = {
  platformId: true,
  firstName: true,
  lastName: true,
  email: true,
  addressLine1: true,
  addressLine2: true,
  addressZip: true,
  addressCity: true,
  addressCountryCode: true,
  loyaltyMember: { select: { available: true } },
} as const;
const signInable = { isGuest: false, deletedAt: null, redactedAt: null, platformId: { not: null } } as const;

/** The customers offered on the sign-in page: those with the most points to spend. */
export async function pickableCustomers(db: Db, shopId: string, count: number): Promise<StoreCustomer[]> {
  const members = await db.loyaltyMember.findMany({
    where: { shopId, available: { gt: 0 }, customer: signInable },
    orderBy: [{ available: "desc" }, { customerId: "asc" }],
    take: count,
    select: { customer: { select: customerSelect } },
  });
  return members.map((member) => toStoreCustomer(member.customer));
}

export async function storeCustomer(db: Db, shopId: string, platformId: string): Promise<StoreCustomer | null> {
  const row = await db.customer.findFirst({ where: { shopId, ...signInable, platformId }, select: customerSelect });
  return row ? toStoreCustomer(row) : null;
}

export interface OrderOutcome {
  orderName: string | null;
  /** A guest's order earns nothing: there is nothing to wait for. */
  guest: boolean;
  totalMinor: number;
  /** Points the order earned, and when they become available; null: none (yet). */
  earned: { points: number; availableAt: Date | null } | null;
  usedCodes: string[];
}

/** The order as the CRM stored it, with what the program did with it; null: not stored yet. */
export async function orderOutcome(db: Db, shopId: string, orderPlatformId: string): Promise<OrderOutcome | null> {
  const order = await db.order.findUnique({
    where: { shopId_platformId: { shopId, platformId: orderPlatformId } },
    select: { id: true, name: true, totalMinor: true, customerId: true },
  });
  if (!order) return null;
  const [earn, used] = await Promise.all([
    db.loyaltyEntry.findFirst({ where: { shopId, orderId: order.id, kind: "EARN" }, select: { points: true, availableAt: true } }),
    db.loyaltyReward.findMany({ where: { shopId, usedOrderId: order.id }, select: { code: true }, orderBy: { code: "asc" } }),
  ]);
  return { orderName: order.name, guest: order.customerId === null, totalMinor: Number(order.totalMinor), earned: earn, usedCodes: used.map((reward) => reward.code) };
}
