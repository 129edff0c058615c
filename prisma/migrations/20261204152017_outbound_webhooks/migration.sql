-- CreateEnum
CREATE TYPE "OutboundWebhookDeliveryStatus" AS ENUM ('PENDING', 'DELIVERED', 'FAILED', 'DEAD');

-- CreateEnum
CREATE TYPE "LoyaltyPlatformSyncStatus" AS ENUM ('SYNCED', 'SKIPPED', 'FAILED');

-- CreateTable
CREATE TABLE "OutboundWebhookEndpoint" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "url" TEXT NOT NULL,
    "secretEncrypted" TEXT NOT NULL,
    "topics" TEXT[],
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OutboundWebhookEndpoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboundWebhookDelivery" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "endpointId" UUID NOT NULL,
    "topic" TEXT NOT NULL,
    "eventKey" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" "OutboundWebhookDeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "responseStatus" INTEGER,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" TIMESTAMP(3),

    CONSTRAINT "OutboundWebhookDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LoyaltyPlatformSync" (
    "memberId" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "status" "LoyaltyPlatformSyncStatus" NOT NULL,
    "tierId" TEXT,
    "detail" TEXT,
    "syncedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LoyaltyPlatformSync_pkey" PRIMARY KEY ("memberId")
);

-- CreateIndex
CREATE INDEX "OutboundWebhookEndpoint_shopId_createdAt_idx" ON "OutboundWebhookEndpoint"("shopId", "createdAt");

-- CreateIndex
CREATE INDEX "OutboundWebhookDelivery_shopId_createdAt_idx" ON "OutboundWebhookDelivery"("shopId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "OutboundWebhookDelivery_endpointId_eventKey_key" ON "OutboundWebhookDelivery"("endpointId", "eventKey");

-- AddForeignKey
ALTER TABLE "OutboundWebhookEndpoint" ADD CONSTRAINT "OutboundWebhookEndpoint_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutboundWebhookDelivery" ADD CONSTRAINT "OutboundWebhookDelivery_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "OutboundWebhookEndpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LoyaltyPlatformSync" ADD CONSTRAINT "LoyaltyPlatformSync_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

