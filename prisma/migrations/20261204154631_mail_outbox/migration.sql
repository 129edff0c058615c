-- CreateEnum
CREATE TYPE "MailMessageStatus" AS ENUM ('QUEUED', 'SENT', 'FAILED', 'DEMO');

-- CreateTable
CREATE TABLE "MailMessage" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "customerId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "status" "MailMessageStatus" NOT NULL DEFAULT 'QUEUED',
    "eventKey" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "MailMessage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MailMessage_shopId_createdAt_idx" ON "MailMessage"("shopId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "MailMessage_shopId_eventKey_key" ON "MailMessage"("shopId", "eventKey");

-- AddForeignKey
ALTER TABLE "MailMessage" ADD CONSTRAINT "MailMessage_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

