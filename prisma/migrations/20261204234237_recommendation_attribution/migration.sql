-- AlterTable
ALTER TABLE "OrderLineItem" ADD COLUMN     "recommendedFrom" TEXT;

-- CreateTable
CREATE TABLE "RecommendationDailyStat" (
    "shopId" UUID NOT NULL,
    "day" DATE NOT NULL,
    "productId" TEXT NOT NULL,
    "targetProductId" TEXT NOT NULL,
    "impressions" INTEGER NOT NULL DEFAULT 0,
    "addToCarts" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "RecommendationDailyStat_pkey" PRIMARY KEY ("shopId","day","productId","targetProductId")
);

-- CreateIndex
CREATE INDEX "RecommendationDailyStat_shopId_productId_day_idx" ON "RecommendationDailyStat"("shopId", "productId", "day");

