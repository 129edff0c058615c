-- CreateTable
CREATE TABLE "OutboxFact" (
    "id" BIGSERIAL NOT NULL,
    "shopId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "history" BOOLEAN NOT NULL DEFAULT false,
    "customerId" UUID,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "payload" JSONB NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OutboxFact_pkey" PRIMARY KEY ("shopId","id")
);

-- CreateTable
CREATE TABLE "OutboxStream" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "lastFactId" BIGINT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OutboxStream_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxSubscription" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "subscriber" TEXT NOT NULL,
    "position" BIGINT NOT NULL DEFAULT 0,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "retryAt" TIMESTAMP(3),
    "lastError" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OutboxSubscription_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "OutboxStream_shopId_key" ON "OutboxStream"("shopId");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxSubscription_shopId_subscriber_key" ON "OutboxSubscription"("shopId", "subscriber");

-- AddForeignKey
ALTER TABLE "OutboxStream" ADD CONSTRAINT "OutboxStream_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutboxSubscription" ADD CONSTRAINT "OutboxSubscription_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

