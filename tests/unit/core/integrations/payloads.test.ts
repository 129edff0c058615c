import { describe, expect, it } from "vitest";
import { httpFailureMessage, isDelivered, responseStatusOf } from "~/core/integrations/delivery-outcome";
import { balanceFigures, customerRef, eventBody } from "~/core/integrations/payloads";

describe("event payloads", () => {
  it("name the platform's customer, but not a redacted one", () => {
    expect(customerRef("c1", "207119551")).toEqual({ id: "c1", platformId: "207119551" });
    expect(customerRef("c1", null)).toEqual({ id: "c1", platformId: null });
    expect(customerRef("c1", "redacted:4f2a")).toEqual({ id: "c1", platformId: null });
  });

  it("carry the balances and nothing else of the member row", () => {
    const row = { id: "m", shopId: "s", customerId: "c", balance: 10, available: 4, pending: 6, tierId: "gold", lastActivityAt: null };
    expect(balanceFigures(row)).toEqual({ balance: 10, available: 4, pending: 6 });
  });

  it("post the event id, topic, time and data in that order", () => {
    expect(eventBody({ id: "d1", topic: "loyalty.tier_changed", occurredAt: "2026-01-01T00:00:00.000Z", data: { toTierId: "gold" } })).toBe(
      '{"id":"d1","topic":"loyalty.tier_changed","occurredAt":"2026-01-01T00:00:00.000Z","data":{"toTierId":"gold"}}',
    );
  });
});

describe("a delivery's outcome", () => {
  it.each([
    [200, true],
    [204, true],
    [299, true],
    [301, false],
    [400, false],
    [500, false],
  ])("status %i delivered: %s", (status, delivered) => expect(isDelivered(status)).toBe(delivered));

  it("keeps the answer's status through the failure message, with an excerpt of its body", () => {
    expect(responseStatusOf(`Error: ${httpFailureMessage(503, "busy")}`)).toBe(503);
    expect(responseStatusOf(httpFailureMessage(410, ""))).toBe(410);
    expect(httpFailureMessage(500, "x".repeat(600))).toHaveLength("HTTP 500: ".length + 501);
    expect(responseStatusOf("TimeoutError: The operation was aborted due to timeout")).toBeNull();
    expect(responseStatusOf("TypeError: fetch failed (HTTP 500 mentioned later)")).toBeNull();
  });
});
