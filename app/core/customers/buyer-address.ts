import type { OrderPlace } from "~/core/platform";

/**
 * Where a buyer lives, as far as its order tells: the billing address is the buyer's own (the
 * shipping address may be a gift's recipient or a pick-up point), so it wins when it names a
 * city; else the shipping address's city; else whichever names at least a country.
 */
export function buyerAddress(order: {
  billingAddress: OrderPlace | null;
  shippingAddress: OrderPlace | null;
}): OrderPlace | null {
  const candidates = [order.billingAddress, order.shippingAddress].filter(
    (address): address is OrderPlace => address !== null,
  );
  return (
    candidates.find((address) => address.city !== null) ??
    candidates.find((address) => address.countryCode !== null) ??
    null
  );
}
