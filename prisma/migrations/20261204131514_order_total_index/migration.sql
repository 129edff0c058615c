-- CreateIndex
CREATE INDEX "Order_shopId_totalMinor_idx" ON "Order"("shopId", "totalMinor");

