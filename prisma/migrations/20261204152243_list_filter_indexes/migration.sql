-- Written by hand (no schema change: Prisma cannot describe these indexes). Counting the orders of
-- a status read the table: PostgreSQL answers from an expression index alone only when the
-- columns the expression reads are in it too, so the status indexes of list_search_indexes are
-- replaced by the same ones carrying their column (INCLUDE). Cancelled and test orders are few:
-- partial indexes find and count them without reading the rest.

DROP INDEX "Order_shopId_financialStatus_processedAt_idx";
CREATE INDEX "Order_shopId_financialStatus_processedAt_idx" ON "Order"("shopId", (lower("financialStatus")), "processedAt") INCLUDE ("financialStatus");

DROP INDEX "Order_shopId_fulfillmentStatus_processedAt_idx";
CREATE INDEX "Order_shopId_fulfillmentStatus_processedAt_idx" ON "Order"("shopId", (coalesce(lower("fulfillmentStatus"), 'unfulfilled')), "processedAt") INCLUDE ("fulfillmentStatus");

CREATE INDEX "Order_shopId_processedAt_cancelled_idx" ON "Order"("shopId", "processedAt") WHERE "cancelledAt" IS NOT NULL;
CREATE INDEX "Order_shopId_processedAt_test_idx" ON "Order"("shopId", "processedAt") WHERE "test";
