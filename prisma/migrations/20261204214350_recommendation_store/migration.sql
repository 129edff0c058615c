-- CreateTable
CREATE TABLE "RecommendationProgram" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "settings" JSONB NOT NULL,
    "halfLifeMs" DOUBLE PRECISION NOT NULL,
    "referenceAt" TIMESTAMP(3) NOT NULL,
    "totalWeight" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "totalOrders" INTEGER NOT NULL DEFAULT 0,
    "listsAt" TIMESTAMP(3),
    "rebuiltAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RecommendationProgram_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RecommendationOrder" (
    "orderId" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "products" TEXT[],
    "placedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RecommendationOrder_pkey" PRIMARY KEY ("orderId")
);

-- CreateTable
CREATE TABLE "RecommendationProduct" (
    "shopId" UUID NOT NULL,
    "productId" TEXT NOT NULL,
    "weight" DOUBLE PRECISION NOT NULL,
    "orders" INTEGER NOT NULL,

    CONSTRAINT "RecommendationProduct_pkey" PRIMARY KEY ("shopId","productId")
);

-- CreateTable
CREATE TABLE "RecommendationPair" (
    "shopId" UUID NOT NULL,
    "firstProductId" TEXT NOT NULL,
    "secondProductId" TEXT NOT NULL,
    "weight" DOUBLE PRECISION NOT NULL,
    "orders" INTEGER NOT NULL,

    CONSTRAINT "RecommendationPair_pkey" PRIMARY KEY ("shopId","firstProductId","secondProductId")
);

-- CreateTable
CREATE TABLE "RecommendationList" (
    "shopId" UUID NOT NULL,
    "productId" TEXT NOT NULL,
    "pairs" JSONB NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RecommendationList_pkey" PRIMARY KEY ("shopId","productId")
);

-- CreateTable
CREATE TABLE "RecommendationRule" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "productId" TEXT NOT NULL,
    "targetProductId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RecommendationRule_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "RecommendationProgram_shopId_key" ON "RecommendationProgram"("shopId");

-- CreateIndex
CREATE INDEX "RecommendationOrder_shopId_idx" ON "RecommendationOrder"("shopId");

-- CreateIndex
CREATE INDEX "RecommendationPair_shopId_secondProductId_idx" ON "RecommendationPair"("shopId", "secondProductId");

-- CreateIndex
CREATE UNIQUE INDEX "RecommendationRule_shopId_productId_targetProductId_key" ON "RecommendationRule"("shopId", "productId", "targetProductId");

-- AddForeignKey
ALTER TABLE "RecommendationProgram" ADD CONSTRAINT "RecommendationProgram_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

