-- CreateEnum
CREATE TYPE "ReferralStatus" AS ENUM ('CLAIMED', 'PENDING', 'REVIEW', 'REWARDED', 'VOIDED', 'REJECTED', 'EXPIRED');

-- AlterEnum
ALTER TYPE "LoyaltyEntryKind" ADD VALUE 'REFERRAL';

-- AlterTable
ALTER TABLE "Customer" ADD COLUMN     "addressLine1" TEXT,
ADD COLUMN     "addressLine2" TEXT;

-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "shippingAddress1" TEXT,
ADD COLUMN     "shippingAddress2" TEXT,
ADD COLUMN     "shippingZip" TEXT;

-- AlterTable
ALTER TABLE "MailMessage" ADD COLUMN     "referralId" UUID,
ALTER COLUMN "customerId" DROP NOT NULL;

-- CreateTable
CREATE TABLE "ReferralProgram" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "settings" JSONB NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReferralProgram_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReferralCode" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "customerId" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReferralCode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReferralClick" (
    "id" BIGSERIAL NOT NULL,
    "shopId" UUID NOT NULL,
    "codeId" UUID NOT NULL,
    "ipKey" TEXT NOT NULL,
    "deviceKey" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReferralClick_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Referral" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "codeId" UUID NOT NULL,
    "friendCustomerId" UUID,
    "friendEmail" TEXT,
    "friendEmailKey" TEXT,
    "friendLocale" TEXT NOT NULL,
    "friendCode" TEXT NOT NULL,
    "friendDiscountPlatformId" TEXT,
    "friendCodeExpiresAt" TIMESTAMP(3),
    "friendReward" JSONB NOT NULL,
    "claimIpKey" TEXT NOT NULL,
    "claimDeviceKey" TEXT NOT NULL,
    "requestKey" TEXT NOT NULL,
    "status" "ReferralStatus" NOT NULL DEFAULT 'CLAIMED',
    "orderId" UUID,
    "orderTotalMinor" BIGINT,
    "orderCurrency" TEXT,
    "convertedAt" TIMESTAMP(3),
    "returnWindowEndsAt" TIMESTAMP(3),
    "fraudScore" INTEGER,
    "fraudReasons" JSONB,
    "advocateReward" JSONB,
    "advocateRewardPoints" INTEGER,
    "advocateRewardCode" TEXT,
    "advocateRewardedAt" TIMESTAMP(3),
    "reviewedAt" TIMESTAMP(3),
    "closedReason" TEXT,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Referral_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReferralAllowListEntry" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReferralAllowListEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DemoDiscountCode" (
    "id" TEXT NOT NULL,
    "shopId" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "customerPlatformId" TEXT,
    "usageLimit" INTEGER,
    "usedCount" INTEGER NOT NULL DEFAULT 0,
    "oncePerCustomer" BOOLEAN NOT NULL,
    "minimumSubtotalMinor" BIGINT,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3),
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DemoDiscountCode_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ReferralProgram_shopId_key" ON "ReferralProgram"("shopId");

-- CreateIndex
CREATE UNIQUE INDEX "ReferralCode_customerId_key" ON "ReferralCode"("customerId");

-- CreateIndex
CREATE UNIQUE INDEX "ReferralCode_shopId_code_key" ON "ReferralCode"("shopId", "code");

-- CreateIndex
CREATE INDEX "ReferralClick_codeId_at_idx" ON "ReferralClick"("codeId", "at");

-- CreateIndex
CREATE INDEX "ReferralClick_shopId_at_idx" ON "ReferralClick"("shopId", "at");

-- CreateIndex
CREATE INDEX "Referral_shopId_status_createdAt_idx" ON "Referral"("shopId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "Referral_codeId_createdAt_idx" ON "Referral"("codeId", "createdAt");

-- CreateIndex
CREATE INDEX "Referral_shopId_claimIpKey_createdAt_idx" ON "Referral"("shopId", "claimIpKey", "createdAt");

-- CreateIndex
CREATE INDEX "Referral_shopId_claimDeviceKey_createdAt_idx" ON "Referral"("shopId", "claimDeviceKey", "createdAt");

-- CreateIndex
CREATE INDEX "Referral_shopId_orderId_idx" ON "Referral"("shopId", "orderId");

-- CreateIndex
CREATE INDEX "Referral_friendCustomerId_idx" ON "Referral"("friendCustomerId");

-- CreateIndex
CREATE INDEX "Referral_status_returnWindowEndsAt_idx" ON "Referral"("status", "returnWindowEndsAt");

-- CreateIndex
CREATE UNIQUE INDEX "Referral_shopId_friendCode_key" ON "Referral"("shopId", "friendCode");

-- CreateIndex
CREATE UNIQUE INDEX "Referral_shopId_requestKey_key" ON "Referral"("shopId", "requestKey");

-- CreateIndex
CREATE UNIQUE INDEX "Referral_shopId_friendEmailKey_key" ON "Referral"("shopId", "friendEmailKey");

-- CreateIndex
CREATE UNIQUE INDEX "ReferralAllowListEntry_shopId_kind_value_key" ON "ReferralAllowListEntry"("shopId", "kind", "value");

-- CreateIndex
CREATE UNIQUE INDEX "DemoDiscountCode_shopId_code_key" ON "DemoDiscountCode"("shopId", "code");

-- CreateIndex
CREATE INDEX "MailMessage_referralId_idx" ON "MailMessage"("referralId");

-- AddForeignKey
ALTER TABLE "MailMessage" ADD CONSTRAINT "MailMessage_referralId_fkey" FOREIGN KEY ("referralId") REFERENCES "Referral"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReferralProgram" ADD CONSTRAINT "ReferralProgram_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReferralCode" ADD CONSTRAINT "ReferralCode_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReferralClick" ADD CONSTRAINT "ReferralClick_codeId_fkey" FOREIGN KEY ("codeId") REFERENCES "ReferralCode"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Referral" ADD CONSTRAINT "Referral_codeId_fkey" FOREIGN KEY ("codeId") REFERENCES "ReferralCode"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Referral" ADD CONSTRAINT "Referral_friendCustomerId_fkey" FOREIGN KEY ("friendCustomerId") REFERENCES "Customer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

