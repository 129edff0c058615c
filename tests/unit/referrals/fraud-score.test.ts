import fc from "fast-check";
import { describe, expect, it } from "vitest";

import type { PostalAddress } from "~/core/referrals/address-identity";
import {
  FRAUD_POINTS,
  routeReferral,
  scoreReferral,
  type FraudRoute,
  type HouseholdAllowEntry,
  type ReferralFacts,
  type ReferralParty,
} from "~/core/referrals/fraud-score";
import { DEFAULT_FRAUD_SETTINGS, fraudSettingsSchema } from "~/core/referrals/fraud-settings";
import { phoneRegion } from "~/core/referrals/phone-identity";

const DE = phoneRegion("DE");
const settings = DEFAULT_FRAUD_SETTINGS;

function address(address1: string, zip: string, address2: string | null = null, countryCode = "DE"): PostalAddress {
  return { address1, address2, zip, countryCode };
}

const annasHome = address("Hauptstraße 5", "10115");
const bensHome = address("Nebenweg 2", "80331");

const advocate: ReferralParty = {
  customerId: "c-anna",
  email: "anna.schmidt@gmail.com",
  phones: ["0171 1234567"],
  addresses: [annasHome],
  name: "Anna Schmidt",
};
const friend: ReferralParty = {
  customerId: "c-ben",
  email: "ben.meier@web.de",
  phones: ["030 12345678"],
  addresses: [bensHome],
  name: "Ben Meier",
};
const clean: ReferralFacts = {
  advocate,
  friend,
  friendOrdersBefore: 0,
  claimsFromSameIp: 0,
  claimsFromSameDevice: 0,
  advocateCodeCustomers: 0,
  allowList: [],
};

function withFriend(changes: Partial<ReferralParty>, facts: ReferralFacts = clean): ReferralFacts {
  return { ...facts, friend: { ...facts.friend, ...changes } };
}

function codes(facts: ReferralFacts): string[] {
  return scoreReferral(facts, settings, DE).reasons.map((reason) => reason.code);
}

function assess(facts: ReferralFacts): { score: number; route: FraudRoute } {
  const { score } = scoreReferral(facts, settings, DE);
  return { score, route: routeReferral(score, settings) };
}

describe("scoreReferral: each signal on its own", () => {
  it("a friend unrelated to the advocate scores 0 and is approved", () => {
    expect(scoreReferral(clean, settings, DE)).toEqual({ score: 0, reasons: [] });
    expect(assess(clean).route).toBe("approve");
  });

  it("the advocate's own customer account: 100, rejected", () => {
    const facts = withFriend({ customerId: "c-anna" });
    expect(scoreReferral(facts, settings, DE)).toEqual({
      score: 100,
      reasons: [{ code: "same_customer", points: 100, detail: { customerId: "c-anna" } }],
    });
    expect(assess(facts).route).toBe("reject");
  });

  it("two friends without a customer row are not one customer", () => {
    const facts: ReferralFacts = { ...withFriend({ customerId: null }), advocate: { ...advocate, customerId: null } };
    expect(codes(facts)).toEqual([]);
  });

  it.each(["anna.schmidt@gmail.com", "AnnaSchmidt+friend@googlemail.com", " a.n.n.a.schmidt@GMAIL.com", "annaschmidt+1@gmail.com"])(
    "the advocate's mailbox written as %j: 100, rejected",
    (email) => {
      const facts = withFriend({ email });
      expect(scoreReferral(facts, settings, DE).reasons).toEqual([
        { code: "same_email", points: 100, detail: { email: "annaschmidt@gmail.com" } },
      ]);
      expect(assess(facts)).toEqual({ score: 100, route: "reject" });
    },
  );

  it("a tag on another provider is the same mailbox, dots there are not", () => {
    const outlook = { ...advocate, email: "anna.schmidt@outlook.com" };
    expect(codes({ ...withFriend({ email: "Anna.Schmidt+deal@outlook.com" }), advocate: outlook })).toEqual(["same_email"]);
    expect(codes({ ...withFriend({ email: "annaschmidt@outlook.com" }), advocate: outlook })).toEqual([]);
  });

  it("a shared shipping address, however written: 35, review", () => {
    const facts = withFriend({ addresses: [address("hauptstr. 5", "10115")] });
    expect(scoreReferral(facts, settings, DE)).toEqual({
      score: 35,
      reasons: [
        {
          code: "shared_shipping_address",
          points: 35,
          detail: { advocateAddress: "Hauptstraße 5, 10115 DE", friendAddress: "hauptstr. 5, 10115 DE" },
        },
      ],
    });
    expect(assess(facts).route).toBe("review");
  });

  it("a shipping address among several of the advocate's counts", () => {
    const facts: ReferralFacts = {
      ...withFriend({ addresses: [bensHome, address("Gartenweg 9", "50667")] }),
      advocate: { ...advocate, addresses: [annasHome, address("Gartenweg 9", "50667", "bei Schmidt")] },
    };
    expect(codes(facts)).toEqual(["shared_shipping_address"]);
  });

  it("the same street in another postal code or a neighbour's number is no shared address", () => {
    expect(codes(withFriend({ addresses: [address("Hauptstraße 5", "10117")] }))).toEqual([]);
    expect(codes(withFriend({ addresses: [address("Hauptstraße 7", "10115")] }))).toEqual([]);
  });

  it("one Packstation used by two customers is no shared address", () => {
    const facts: ReferralFacts = {
      ...withFriend({ addresses: [address("Packstation 105", "10115", "Postnummer 87654321")] }),
      advocate: { ...advocate, addresses: [address("Packstation 105", "10115", "12345678")] },
    };
    expect(codes(facts)).toEqual([]);
  });

  it("a shared phone, in national or international form: 35, review", () => {
    const facts = withFriend({ phones: ["+49 (0)171 123 45 67"] });
    expect(scoreReferral(facts, settings, DE).reasons).toEqual([{ code: "shared_phone", points: 35, detail: { phone: "+491711234567" } }]);
    expect(assess(facts)).toEqual({ score: 35, route: "review" });
  });

  it("shared filler phones are no signal", () => {
    const facts: ReferralFacts = { ...withFriend({ phones: ["0000000"] }), advocate: { ...advocate, phones: ["0000000"] } };
    expect(codes(facts)).toEqual([]);
  });

  it("a similar name: 20, approved", () => {
    const facts = withFriend({ name: "Schmidt, Ana" });
    expect(scoreReferral(facts, settings, DE).reasons).toEqual([
      { code: "similar_name", points: 20, detail: { advocateName: "Anna Schmidt", friendName: "Schmidt, Ana", edits: 1 } },
    ]);
    expect(assess(facts)).toEqual({ score: 20, route: "approve" });
  });

  it("a friend who ordered before: 50, review", () => {
    const facts = { ...clean, friendOrdersBefore: 2 };
    expect(scoreReferral(facts, settings, DE).reasons).toEqual([{ code: "not_first_order", points: 50, detail: { ordersBefore: 2 } }]);
    expect(assess(facts)).toEqual({ score: 50, route: "review" });
  });

  it("IP velocity: the 11th claim of a week from one address (limit 10): 30, review", () => {
    expect(codes({ ...clean, claimsFromSameIp: 9 })).toEqual([]);
    const facts = { ...clean, claimsFromSameIp: 10 };
    expect(scoreReferral(facts, settings, DE).reasons).toEqual([
      { code: "ip_velocity", points: 30, detail: { claims: 10, limit: 10, windowHours: 168 } },
    ]);
    expect(assess(facts)).toEqual({ score: 30, route: "review" });
  });

  it("device velocity: the 4th claim of a day from one IP address and browser (limit 3): 40, review", () => {
    expect(codes({ ...clean, claimsFromSameDevice: 2 })).toEqual([]);
    const facts = { ...clean, claimsFromSameDevice: 3 };
    expect(scoreReferral(facts, settings, DE).reasons).toEqual([
      { code: "device_velocity", points: 40, detail: { claims: 3, limit: 3, windowHours: 24 } },
    ]);
    expect(assess(facts)).toEqual({ score: 40, route: "review" });
  });

  it("an advocate's codes used by many unrelated customers (a coupon-site leak): 35, review", () => {
    expect(codes({ ...clean, advocateCodeCustomers: 14 })).toEqual([]);
    const facts = { ...clean, advocateCodeCustomers: 15 };
    expect(scoreReferral(facts, settings, DE).reasons).toEqual([
      { code: "advocate_code_spread", points: 35, detail: { customers: 15, limit: 15, windowDays: 30 } },
    ]);
    expect(assess(facts)).toEqual({ score: 35, route: "review" });
  });

  it("velocity limits come from the shop's settings", () => {
    const strict = { ...settings, ipVelocity: { windowHours: 24, limit: 2 } };
    expect(scoreReferral({ ...clean, claimsFromSameIp: 2 }, strict, DE).reasons).toEqual([
      { code: "ip_velocity", points: 30, detail: { claims: 2, limit: 2, windowHours: 24 } },
    ]);
  });
});

describe("scoreReferral: signals combined", () => {
  it("a couple at one address with one phone: 70, review", () => {
    const facts = withFriend({ addresses: [annasHome], phones: ["0171 1234567"] });
    expect(codes(facts)).toEqual(["shared_shipping_address", "shared_phone"]);
    expect(assess(facts)).toEqual({ score: 70, route: "review" });
  });

  it("one address, one phone and a similar name: 90, rejected", () => {
    const facts = withFriend({ addresses: [annasHome], phones: ["0171 1234567"], name: "Anna Schmid" });
    expect(codes(facts)).toEqual(["shared_shipping_address", "shared_phone", "similar_name"]);
    expect(assess(facts)).toEqual({ score: 90, route: "reject" });
  });

  it("a returning customer at the advocate's address: 85, rejected", () => {
    const facts = { ...withFriend({ addresses: [annasHome] }), friendOrdersBefore: 1 };
    expect(assess(facts)).toEqual({ score: 85, route: "reject" });
  });

  it("a burst from one device on a leaked code: capped at 100", () => {
    const facts = { ...clean, claimsFromSameIp: 40, claimsFromSameDevice: 12, advocateCodeCustomers: 60 };
    const result = scoreReferral(facts, settings, DE);
    expect(result.reasons.map((reason) => reason.points)).toEqual([30, 40, 35]);
    expect(result.score).toBe(100);
  });

  it("every signal at once: 100, the reasons in their fixed order", () => {
    const facts: ReferralFacts = {
      ...withFriend({
        customerId: "c-anna",
        email: "anna.schmidt+x@gmail.com",
        addresses: [annasHome],
        phones: ["0171 1234567"],
        name: "Anna Schmidt",
      }),
      friendOrdersBefore: 3,
      claimsFromSameIp: 10,
      claimsFromSameDevice: 3,
      advocateCodeCustomers: 15,
    };
    const result = scoreReferral(facts, settings, DE);
    expect(result.score).toBe(100);
    expect(result.reasons.map((reason) => reason.code)).toEqual(
      Object.keys(FRAUD_POINTS).filter((code) => code !== "household_allow_listed"),
    );
  });
});

describe("scoreReferral: the household allow-list", () => {
  const household = withFriend({ addresses: [annasHome], phones: ["+491711234567"] });
  const clearedHousehold: HouseholdAllowEntry[] = [
    { kind: "address", householdKey: "DE|10115|hauptstrasse5" },
    { kind: "phone", phone: "0171 1234567" },
  ];

  it("clears the shared address and phone of an allow-listed household, and says so", () => {
    expect(scoreReferral({ ...household, allowList: clearedHousehold }, settings, DE)).toEqual({
      score: 0,
      reasons: [{ code: "household_allow_listed", points: 0, detail: { household: "Hauptstraße 5, 10115 DE; +491711234567" } }],
    });
  });

  it("clears only the signal an entry names", () => {
    const onlyAddress = scoreReferral({ ...household, allowList: [clearedHousehold[0]!] }, settings, DE);
    expect(onlyAddress.reasons.map((reason) => reason.code)).toEqual(["shared_phone", "household_allow_listed"]);
    expect(onlyAddress.score).toBe(35);
  });

  it("still flags another shared address that is not on the list", () => {
    const facts: ReferralFacts = {
      ...withFriend({ addresses: [annasHome, address("Gartenweg 9", "50667")] }),
      advocate: { ...advocate, addresses: [annasHome, address("Gartenweg 9", "50667")] },
      allowList: clearedHousehold,
    };
    const result = scoreReferral(facts, settings, DE);
    expect(result.reasons.map((reason) => reason.code)).toEqual(["shared_shipping_address", "household_allow_listed"]);
    expect(result.reasons[0]!.detail).toEqual({ advocateAddress: "Gartenweg 9, 50667 DE", friendAddress: "Gartenweg 9, 50667 DE" });
  });

  it("never clears the same customer, the same mailbox or the other signals", () => {
    const facts: ReferralFacts = {
      ...withFriend({ customerId: "c-anna", email: "annaschmidt@gmail.com", addresses: [annasHome], name: "Anna Schmidt" }),
      friendOrdersBefore: 1,
      claimsFromSameDevice: 5,
      allowList: clearedHousehold,
    };
    expect(codes(facts)).toEqual(["same_customer", "same_email", "household_allow_listed", "similar_name", "not_first_order", "device_velocity"]);
    expect(assess(facts).score).toBe(100);
  });

  it("an entry for a household the claim does not share changes nothing", () => {
    expect(scoreReferral({ ...clean, allowList: clearedHousehold }, settings, DE)).toEqual(scoreReferral(clean, settings, DE));
  });
});

describe("routeReferral", () => {
  it.each([
    [0, "approve"],
    [29, "approve"],
    [30, "review"],
    [79, "review"],
    [80, "reject"],
    [100, "reject"],
  ] as const)("with the defaults, %i → %s", (score, route) => {
    expect(routeReferral(score, settings)).toBe(route);
  });

  it("never rejects when the shop rejects nothing automatically", () => {
    expect(routeReferral(100, { reviewAt: 30, rejectAt: null })).toBe("review");
  });

  it("is monotone in the score for any valid thresholds", () => {
    const rank: Record<FraudRoute, number> = { approve: 0, review: 1, reject: 2 };
    const thresholds = fc
      .tuple(fc.integer({ min: 1, max: 100 }), fc.option(fc.integer({ min: 1, max: 100 }), { nil: null }))
      .map(([reviewAt, rejectAt]) => ({ reviewAt, rejectAt: rejectAt === null ? null : Math.max(reviewAt, rejectAt) }));
    const score = fc.integer({ min: 0, max: 100 });
    fc.assert(
      fc.property(thresholds, score, score, (limits, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        expect(rank[routeReferral(low, limits)]).toBeLessThanOrEqual(rank[routeReferral(high, limits)]);
      }),
    );
  });
});

describe("fraudSettingsSchema", () => {
  it("accepts the defaults", () => {
    expect(fraudSettingsSchema.parse(DEFAULT_FRAUD_SETTINGS)).toEqual(DEFAULT_FRAUD_SETTINGS);
  });

  it("accepts no automatic rejection", () => {
    expect(fraudSettingsSchema.safeParse({ ...DEFAULT_FRAUD_SETTINGS, rejectAt: null }).success).toBe(true);
  });

  it.each([
    ["a reject threshold below the review threshold", { rejectAt: 20 }],
    ["a threshold of 0 (everything would wait)", { reviewAt: 0 }],
    ["a threshold above 100", { rejectAt: 101 }],
    ["a fractional threshold", { reviewAt: 30.5 }],
    ["a velocity limit of 0", { ipVelocity: { windowHours: 24, limit: 0 } }],
    ["a window of 0 days", { codeSpread: { windowDays: 0, limit: 10 } }],
  ])("refuses %s", (_label, change) => {
    expect(fraudSettingsSchema.safeParse({ ...DEFAULT_FRAUD_SETTINGS, ...change }).success).toBe(false);
  });
});

// Facts drawn from small pools, so that the parties often share something.
const pools = {
  customerId: fc.constantFrom("c1", "c2", null),
  email: fc.constantFrom("ana@gmail.com", "a.na+x@googlemail.com", "ben@web.de", "Ben@WEB.de", "cara@outlook.com", null),
  phone: fc.constantFrom("0171 1234567", "+49 171 1234567", "030 12345678", "+43 664 1234567", "123"),
  address: fc.constantFrom(
    annasHome,
    address("Hauptstr. 5", "10115"),
    bensHome,
    address("Packstation 105", "10115", "12345678"),
    address("Packstation 105", "10115"),
  ),
  name: fc.constantFrom("Anna Schmidt", "Schmidt, Anna", "Ana Schmidt", "Ben Meier", "Anna", null),
  count: fc.nat({ max: 30 }),
  allowEntry: fc.constantFrom<HouseholdAllowEntry>(
    { kind: "address", householdKey: "DE|10115|hauptstrasse5" },
    { kind: "address", householdKey: "DE|80331|nebenweg2" },
    { kind: "phone", phone: "+491711234567" },
    { kind: "phone", phone: "030 12345678" },
  ),
};
const party: fc.Arbitrary<ReferralParty> = fc.record({
  customerId: pools.customerId,
  email: pools.email,
  phones: fc.array(pools.phone, { maxLength: 3 }),
  addresses: fc.array(pools.address, { maxLength: 3 }),
  name: pools.name,
});
const facts: fc.Arbitrary<ReferralFacts> = fc.record({
  advocate: party,
  friend: party,
  friendOrdersBefore: fc.nat({ max: 3 }),
  claimsFromSameIp: pools.count,
  claimsFromSameDevice: pools.count,
  advocateCodeCustomers: pools.count,
  allowList: fc.array(pools.allowEntry, { maxLength: 3 }),
});
/** What a claim may learn besides: more phones and addresses, more claims, more orders. */
const more = fc.record({
  advocatePhones: fc.array(pools.phone, { maxLength: 2 }),
  advocateAddresses: fc.array(pools.address, { maxLength: 2 }),
  friendPhones: fc.array(pools.phone, { maxLength: 2 }),
  friendAddresses: fc.array(pools.address, { maxLength: 2 }),
  orders: fc.nat({ max: 3 }),
  ip: pools.count,
  device: pools.count,
  spread: pools.count,
});

function pointBearing(result: ReturnType<typeof scoreReferral>): Set<string> {
  return new Set(result.reasons.filter((reason) => reason.points > 0).map((reason) => reason.code));
}

describe("scoreReferral: properties", () => {
  it("stays within 0–100, as the capped sum of its reasons' non-negative points, each code once", () => {
    fc.assert(
      fc.property(facts, (claim) => {
        const { score, reasons } = scoreReferral(claim, settings, DE);
        expect(Number.isInteger(score)).toBe(true);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(100);
        expect(reasons.every((reason) => reason.points >= 0)).toBe(true);
        expect(score).toBe(Math.min(100, reasons.reduce((sum, reason) => sum + reason.points, 0)));
        expect(new Set(reasons.map((reason) => reason.code)).size).toBe(reasons.length);
      }),
    );
  });

  it("is 100 whenever the friend is the advocate's customer or mailbox", () => {
    fc.assert(
      fc.property(facts, (claim) => {
        const result = scoreReferral(claim, settings, DE);
        if (result.reasons.some((reason) => reason.code === "same_customer" || reason.code === "same_email")) {
          expect(result.score).toBe(100);
        }
      }),
    );
  });

  it("never goes down when the claim has more evidence (monotone)", () => {
    fc.assert(
      fc.property(facts, more, (claim, extra) => {
        const richer: ReferralFacts = {
          ...claim,
          advocate: {
            ...claim.advocate,
            phones: [...claim.advocate.phones, ...extra.advocatePhones],
            addresses: [...claim.advocate.addresses, ...extra.advocateAddresses],
          },
          friend: {
            ...claim.friend,
            phones: [...claim.friend.phones, ...extra.friendPhones],
            addresses: [...claim.friend.addresses, ...extra.friendAddresses],
          },
          friendOrdersBefore: claim.friendOrdersBefore + extra.orders,
          claimsFromSameIp: claim.claimsFromSameIp + extra.ip,
          claimsFromSameDevice: claim.claimsFromSameDevice + extra.device,
          advocateCodeCustomers: claim.advocateCodeCustomers + extra.spread,
        };
        const before = scoreReferral(claim, settings, DE);
        const after = scoreReferral(richer, settings, DE);
        expect(after.score).toBeGreaterThanOrEqual(before.score);
        for (const code of pointBearing(before)) expect(pointBearing(after)).toContain(code);
      }),
    );
  });

  it("an allow-list entry only ever lowers the score, and only by household signals", () => {
    fc.assert(
      fc.property(facts, fc.array(pools.allowEntry, { minLength: 1, maxLength: 3 }), (claim, entries) => {
        const before = scoreReferral(claim, settings, DE);
        const after = scoreReferral({ ...claim, allowList: [...claim.allowList, ...entries] }, settings, DE);
        expect(after.score).toBeLessThanOrEqual(before.score);
        const household = new Set(["shared_shipping_address", "shared_phone"]);
        const lost = [...pointBearing(before)].filter((code) => !pointBearing(after).has(code));
        expect(lost.every((code) => household.has(code))).toBe(true);
      }),
    );
  });

  it("is deterministic, and the score does not depend on the order of phones and addresses", () => {
    fc.assert(
      fc.property(facts, fc.nat(), (claim, seed) => {
        const result = scoreReferral(claim, settings, DE);
        expect(scoreReferral(structuredClone(claim), settings, DE)).toEqual(result);
        const rotate = <T>(items: readonly T[]): T[] =>
          items.length === 0 ? [] : [...items.slice(seed % items.length), ...items.slice(0, seed % items.length)];
        const reordered: ReferralFacts = {
          ...claim,
          advocate: { ...claim.advocate, phones: [...claim.advocate.phones].reverse(), addresses: rotate(claim.advocate.addresses) },
          friend: { ...claim.friend, phones: rotate(claim.friend.phones), addresses: [...claim.friend.addresses].reverse() },
          allowList: [...claim.allowList].reverse(),
        };
        const again = scoreReferral(reordered, settings, DE);
        expect(again.score).toBe(result.score);
        expect(again.reasons.map((reason) => reason.code)).toEqual(result.reasons.map((reason) => reason.code));
      }),
    );
  });
});
