import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Prisma } from "~/db/generated/client";
import { boundTransaction } from "~/db/transaction-sql.server";
import type { Runtime } from "~/runtime.server";
import { startTestRuntime } from "../helpers/test-runtime";

// Raw SQL of a transaction sent over its own pg connection must behave as Prisma's $queryRaw and
// $executeRaw inside that transaction: same transaction, same parameter and result types.

let runtime: Runtime;
let shopId: string;

beforeAll(async () => {
  runtime = await startTestRuntime();
  const shop = await runtime.db.shop.create({ data: { platform: "SHOPIFY", domain: "bound-sql.myshopify.com", currency: "EUR" } });
  shopId = shop.id;
});
afterAll(() => runtime.close());

const EXAMPLE = {
  platformId: "4503599627370497",
  tags: ["vip", "wholesale"],
  totalMinor: 9_007_199_254_740_993n,
  processedAt: new Date("2024-03-31T22:30:00.123Z"),
};

async function insertOrder(tx: Prisma.TransactionClient, platformId: string) {
  return tx.$executeRaw`
    INSERT INTO "Order" (id, "shopId", "platformId", currency, tags, "totalMinor", "processedAt", "sourceCreatedAt",
                         "sourceUpdatedAt", "updatedAt", "subtotalMinor", "totalDiscountsMinor", "totalShippingMinor",
                         "totalTaxMinor", "presentmentCurrency", "presentmentTotalMinor")
    VALUES (crm_uuid_v7(), ${shopId}::uuid, ${platformId}, 'EUR', ${EXAMPLE.tags}::text[], ${EXAMPLE.totalMinor},
            ${EXAMPLE.processedAt}, ${EXAMPLE.processedAt}, ${EXAMPLE.processedAt}, now(), 0, 0, 0, 0, 'EUR', 0)`;
}

const selectOrder = (tx: Prisma.TransactionClient, platformId: string) => tx.$queryRaw<
  Array<{ platformId: string; tags: string[]; totalMinor: bigint; processedAt: Date; count: bigint; orderNumber: number | null }>
>`SELECT "platformId", tags, "totalMinor", "processedAt", count(*) OVER () AS count, "orderNumber"
  FROM "Order" WHERE "shopId" = ${shopId}::uuid AND "platformId" = ${platformId}`;

describe("raw SQL over the transaction's own connection", () => {
  test("is the same transaction: each side sees the other's uncommitted writes, and a rollback undoes both", async () => {
    const failure = new Error("roll back");
    await expect(
      runtime.db.$transaction(async (outer) => {
        const tx = await boundTransaction(outer);
        expect(await insertOrder(tx, "1001")).toBe(1);
        expect(await outer.order.count({ where: { shopId, platformId: "1001" } })).toBe(1);
        await outer.order.updateMany({ where: { shopId, platformId: "1001" }, data: { orderNumber: 1001 } });
        expect((await selectOrder(tx, "1001"))[0]?.orderNumber).toBe(1001);
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await runtime.db.order.count({ where: { shopId } })).toBe(0);
  });

  test("takes and returns values as $queryRaw does: bigint, text[], timestamps in UTC", async () => {
    const [viaPrisma, viaConnection] = await runtime.db.$transaction(async (outer) => {
      const tx = await boundTransaction(outer);
      await insertOrder(tx, EXAMPLE.platformId);
      return [await selectOrder(outer, EXAMPLE.platformId), await selectOrder(tx, EXAMPLE.platformId)];
    });
    expect(viaConnection).toEqual(viaPrisma);
    expect(viaConnection[0]).toMatchObject({ ...EXAMPLE, count: 1n, orderNumber: null });
  });

  test("Prisma.sql fragments and errors come through", async () => {
    await runtime.db.$transaction(async (outer) => {
      const tx = await boundTransaction(outer);
      const rows = await tx.$queryRaw<Array<{ n: number }>>(Prisma.sql`SELECT n FROM unnest(${[3, 1, 2]}::int[]) AS n ORDER BY n`);
      expect(rows.map((row) => row.n)).toEqual([1, 2, 3]);
    });
    await expect(
      runtime.db.$transaction(async (outer) => (await boundTransaction(outer)).$executeRaw`SELECT * FROM "NoSuchTable"`),
    ).rejects.toThrow(/NoSuchTable/);
  });

  test("finds the connection of the runtime's pool (the statements do not go through Prisma)", async () => {
    await runtime.db.$transaction(async (outer) => {
      expect(await boundTransaction(outer)).not.toBe(outer);
    });
  });
});
