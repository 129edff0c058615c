-- Indexes for the admin's customer and order lists (search, filters, sorting). The first three
-- come from prisma/schema.prisma; the rest are expression and trigram indexes Prisma cannot
-- describe, written by hand. The list queries (listCustomers in
-- app/core/customers/customer-queries.server.ts, listOrders in app/core/orders/order-queries.server.ts)
-- repeat these expressions exactly, or the planner cannot use them.

-- CreateIndex
CREATE INDEX "Customer_shopId_totalSpentMinor_idx" ON "Customer"("shopId", "totalSpentMinor");

-- CreateIndex
CREATE INDEX "Customer_shopId_ordersCount_idx" ON "Customer"("shopId", "ordersCount");

-- CreateIndex
CREATE INDEX "Order_shopId_orderNumber_idx" ON "Order"("shopId", "orderNumber");

-- Trigrams make "contains" searches (ILIKE '%schmi%') index-backed. pg_trgm is a contrib extension
-- that ships with PostgreSQL and is "trusted" (a database owner may create it); the embedded
-- PGlite loads it at start (app/db/embedded-postgres.server.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Hand-written: one trigram index over everything a word of the search may match (name, e-mail,
-- city), so that each word is one index condition. Words never hold a space, so none can match
-- across the joins.
CREATE INDEX "Customer_search_text_trgm_idx" ON "Customer" USING gin (
  (lower(coalesce("firstName", '') || ' ' || coalesce("lastName", '') || ' ' || coalesce("email", '') || ' ' || coalesce("addressCity", ''))) gin_trgm_ops
);

-- Hand-written: the phone's digits, so "+49 1522 126069", "01522126069" and "1522126069" all find
-- +491522126069 however it was typed at checkout (app/core/customers/phone-search.ts).
CREATE INDEX "Customer_phone_digits_trgm_idx" ON "Customer" USING gin (
  (regexp_replace("phone", '[^0-9]', '', 'g')) gin_trgm_ops
) WHERE "phone" IS NOT NULL;

-- Hand-written: newest buyers first with customers who never ordered last (DESC NULLS LAST);
-- the ascending order is served by "Customer_shopId_lastOrderAt_idx".
CREATE INDEX "Customer_shopId_lastOrderAt_desc_idx" ON "Customer"("shopId", "lastOrderAt" DESC NULLS LAST);

-- Hand-written: the orders list's status filters, newest first within a status. Statuses are
-- compared in lower case (the GraphQL import and webhooks spell them differently); no
-- fulfillment status means unfulfilled.
CREATE INDEX "Order_shopId_financialStatus_processedAt_idx" ON "Order"("shopId", (lower("financialStatus")), "processedAt");
CREATE INDEX "Order_shopId_fulfillmentStatus_processedAt_idx" ON "Order"("shopId", (coalesce(lower("fulfillmentStatus"), 'unfulfilled')), "processedAt");
