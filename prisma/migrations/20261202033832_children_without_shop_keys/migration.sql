-- DropForeignKey
ALTER TABLE "OrderLineItem" DROP CONSTRAINT "OrderLineItem_shopId_fkey";

-- DropForeignKey
ALTER TABLE "OrderDiscountCode" DROP CONSTRAINT "OrderDiscountCode_shopId_fkey";

-- DropForeignKey
ALTER TABLE "Refund" DROP CONSTRAINT "Refund_shopId_fkey";

-- DropForeignKey
ALTER TABLE "RefundLineItem" DROP CONSTRAINT "RefundLineItem_shopId_fkey";

-- DropForeignKey
ALTER TABLE "ProductVariant" DROP CONSTRAINT "ProductVariant_shopId_fkey";

-- DropForeignKey
ALTER TABLE "TimelineEvent" DROP CONSTRAINT "TimelineEvent_shopId_fkey";

