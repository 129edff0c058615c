-- AlterTable
ALTER TABLE "LoyaltyProgram" ADD COLUMN     "checkoutDiscountError" TEXT,
ADD COLUMN     "checkoutDiscountId" TEXT,
ADD COLUMN     "checkoutDiscountSyncedAt" TIMESTAMP(3),
ADD COLUMN     "checkoutDiscountVersion" INTEGER;

