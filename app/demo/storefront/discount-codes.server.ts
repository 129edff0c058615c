import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { DiscountCodeRequest, DiscountValue } from "~/core/platform-actions";
import type { Db, Tx } from "~/db/prisma.server";
import type { CodeDiscount } from "./checkout-pricing";

// The demo shop's discount codes as its platform keeps them (the DemoDiscountCode table): the demo's
// platform stand-in stores every code the programs create, and the demo storefront's checkout
// honours and counts them as Shopify's checkout does. The CRM's own records (rewards, referrals)
// play no part here, so a code the CRM believes valid is refused if the platform says otherwise.

/** The value as stored: DiscountValue with its amounts as decimal strings (JSON has no bigint). */
const storedValueSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("amount"), amountMinor: z.string().regex(/^\d+$/), currency: z.string() }),
  z.object({ kind: z.literal("percent"), percent: z.number() }),
  z.object({ kind: z.literal("free_shipping") }),
  z.object({ kind: z.literal("free_product"), variantPlatformId: z.string(), quantity: z.number().int() }),
]);
type StoredValue = z.infer<typeof storedValueSchema>;

function storedValue(value: DiscountValue): StoredValue {
  return value.kind === "amount" ? { ...value, amountMinor: value.amountMinor.toString() } : value;
}

function discountValue(stored: unknown): DiscountValue {
  const value = storedValueSchema.parse(stored);
  return value.kind === "amount" ? { ...value, amountMinor: BigInt(value.amountMinor) } : value;
}

/**
 * Stores a new code under a fresh platform id; null when the shop has the code already (Shopify
 * compares codes without regard to case).
 */
export async function storeDiscountCode(db: Db | Tx, shopId: string, request: DiscountCodeRequest): Promise<string | null> {
  const taken = await db.demoDiscountCode.findFirst({ where: { shopId, code: { equals: request.code, mode: "insensitive" } }, select: { id: true } });
  if (taken) return null;
  const id = `demo-discount:${randomUUID()}`;
  const { count } = await db.demoDiscountCode.createMany({
    data: [
      {
        id,
        shopId,
        code: request.code,
        value: storedValue(request.value),
        customerPlatformId: request.customerPlatformId,
        usageLimit: request.usageLimit,
        oncePerCustomer: request.oncePerCustomer,
        minimumSubtotalMinor: request.minimumSubtotal?.amountMinor ?? null,
        startsAt: request.startsAt,
        endsAt: request.endsAt,
      },
    ],
    // Another request with the same code between the look-up and here: taken, as above.
    skipDuplicates: true,
  });
  return count === 1 ? id : null;
}

export async function deactivateDiscountCode(db: Db | Tx, shopId: string, platformId: string): Promise<boolean> {
  const { count } = await db.demoDiscountCode.updateMany({ where: { id: platformId, shopId }, data: { active: false } });
  return count === 1;
}

/** Shopify tells the shopper no more than this; a deactivated or not yet started code is "not valid". */
export type CodeRefusal = "unknown" | "used" | "expired" | "notYours";
export type CodeLookup = { ok: true; platformId: string; discount: CodeDiscount } | { ok: false; reason: CodeRefusal };

/**
 * A code typed at checkout, checked as Shopify checks it: it exists (in any case) and is active,
 * has started and not ended, has uses left, and, if it is restricted to a customer, the signed-in
 * shopper is that customer. The minimum subtotal is the pricing's to check (checkout-pricing.ts).
 */
export async function lookUpCode(db: Db, shopId: string, code: string, customerPlatformId: string | null, now: Date): Promise<CodeLookup> {
  const row = await db.demoDiscountCode.findFirst({ where: { shopId, code: { equals: code.trim(), mode: "insensitive" } } });
  if (!row || !row.active || row.startsAt.getTime() > now.getTime()) return { ok: false, reason: "unknown" };
  if (row.endsAt && row.endsAt.getTime() <= now.getTime()) return { ok: false, reason: "expired" };
  if (row.usageLimit !== null && row.usedCount >= row.usageLimit) return { ok: false, reason: "used" };
  if (row.customerPlatformId !== null && row.customerPlatformId !== customerPlatformId) return { ok: false, reason: "notYours" };
  return {
    ok: true,
    platformId: row.id,
    discount: {
      code: row.code,
      value: discountValue(row.value),
      minimumSubtotalMinor: row.minimumSubtotalMinor === null ? null : Number(row.minimumSubtotalMinor),
    },
  };
}

/**
 * Counts one use of the code for an order, if it has a use left: one conditional statement, so of
 * two checkouts racing for a single-use code exactly one gets it. False: used up (or gone) meanwhile.
 */
export async function countDiscountCodeUse(db: Db, shopId: string, platformId: string): Promise<boolean> {
  const count = await db.$executeRaw`
    UPDATE "DemoDiscountCode" SET "usedCount" = "usedCount" + 1
    WHERE "id" = ${platformId} AND "shopId" = ${shopId}::uuid AND "active"
      AND ("usageLimit" IS NULL OR "usedCount" < "usageLimit")`;
  return count === 1;
}

/** Gives a use back when the order it was counted for could not be placed. */
export async function returnDiscountCodeUse(db: Db, shopId: string, platformId: string): Promise<void> {
  await db.$executeRaw`
    UPDATE "DemoDiscountCode" SET "usedCount" = "usedCount" - 1
    WHERE "id" = ${platformId} AND "shopId" = ${shopId}::uuid AND "usedCount" > 0`;
}
