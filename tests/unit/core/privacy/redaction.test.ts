import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CustomerSnapshot } from "~/core/platform";
import { newRedactionKey, redactedPlatformId, subjectHash } from "~/core/privacy/redaction-keys";
import { identifyingValues, withoutRedactedPeople, type RedactedPeople } from "~/core/privacy/redacted-snapshots";
import { identifyingNeedles, planSlice } from "~/core/privacy/scrub.server";
import { orderSnapshot } from "../../../helpers/snapshots";

const PSEUDONYM = "redacted:0123456789abcdef0123456789abcdef";

/** Bo (customer 42, bo@example.org) was redacted. */
const people: RedactedPeople = {
  byCustomerId: (id) => (id === "42" ? { pseudonym: PSEUDONYM } : undefined),
  byEmail: (email) => (email === "bo@example.org" ? { pseudonym: PSEUDONYM } : undefined),
};

function customer(platformId: string, email: string | null): CustomerSnapshot {
  const at = new Date("2026-11-01T00:00:00Z");
  return {
    platformId,
    email,
    firstName: "Bo",
    lastName: "Berg",
    phone: "+4915200000000",
    emailMarketingConsent: undefined,
    consentUpdatedAt: undefined,
    tags: undefined,
    locale: "de",
    address: { address1: "Domstraße 1", address2: null, city: "Köln", zip: "50667", provinceCode: null, countryCode: "DE" },
    createdAt: at,
    updatedAt: at,
  };
}

const bosBuyer = { platformId: "42", email: "bo@example.org", firstName: "Bo", lastName: "Berg", phone: "+4915200000000" };

describe("records naming a redacted person", () => {
  it("drops the person's customer record, found by id or by e-mail in any case", () => {
    const result = withoutRedactedPeople(people, [customer("42", null), customer("7", " BO@example.org "), customer("8", "ana@example.org")], []);
    expect(result.customers.map((kept) => kept.platformId)).toEqual(["8"]);
    expect([...result.named.customers]).toEqual(["42", "7"]);
  });

  it("keeps the person's order without them, linked to the pseudonymous row", () => {
    const order = orderSnapshot("900", {
      email: "bo@example.org",
      buyer: bosBuyer,
      tags: ["VIP Bo"],
      landingSite: "/?ref=bo",
      shippingAddress: { address1: "Domstraße 1", address2: "3. OG", zip: "50667", city: "Köln", countryCode: "DE" },
      billingAddress: { city: "Köln", countryCode: "DE" },
      totalMinor: 4_990n,
    });
    const { orders, named } = withoutRedactedPeople(people, [], [order]);
    expect(orders[0]).toMatchObject({
      email: null,
      buyer: { platformId: PSEUDONYM, email: null, firstName: null, lastName: null, phone: null },
      tags: [],
      landingSite: null,
      shippingAddress: { address1: null, address2: null, zip: null, city: null, countryCode: "DE" },
      billingAddress: { city: null, countryCode: "DE" },
      totalMinor: 4_990n,
    });
    expect([...named.orders]).toEqual(["900"]);
  });

  it("recognises a guest order of the person by its e-mail alone", () => {
    const { orders } = withoutRedactedPeople(people, [], [orderSnapshot("901", { email: "Bo@Example.org" })]);
    expect(orders[0]?.email).toBeNull();
  });

  it("leaves everybody else's records as they are", () => {
    const order = orderSnapshot("902", { email: "ana@example.org", buyer: { ...bosBuyer, platformId: "8", email: "ana@example.org" } });
    const result = withoutRedactedPeople(people, [customer("8", "ana@example.org")], [order]);
    expect(result.orders[0]).toBe(order);
    expect(result.named.orders.size + result.named.customers.size).toBe(0);
  });

  it("asks for each identifying value once", () => {
    const values = identifyingValues([customer("42", "BO@example.org")], [orderSnapshot("1", { email: "bo@example.org", buyer: bosBuyer })]);
    expect(values).toEqual({ customerIds: ["42"], emails: ["bo@example.org"] });
  });
});

describe("tombstone keys", () => {
  it("hash under the shop's key: another key or kind gives another hash", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (value) => {
        const key = newRedactionKey();
        const hash = subjectHash(key, "CUSTOMER", value);
        expect(hash).toMatch(/^[0-9a-f]{64}$/);
        expect(subjectHash(key, "CUSTOMER", value)).toBe(hash);
        expect(subjectHash(key, "EMAIL", value)).not.toBe(hash);
        expect(subjectHash(newRedactionKey(), "CUSTOMER", value)).not.toBe(hash);
        expect(redactedPlatformId(hash)).not.toContain(value.length >= 5 ? value : "\u0000");
      }),
      { numRuns: 50 },
    );
  });
});

describe("scrub slices", () => {
  const row = (id: string, hit = false, unprocessed = false) => ({ id, hit, unprocessed });

  it("scrubs the hits and moves past the slice", () => {
    expect(planSlice([row("a"), row("b", true), row("c")], null)).toEqual({
      scrub: ["b"],
      cursor: "c",
      scanned: 3,
      waiting: false,
      finished: false,
    });
  });

  it("stops before a hit still waiting to be processed, and waits when it is the first", () => {
    expect(planSlice([row("a", true), row("b", true, true), row("c", true)], "0")).toMatchObject({ scrub: ["a"], cursor: "a", waiting: true });
    expect(planSlice([row("b", true, true)], "0")).toMatchObject({ scrub: [], cursor: "0", scanned: 0, waiting: true, finished: false });
  });

  it("an unprocessed delivery without the person holds nothing up", () => {
    expect(planSlice([row("a", false, true), row("b", true)], null)).toMatchObject({ scrub: ["b"], cursor: "b", waiting: false });
  });

  it("is finished when nothing is left after the cursor", () => {
    expect(planSlice([], "z")).toMatchObject({ finished: true, cursor: "z", scrub: [] });
  });

  it("searches for identifying values in lower case, without short or pseudonymous ones", () => {
    expect(identifyingNeedles([" Bo@Example.org", null, "1234", "+4915200000000", "bo@example.org", PSEUDONYM])).toEqual([
      "bo@example.org",
      "+4915200000000",
    ]);
  });
});
