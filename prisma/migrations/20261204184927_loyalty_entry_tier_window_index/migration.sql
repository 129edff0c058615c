-- DropIndex
DROP INDEX "LoyaltyEntry_memberId_occurredAt_idx";

-- CreateIndex
CREATE INDEX "LoyaltyEntry_memberId_occurredAt_kind_points_eligibleMinor__idx" ON "LoyaltyEntry"("memberId", "occurredAt", "kind", "points", "eligibleMinor", "orderId");

