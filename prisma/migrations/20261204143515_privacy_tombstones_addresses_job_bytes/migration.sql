-- CreateEnum
CREATE TYPE "RedactedSubjectKind" AS ENUM ('CUSTOMER', 'EMAIL');

-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "redactionKey" TEXT;

-- AlterTable
ALTER TABLE "Customer" ADD COLUMN     "addressCity" TEXT,
ADD COLUMN     "addressCountryCode" TEXT,
ADD COLUMN     "addressProvinceCode" TEXT,
ADD COLUMN     "addressZip" TEXT;

-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "billingCity" TEXT,
ADD COLUMN     "billingCountryCode" TEXT,
ADD COLUMN     "shippingCity" TEXT,
ADD COLUMN     "shippingCountryCode" TEXT;

-- AlterTable
ALTER TABLE "Job" ADD COLUMN     "bytes" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "PrivacyRequest" ADD COLUMN     "answeredAt" TIMESTAMP(3),
ADD COLUMN     "bodiesScanned" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "bodiesScrubbed" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "scrubCursor" UUID,
ADD COLUMN     "scrubNeedles" TEXT[];

-- CreateTable
CREATE TABLE "RedactedSubject" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "kind" "RedactedSubjectKind" NOT NULL,
    "keyHash" TEXT NOT NULL,
    "customerId" UUID,
    "redactedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RedactedSubject_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "RedactedSubject_shopId_kind_keyHash_key" ON "RedactedSubject"("shopId", "kind", "keyHash");

-- CreateIndex
CREATE INDEX "PrivacyRequest_shopDomain_kind_receivedAt_idx" ON "PrivacyRequest"("shopDomain", "kind", "receivedAt");

-- AddForeignKey
ALTER TABLE "RedactedSubject" ADD CONSTRAINT "RedactedSubject_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

