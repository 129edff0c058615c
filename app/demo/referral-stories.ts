import { PeopleFactory, type Person } from "./people";
import type { Random } from "./random";

// The demo shop's referral history, planned before it is played through the program's own doors
// (./demo-referrals.server.ts): some customers share their link; friends click it, claim their
// code, and most order with it within a few days. Some never order (their codes run out), a few
// cancel within the return window, and one friend orders to the advocate's own door under the
// advocate's family name: the pair the fraud check sends to the merchant's review.

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** A customer who may share their link: their default address is where the suspicious friend orders to. */
export interface AdvocateCandidate {
  customerId: string;
  lastName: string | null;
  address: ShipTo | null;
}

export interface ShipTo {
  address1: string;
  address2: string | null;
  zip: string;
  city: string;
  countryCode: string;
}

/** A product variant a friend can put in the basket. */
export interface BasketChoice {
  variantId: string;
  unitMinor: number;
}

export interface StoryVisitor {
  ip: string;
  userAgent: string;
}

export type StoryOutcome = "ordered" | "cancelled" | "no_order";

export interface ReferralStory {
  /** Stable and unique: the claim's request key and the order's ids derive from it. */
  key: string;
  advocateCustomerId: string;
  /** Clicks on the advocate's link, oldest first; the last one is the friend's own visit before claiming. */
  clicks: Array<{ at: number; visitor: StoryVisitor }>;
  friend: { firstName: string; lastName: string; email: string; locale: "de" | "en"; visitor: StoryVisitor };
  claimAt: number;
  outcome: StoryOutcome;
  /** The friend's first order with the code (null: no order). */
  order: { at: number; lines: Array<{ variantId: string; quantity: number }>; shipTo: ShipTo } | null;
  /** When the order was cancelled (outcome "cancelled"). */
  cancelledAt: number | null;
  /** The household pair the review queue shows. */
  suspicious: boolean;
}

export interface StoryPlanInput {
  rng: Random;
  advocates: readonly AdvocateCandidate[];
  basket: readonly BasketChoice[];
  /** The first and the last moment stories may happen in (epoch ms). */
  from: number;
  to: number;
  /** Addresses already in the shop: a friend is someone new. */
  takenEmails: ReadonlySet<string>;
  /** The friend's code's minimum order (minor units): baskets reach it. */
  minimumSubtotalMinor: number;
  /** The return window: cancellations fall inside it. */
  returnWindowDays: number;
}

const ADVOCATES = 9;
const USER_AGENTS = [
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.6 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Linux; Android 15; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Mobile Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 15_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.6 Safari/605.1.15",
];

function visitor(rng: Random): StoryVisitor {
  // Documentation ranges (RFC 5737): no real visitor's address.
  const net = rng.pick(["192.0.2", "198.51.100", "203.0.113"]);
  return { ip: `${net}.${rng.int(1, 254)}`, userAgent: rng.pick(USER_AGENTS) };
}

/** A new person for the shop: an address nobody in the shop has yet. */
function newFriend(people: PeopleFactory, takenEmails: ReadonlySet<string>): Person {
  for (;;) {
    const person = people.make(0.5);
    if (!takenEmails.has(person.email)) return person;
  }
}

/** Lines that reach the minimum: a few products, a unit or two each. */
function basketFor(rng: Random, choices: readonly BasketChoice[], minimumMinor: number): Array<{ variantId: string; quantity: number }> {
  const lines = new Map<string, number>();
  let subtotal = 0;
  while (subtotal < minimumMinor + 1_000 && lines.size < 5) {
    const choice = rng.pick(choices);
    const quantity = rng.int(1, 2);
    lines.set(choice.variantId, (lines.get(choice.variantId) ?? 0) + quantity);
    subtotal += choice.unitMinor * quantity;
  }
  return [...lines].map(([variantId, quantity]) => ({ variantId, quantity }));
}

function toShipTo(person: Person): ShipTo {
  const { address1, address2, zip, city, countryCode } = person.address;
  return { address1, address2, zip, city, countryCode };
}

/**
 * The stories, oldest claim first. Deterministic for one random stream and input; empty when the
 * shop has no advocates or nothing to sell.
 */
export function planReferralStories(input: StoryPlanInput): ReferralStory[] {
  const { rng, advocates, basket } = input;
  if (advocates.length === 0 || basket.length === 0 || input.to <= input.from) return [];
  const people = new PeopleFactory(rng.fork("friends"));
  const chosen = rng.shuffle([...advocates]).slice(0, ADVOCATES);
  const withAddress = chosen.find((advocate) => advocate.address !== null && advocate.lastName !== null);
  const stories: ReferralStory[] = [];
  for (const [index, advocate] of chosen.entries()) {
    const friends = rng.int(1, 5);
    for (let n = 0; n < friends; n++) {
      const claimAt = rng.int(input.from, input.to - 2 * HOUR_MS);
      const friendVisitor = visitor(rng);
      const clicks = Array.from({ length: rng.int(0, 2) }, () => ({ at: rng.int(input.from, claimAt), visitor: visitor(rng) }));
      clicks.sort((a, b) => a.at - b.at);
      clicks.push({ at: claimAt - rng.int(1, 20) * 60_000, visitor: friendVisitor });
      const person = newFriend(people, input.takenEmails);
      const roll = rng.next();
      const outcome: StoryOutcome = roll < 0.2 ? "no_order" : roll < 0.3 ? "cancelled" : "ordered";
      const orderAt = Math.min(input.to, claimAt + rng.int(HOUR_MS, 6 * DAY_MS));
      stories.push({
        key: `story-${index + 1}-${n + 1}`,
        advocateCustomerId: advocate.customerId,
        clicks,
        friend: { firstName: person.firstName, lastName: person.lastName, email: person.email, locale: person.locale.startsWith("en") ? "en" : "de", visitor: friendVisitor },
        claimAt,
        outcome,
        order: outcome === "no_order" ? null : { at: orderAt, lines: basketFor(rng, basket, input.minimumSubtotalMinor), shipTo: toShipTo(person) },
        cancelledAt: outcome === "cancelled" ? orderAt + rng.int(HOUR_MS, Math.max(2 * HOUR_MS, input.returnWindowDays * DAY_MS - HOUR_MS)) : null,
        suspicious: false,
      });
    }
  }
  if (withAddress) {
    // The advocate's family name and door, a recent order that waits for the merchant's review.
    const claimAt = input.to - rng.int(2, 5) * DAY_MS;
    const person = newFriend(people, input.takenEmails);
    const friendVisitor = visitor(rng);
    stories.push({
      key: "story-household",
      advocateCustomerId: withAddress.customerId,
      clicks: [{ at: claimAt - 5 * 60_000, visitor: friendVisitor }],
      friend: { firstName: person.firstName, lastName: withAddress.lastName!, email: person.email, locale: "de", visitor: friendVisitor },
      claimAt,
      outcome: "ordered",
      order: { at: claimAt + 3 * HOUR_MS, lines: basketFor(rng, basket, input.minimumSubtotalMinor), shipTo: withAddress.address! },
      cancelledAt: null,
      suspicious: true,
    });
  }
  return stories.sort((a, b) => a.claimAt - b.claimAt);
}
