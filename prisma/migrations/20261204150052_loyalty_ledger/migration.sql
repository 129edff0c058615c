-- CreateEnum
CREATE TYPE "LoyaltyEntryKind" AS ENUM ('EARN', 'REDEEM', 'EXPIRE', 'CLAWBACK', 'ADJUST', 'IMPORT', 'REWARD_REFUND');

-- CreateEnum
CREATE TYPE "LoyaltyRewardStatus" AS ENUM ('RESERVED', 'ISSUED', 'USED', 'CANCELLED', 'FAILED');

-- CreateTable
CREATE TABLE "LoyaltyProgram" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL DEFAULT 1,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LoyaltyProgram_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LoyaltyProgramVersion" (
    "programId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "settings" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LoyaltyProgramVersion_pkey" PRIMARY KEY ("programId","version")
);

-- CreateTable
CREATE TABLE "LoyaltyMember" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "customerId" UUID NOT NULL,
    "balance" INTEGER NOT NULL DEFAULT 0,
    "available" INTEGER NOT NULL DEFAULT 0,
    "pending" INTEGER NOT NULL DEFAULT 0,
    "tierId" TEXT,
    "tierSince" TIMESTAMP(3),
    "nextDueAt" TIMESTAMP(3),
    "lastActivityAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LoyaltyMember_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LoyaltyEntry" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "memberId" UUID NOT NULL,
    "kind" "LoyaltyEntryKind" NOT NULL,
    "points" INTEGER NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "availableAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3),
    "lotId" UUID,
    "sourceKey" TEXT NOT NULL,
    "ruleVersion" INTEGER,
    "orderId" UUID,
    "eligibleMinor" BIGINT,
    "reason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LoyaltyEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LoyaltyReward" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "memberId" UUID NOT NULL,
    "rewardId" TEXT NOT NULL,
    "ruleVersion" INTEGER NOT NULL,
    "points" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "discountPlatformId" TEXT,
    "status" "LoyaltyRewardStatus" NOT NULL,
    "requestKey" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3),
    "usedOrderId" UUID,
    "usedAt" TIMESTAMP(3),
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LoyaltyReward_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "LoyaltyProgram_shopId_key" ON "LoyaltyProgram"("shopId");

-- CreateIndex
CREATE UNIQUE INDEX "LoyaltyMember_customerId_key" ON "LoyaltyMember"("customerId");

-- CreateIndex
CREATE INDEX "LoyaltyMember_shopId_balance_idx" ON "LoyaltyMember"("shopId", "balance");

-- CreateIndex
CREATE INDEX "LoyaltyMember_nextDueAt_idx" ON "LoyaltyMember"("nextDueAt");

-- CreateIndex
CREATE INDEX "LoyaltyEntry_memberId_occurredAt_idx" ON "LoyaltyEntry"("memberId", "occurredAt");

-- CreateIndex
CREATE INDEX "LoyaltyEntry_shopId_orderId_idx" ON "LoyaltyEntry"("shopId", "orderId");

-- CreateIndex
CREATE UNIQUE INDEX "LoyaltyEntry_shopId_sourceKey_key" ON "LoyaltyEntry"("shopId", "sourceKey");

-- CreateIndex
CREATE INDEX "LoyaltyReward_memberId_createdAt_idx" ON "LoyaltyReward"("memberId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "LoyaltyReward_shopId_requestKey_key" ON "LoyaltyReward"("shopId", "requestKey");

-- CreateIndex
CREATE UNIQUE INDEX "LoyaltyReward_shopId_code_key" ON "LoyaltyReward"("shopId", "code");

-- AddForeignKey
ALTER TABLE "LoyaltyProgram" ADD CONSTRAINT "LoyaltyProgram_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LoyaltyProgramVersion" ADD CONSTRAINT "LoyaltyProgramVersion_programId_fkey" FOREIGN KEY ("programId") REFERENCES "LoyaltyProgram"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LoyaltyMember" ADD CONSTRAINT "LoyaltyMember_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LoyaltyMember" ADD CONSTRAINT "LoyaltyMember_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LoyaltyEntry" ADD CONSTRAINT "LoyaltyEntry_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "LoyaltyMember"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LoyaltyReward" ADD CONSTRAINT "LoyaltyReward_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "LoyaltyMember"("id") ON DELETE CASCADE ON UPDATE CASCADE;

