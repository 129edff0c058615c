import { describe, expect, it } from "vitest";
import { Random } from "~/demo/random";
import { planReferralStories, type StoryPlanInput } from "~/demo/referral-stories";

const DAY_MS = 86_400_000;
const TO = Date.UTC(2026, 11, 3, 23, 0);
const FROM = TO - 300 * DAY_MS;

function input(overrides: Partial<StoryPlanInput> = {}): StoryPlanInput {
  return {
    rng: new Random(42),
    advocates: Array.from({ length: 40 }, (_, index) => ({
      customerId: `customer-${index}`,
      lastName: index % 2 === 0 ? "Huber" : null,
      address: index % 3 === 0 ? { address1: `Lindenweg ${index + 1}`, address2: null, zip: "80331", city: "München", countryCode: "DE" } : null,
    })),
    basket: [
      { variantId: "v1", unitMinor: 890 },
      { variantId: "v2", unitMinor: 1_490 },
      { variantId: "v3", unitMinor: 3_200 },
    ],
    from: FROM,
    to: TO,
    takenEmails: new Set(),
    minimumSubtotalMinor: 3_000,
    returnWindowDays: 14,
    ...overrides,
  };
}

const UNITS = new Map([
  ["v1", 890],
  ["v2", 1_490],
  ["v3", 3_200],
]);

describe("the demo's referral stories", () => {
  it("are the same for the same random stream", () => {
    expect(planReferralStories(input())).toEqual(planReferralStories(input()));
  });

  it("happen in order inside the period: clicks, then the claim, then the order, then a cancellation within the window", () => {
    const stories = planReferralStories(input());
    expect(stories.length).toBeGreaterThan(9);
    for (const story of stories) {
      expect(story.claimAt).toBeGreaterThanOrEqual(FROM);
      expect(story.claimAt).toBeLessThanOrEqual(TO);
      expect(story.clicks.length).toBeGreaterThan(0);
      for (const click of story.clicks) expect(click.at).toBeLessThan(story.claimAt);
      if (story.order) {
        expect(story.order.at).toBeGreaterThan(story.claimAt);
        expect(story.order.at).toBeLessThanOrEqual(TO);
      }
      if (story.cancelledAt !== null) {
        expect(story.order).not.toBeNull();
        expect(story.cancelledAt).toBeGreaterThan(story.order!.at);
        expect(story.cancelledAt - story.order!.at).toBeLessThan(14 * DAY_MS);
      }
    }
    expect(stories.map((story) => story.claimAt)).toEqual([...stories.map((story) => story.claimAt)].sort((a, b) => a - b));
  });

  it("fill baskets that reach the friend's code's minimum", () => {
    for (const story of planReferralStories(input())) {
      if (!story.order) continue;
      const subtotal = story.order.lines.reduce((sum, line) => sum + UNITS.get(line.variantId)! * line.quantity, 0);
      expect(subtotal).toBeGreaterThanOrEqual(3_000);
    }
  });

  it("bring friends who are new to the shop, each once", () => {
    const first = planReferralStories(input());
    const taken = new Set(first.slice(0, 5).map((story) => story.friend.email));
    const stories = planReferralStories(input({ takenEmails: taken }));
    const emails = stories.map((story) => story.friend.email);
    expect(new Set(emails).size).toBe(emails.length);
    for (const email of emails) expect(taken.has(email)).toBe(false);
  });

  it("include every outcome and one friend at the advocate's door under the advocate's name", () => {
    const stories = planReferralStories(input());
    expect(new Set(stories.map((story) => story.outcome))).toEqual(new Set(["ordered", "cancelled", "no_order"]));
    const suspicious = stories.filter((story) => story.suspicious);
    expect(suspicious).toHaveLength(1);
    const advocate = input().advocates.find((candidate) => candidate.customerId === suspicious[0]!.advocateCustomerId)!;
    expect(suspicious[0]!.order!.shipTo).toEqual(advocate.address);
    expect(suspicious[0]!.friend.lastName).toBe(advocate.lastName);
  });

  it("are none without advocates or products", () => {
    expect(planReferralStories(input({ advocates: [] }))).toEqual([]);
    expect(planReferralStories(input({ basket: [] }))).toEqual([]);
  });
});
