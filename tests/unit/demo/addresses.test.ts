import { beforeAll, describe, expect, it } from "vitest";

import type { CustomerSnapshot, OrderSnapshot } from "~/core/platform";
import { householdKey } from "~/core/referrals/address-identity";
import { generateDemoHistory } from "~/demo/history";
import { parseShopifyJson } from "~/platforms/shopify/lossless-json";
import { mapShopifyWebhook } from "~/platforms/shopify/map-webhook";

// The demo's addresses as the CRM stores them: cities of the shop's three countries, each with a
// postcode of its own country's format, and parcels that sometimes go somewhere else than the bill.

let customers: CustomerSnapshot[];
let orders: OrderSnapshot[];

beforeAll(() => {
  const history = generateDemoHistory({ customers: 300, orders: 900 });
  customers = [];
  orders = [];
  for (const delivery of history.deliveries) {
    const event = mapShopifyWebhook({
      topic: delivery.topic,
      payload: parseShopifyJson(delivery.body),
      shopCurrency: history.shop.currency,
      triggeredAt: new Date(delivery.triggeredAt),
    });
    if (event.type === "customer.upserted") customers.push(event.customer);
    if (event.type === "order.upserted") orders.push(event.order);
  }
}, 120_000);

const ZIP_FORMAT: Record<string, RegExp> = { DE: /^\d{5}$/, AT: /^\d{4}$/, CH: /^\d{4}$/ };

describe("demo addresses", () => {
  it("every customer has a default address with a postcode in its country's format", () => {
    expect(customers.length).toBeGreaterThan(0);
    const wrong = customers.filter(({ address }) => !address?.city || !address.zip || !ZIP_FORMAT[address.countryCode ?? ""]?.test(address.zip));
    expect(wrong.slice(0, 3)).toEqual([]);
  });

  it("every default address and every order's shipping address names a door: street and house number, postcode", () => {
    const doors = [...customers.map((customer) => customer.address), ...orders.map((order) => order.shippingAddress)];
    const withoutDoor = doors.filter((address) => !address || !/\D \d+[a-c]?$/.test(address.address1 ?? "") || householdKey(address) === null);
    expect(withoutDoor.slice(0, 3)).toEqual([]);
    // Parcels sent elsewhere go to another household than the buyer's.
    const byEmail = new Map(customers.map((customer) => [customer.email, customer.address]));
    const elsewhere = orders.filter((order) => {
      const home = byEmail.get(order.email);
      return home && order.shippingAddress && householdKey(home) !== householdKey(order.shippingAddress);
    });
    expect(elsewhere.length).toBeGreaterThan(0);
  });

  it("most customers live in Germany, some in Austria and Switzerland", () => {
    const countries = new Set(customers.map((customer) => customer.address?.countryCode));
    expect([...countries].sort()).toEqual(["AT", "CH", "DE"]);
  });

  it("an order is billed to its buyer; a few ship elsewhere, always within the buyer's country", () => {
    expect(orders.every((order) => order.billingAddress?.city && order.shippingAddress?.city)).toBe(true);
    const elsewhere = orders.filter((order) => order.shippingAddress?.city !== order.billingAddress?.city);
    expect(elsewhere.length).toBeGreaterThan(0);
    expect(elsewhere.length).toBeLessThan(orders.length * 0.2);
    expect(orders.every((order) => order.shippingAddress?.countryCode === order.billingAddress?.countryCode)).toBe(true);
  });
});
