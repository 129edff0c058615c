import { describe, expect, it } from "vitest";

import { buyerAddress } from "~/core/customers/buyer-address";

const berlin = { city: "Berlin", countryCode: "DE" };
const wien = { city: "Wien", countryCode: "AT" };
const countryOnly = { city: null, countryCode: "CH" };

describe("buyerAddress", () => {
  it.each([
    ["billing wins over shipping (a gift goes elsewhere)", berlin, wien, berlin],
    ["shipping when there is no billing address", null, wien, wien],
    ["shipping's city when billing names only a country", countryOnly, wien, wien],
    ["a country alone when that is all there is", countryOnly, null, countryOnly],
    ["billing's country over shipping's when neither has a city", countryOnly, { city: null, countryCode: "DE" }, countryOnly],
    ["nothing when the order has no address", null, null, null],
  ])("%s", (_case, billingAddress, shippingAddress, expected) => {
    expect(buyerAddress({ billingAddress, shippingAddress })).toEqual(expected);
  });
});
