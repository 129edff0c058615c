import type { CountryCode } from "libphonenumber-js/max";
import { addressLine, householdKey, type PostalAddress } from "./address-identity";
import { emailIdentityKey } from "./email-identity";
import type { FraudSettings } from "./fraud-settings";
import { compareNames } from "./name-similarity";
import { phoneIdentityKey } from "./phone-identity";

// The referral fraud score: 0–100 with the reasons that make it up, so the merchant sees why a
// referral waits or was rejected.
//
// The rule: every signal that holds adds its fixed points, the sum is capped at 100, and a hard
// signal (the friend is the advocate's own account or mailbox) carries 100 by itself. Points are
// never negative, so a further signal never lowers the score. With the default thresholds (review
// from 30, reject from 80) every soft signal but a similar name sends a referral to review on its
// own and none rejects it; a couple at one address with one phone (70) waits for review, while a
// returning customer at the advocate's address (85) or one address, one phone and a similar name
// (90) are rejected. docs/decisions.md explains the weights. A household the merchant
// allow-listed drops the household signals (shared address, shared phone) and a note shows that
// it did; it never drops the other signals.
//
// Contact data comes as stored; each is compared by its identity key (./email-identity.ts,
// ./address-identity.ts, ./phone-identity.ts, ./name-similarity.ts). Keys are idempotent, so
// already normalized values may be passed as well.

export const FRAUD_POINTS = {
  same_customer: 100,
  same_email: 100,
  shared_shipping_address: 35,
  shared_phone: 35,
  household_allow_listed: 0,
  similar_name: 20,
  not_first_order: 50,
  ip_velocity: 30,
  device_velocity: 40,
  advocate_code_spread: 35,
} as const;

export type FraudReasonCode = keyof typeof FRAUD_POINTS;

interface ReasonDetail {
  same_customer: { customerId: string };
  same_email: { email: string };
  shared_shipping_address: { advocateAddress: string; friendAddress: string };
  shared_phone: { phone: string };
  /** What the allow-list cleared: the friend's addresses and phones, "; "-separated. */
  household_allow_listed: { household: string };
  similar_name: { advocateName: string; friendName: string; edits: number };
  not_first_order: { ordersBefore: number };
  ip_velocity: { claims: number; limit: number; windowHours: number };
  device_velocity: { claims: number; limit: number; windowHours: number };
  advocate_code_spread: { customers: number; limit: number; windowDays: number };
}

/** One reason of a score: a stable code, the points it added, and its evidence (flat, for messages). */
export type FraudReason = {
  [Code in FraudReasonCode]: { code: Code; points: (typeof FRAUD_POINTS)[Code]; detail: ReasonDetail[Code] };
}[FraudReasonCode];

export interface ReferralParty {
  /** Our customer id; null for a friend who has no customer row yet. */
  customerId: string | null;
  email: string | null;
  phones: readonly string[];
  /** Shipping addresses: the friend's order's, the advocate's default and recent ones. */
  addresses: readonly PostalAddress[];
  /** First and last name in one string, in any order. */
  name: string | null;
}

/** What the merchant cleared of a household: its address (household key) or a phone. */
export type HouseholdAllowEntry = { kind: "address"; householdKey: string } | { kind: "phone"; phone: string };

export interface ReferralFacts {
  advocate: ReferralParty;
  friend: ReferralParty;
  /** The friend's orders before the one that claims the referral. */
  friendOrdersBefore: number;
  /** Other claims from the claim's IP address within the ipVelocity window. */
  claimsFromSameIp: number;
  /** Other claims from the claim's IP address and user agent within the deviceVelocity window. */
  claimsFromSameDevice: number;
  /** Other customers, unrelated to the advocate, who used the advocate's codes within the codeSpread window. */
  advocateCodeCustomers: number;
  allowList: readonly HouseholdAllowEntry[];
}

export interface FraudScore {
  /** 0–100. */
  score: number;
  /** In the order of FRAUD_POINTS; a reason with 0 points only explains. */
  reasons: FraudReason[];
}

export type FraudRoute = "approve" | "review" | "reject";

function reason<Code extends FraudReasonCode>(code: Code, detail: ReasonDetail[Code]): FraudReason {
  return { code, points: FRAUD_POINTS[code], detail } as FraudReason;
}

interface SharedAddress {
  key: string;
  advocate: PostalAddress;
  friend: PostalAddress;
}

/** The friend's addresses that are the advocate's household too, in the friend's order. */
function sharedAddresses(advocate: readonly PostalAddress[], friend: readonly PostalAddress[]): SharedAddress[] {
  const advocateByKey = new Map<string, PostalAddress>();
  for (const address of advocate) {
    const key = householdKey(address);
    if (key !== null && !advocateByKey.has(key)) advocateByKey.set(key, address);
  }
  return friend.flatMap((address) => {
    const key = householdKey(address);
    const match = key === null ? undefined : advocateByKey.get(key);
    return key !== null && match ? [{ key, advocate: match, friend: address }] : [];
  });
}

/** The friend's phones (E.164) that are the advocate's too, in the friend's order. */
function sharedPhones(advocate: readonly string[], friend: readonly string[], region: CountryCode | undefined): string[] {
  const advocateKeys = new Set(advocate.map((phone) => phoneIdentityKey(phone, region)));
  const shared = friend
    .map((phone) => phoneIdentityKey(phone, region))
    .filter((key): key is string => key !== null && advocateKeys.has(key));
  return [...new Set(shared)];
}

/**
 * The shared address and phone signals. Each allow-list entry clears the signal it names (the
 * merchant clears a household by its address and its phone); a signal is raised by any shared
 * address or phone that is not cleared, so more facts never lower the score, and a note says what
 * the allow-list cleared.
 */
function householdReasons(facts: ReferralFacts, region: CountryCode | undefined): FraudReason[] {
  const clearedAddresses = new Set(facts.allowList.flatMap((entry) => (entry.kind === "address" ? [entry.householdKey] : [])));
  const clearedPhones = new Set(facts.allowList.flatMap((entry) => (entry.kind === "phone" ? [phoneIdentityKey(entry.phone, region)] : [])));
  const addresses = sharedAddresses(facts.advocate.addresses, facts.friend.addresses);
  const phones = sharedPhones(facts.advocate.phones, facts.friend.phones, region);

  const reasons: FraudReason[] = [];
  const address = addresses.find((shared) => !clearedAddresses.has(shared.key));
  if (address) {
    reasons.push(
      reason("shared_shipping_address", { advocateAddress: addressLine(address.advocate), friendAddress: addressLine(address.friend) }),
    );
  }
  const phone = phones.find((shared) => !clearedPhones.has(shared));
  if (phone !== undefined) reasons.push(reason("shared_phone", { phone }));
  const cleared = [
    ...addresses.filter((shared) => clearedAddresses.has(shared.key)).map((shared) => addressLine(shared.friend)),
    ...phones.filter((shared) => clearedPhones.has(shared)),
  ];
  if (cleared.length > 0) reasons.push(reason("household_allow_listed", { household: cleared.join("; ") }));
  return reasons;
}

/** The score of a referral claim and its reasons. `region` reads phones written without "+…". */
export function scoreReferral(facts: ReferralFacts, settings: FraudSettings, region: CountryCode | undefined): FraudScore {
  const { advocate, friend } = facts;
  const reasons: FraudReason[] = [];

  if (advocate.customerId !== null && advocate.customerId === friend.customerId) {
    reasons.push(reason("same_customer", { customerId: advocate.customerId }));
  }
  const email = emailIdentityKey(friend.email);
  if (email !== null && email === emailIdentityKey(advocate.email)) reasons.push(reason("same_email", { email }));

  reasons.push(...householdReasons(facts, region));
  const names = compareNames(advocate.name, friend.name);
  if (names?.similar) {
    reasons.push(reason("similar_name", { advocateName: advocate.name!, friendName: friend.name!, edits: names.edits }));
  }
  if (facts.friendOrdersBefore > 0) reasons.push(reason("not_first_order", { ordersBefore: facts.friendOrdersBefore }));
  if (facts.claimsFromSameIp >= settings.ipVelocity.limit) {
    reasons.push(reason("ip_velocity", { claims: facts.claimsFromSameIp, ...settings.ipVelocity }));
  }
  if (facts.claimsFromSameDevice >= settings.deviceVelocity.limit) {
    reasons.push(reason("device_velocity", { claims: facts.claimsFromSameDevice, ...settings.deviceVelocity }));
  }
  if (facts.advocateCodeCustomers >= settings.codeSpread.limit) {
    reasons.push(reason("advocate_code_spread", { customers: facts.advocateCodeCustomers, ...settings.codeSpread }));
  }

  return { score: Math.min(100, reasons.reduce((sum, item) => sum + item.points, 0)), reasons };
}

/** Where a score sends the referral. */
export function routeReferral(score: number, settings: Pick<FraudSettings, "reviewAt" | "rejectAt">): FraudRoute {
  if (settings.rejectAt !== null && score >= settings.rejectAt) return "reject";
  return score >= settings.reviewAt ? "review" : "approve";
}
