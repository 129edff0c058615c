import type { Tx } from "~/db/prisma.server";
import { householdKey, type PostalAddress } from "./address-identity";
import { emailIdentityKey } from "./email-identity";
import type { HouseholdAllowEntry, ReferralFacts, ReferralParty } from "./fraud-score";
import type { FraudSettings } from "./fraud-settings";
import { phoneIdentityKey, referralPhoneRegion } from "./phone-identity";
import type { CountryCode } from "libphonenumber-js/max";

// The facts the fraud score (./fraud-score.ts) weighs for a referral whose friend's order was
// paid, read from the store: who the advocate and the friend are (contact data, addresses, names),
// the friend's earlier orders, the claims around the friend's claim, the other customers who used
// the advocate's codes, and the households the merchant allow-listed.

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** The advocate's recent shipping addresses that count as their household. */
const ADVOCATE_RECENT_ORDERS = 10;
/** Financial statuses of an order whose money was taken (as ~/core/facts/eligible-amount.ts reads them). */
const PAID_STATUSES = ["paid", "partially_refunded", "refunded"];

export interface ReferralUnderScore {
  id: string;
  shopId: string;
  codeId: string;
  friendEmail: string | null;
  claimIpKey: string;
  claimDeviceKey: string;
  createdAt: Date;
}

export interface ScoredFacts {
  facts: ReferralFacts;
  /** The region phones without "+…" are read in: the advocate's country, else the order's, else DE. */
  region: CountryCode | undefined;
}

const CUSTOMER_CONTACT = {
  id: true,
  email: true,
  phone: true,
  firstName: true,
  lastName: true,
  addressLine1: true,
  addressLine2: true,
  addressZip: true,
  addressCountryCode: true,
} as const;

type CustomerContact = {
  id: string;
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
  addressLine1: string | null;
  addressLine2: string | null;
  addressZip: string | null;
  addressCountryCode: string | null;
};

const ORDER_ADDRESS = { shippingAddress1: true, shippingAddress2: true, shippingZip: true, shippingCountryCode: true } as const;

type OrderAddress = { shippingAddress1: string | null; shippingAddress2: string | null; shippingZip: string | null; shippingCountryCode: string | null };

function defaultAddress(customer: CustomerContact): PostalAddress {
  return { address1: customer.addressLine1, address2: customer.addressLine2, zip: customer.addressZip, countryCode: customer.addressCountryCode };
}

function shippingAddress(order: OrderAddress): PostalAddress {
  return { address1: order.shippingAddress1, address2: order.shippingAddress2, zip: order.shippingZip, countryCode: order.shippingCountryCode };
}

const hasStreet = (address: PostalAddress) => (address.address1 ?? "").trim() !== "";

function fullName(customer: Pick<CustomerContact, "firstName" | "lastName"> | null): string | null {
  const name = [customer?.firstName, customer?.lastName].map((part) => part?.trim() ?? "").filter((part) => part !== "").join(" ");
  return name === "" ? null : name;
}

/** The advocate as the score sees them: their default address and the shipping addresses of their last orders. */
async function advocateParty(tx: Tx, shopId: string, customer: CustomerContact): Promise<ReferralParty> {
  const orders = await tx.order.findMany({
    where: { shopId, customerId: customer.id },
    orderBy: { processedAt: "desc" },
    take: ADVOCATE_RECENT_ORDERS,
    select: ORDER_ADDRESS,
  });
  return {
    customerId: customer.id,
    email: customer.email,
    phones: customer.phone ? [customer.phone] : [],
    addresses: [defaultAddress(customer), ...orders.map(shippingAddress)].filter(hasStreet),
    name: fullName(customer),
  };
}

/** Whether a customer lives in the advocate's household: one of its doors or its phone. */
function inHousehold(advocate: ReferralParty, customer: CustomerContact, region: CountryCode | undefined): boolean {
  const doors = new Set(advocate.addresses.map(householdKey).filter((key): key is string => key !== null));
  const phones = new Set(advocate.phones.map((phone) => phoneIdentityKey(phone, region)).filter((key): key is string => key !== null));
  const door = householdKey(defaultAddress(customer));
  const phone = phoneIdentityKey(customer.phone, region);
  return (door !== null && doors.has(door)) || (phone !== null && phones.has(phone));
}

/**
 * Other friends of the advocate's codes within the code-spread window before `at`, one per person
 * (customer, else mailbox): the advocate's own household and the friend of this referral do not count.
 */
async function advocateCodeCustomers(
  tx: Tx,
  referral: ReferralUnderScore,
  friend: ReferralParty,
  advocate: ReferralParty,
  settings: FraudSettings,
  at: Date,
  region: CountryCode | undefined,
): Promise<number> {
  const others = await tx.referral.findMany({
    where: { shopId: referral.shopId, codeId: referral.codeId, id: { not: referral.id }, createdAt: { gte: new Date(at.getTime() - settings.codeSpread.windowDays * DAY_MS), lte: at } },
    select: { id: true, friendCustomerId: true, friendEmailKey: true, friendCustomer: { select: CUSTOMER_CONTACT } },
  });
  const friendKeys = new Set([friend.customerId, emailIdentityKey(friend.email)].filter((key): key is string => key !== null));
  const people = new Set<string>();
  for (const other of others) {
    const key = other.friendCustomerId ?? other.friendEmailKey ?? other.id;
    if (friendKeys.has(key) || (other.friendEmailKey !== null && friendKeys.has(other.friendEmailKey))) continue;
    if (other.friendCustomer && inHousehold(advocate, other.friendCustomer, region)) continue;
    people.add(key);
  }
  return people.size;
}

/** Other claims with the same visitor key within `windowHours` either side of the friend's claim. */
function claimsAround(tx: Tx, referral: ReferralUnderScore, key: { claimIpKey: string } | { claimDeviceKey: string }, windowHours: number): Promise<number> {
  const reach = windowHours * HOUR_MS;
  return tx.referral.count({
    where: {
      shopId: referral.shopId,
      id: { not: referral.id },
      ...key,
      createdAt: { gte: new Date(referral.createdAt.getTime() - reach), lte: new Date(referral.createdAt.getTime() + reach) },
    },
  });
}

async function allowList(tx: Tx, shopId: string): Promise<HouseholdAllowEntry[]> {
  const rows = await tx.referralAllowListEntry.findMany({ where: { shopId }, select: { kind: true, value: true } });
  return rows.flatMap((row): HouseholdAllowEntry[] =>
    row.kind === "address" ? [{ kind: "address", householdKey: row.value }] : row.kind === "phone" ? [{ kind: "phone", phone: row.value }] : [],
  );
}

/**
 * The facts of a referral whose friend paid `orderId`; the advocate is the customer of the
 * referral's code. `at` is when the order was paid: the code-spread window ends there.
 */
export async function gatherReferralFacts(tx: Tx, referral: ReferralUnderScore, orderId: string, settings: FraudSettings, at: Date): Promise<ScoredFacts> {
  const { shopId } = referral;
  // One query at a time: a transaction is one connection, and pg refuses queries sent while one runs.
  const code = await tx.referralCode.findFirstOrThrow({ where: { id: referral.codeId, shopId }, select: { customer: { select: CUSTOMER_CONTACT } } });
  const order = await tx.order.findFirstOrThrow({
    where: { id: orderId, shopId },
    select: { id: true, email: true, processedAt: true, ...ORDER_ADDRESS, customer: { select: CUSTOMER_CONTACT } },
  });
  const advocate = await advocateParty(tx, shopId, code.customer);
  const friendAddress = shippingAddress(order);
  const friend: ReferralParty = {
    customerId: order.customer?.id ?? null,
    email: referral.friendEmail ?? order.email ?? order.customer?.email ?? null,
    phones: order.customer?.phone ? [order.customer.phone] : [],
    addresses: hasStreet(friendAddress) ? [friendAddress] : [],
    name: fullName(order.customer),
  };
  const region = referralPhoneRegion(code.customer.addressCountryCode, order.shippingCountryCode);

  const emails = [friend.email, order.email].filter((email): email is string => email !== null);
  const friendOrdersBefore = await tx.order.count({
    where: {
      shopId,
      id: { not: order.id },
      test: false,
      processedAt: { lt: order.processedAt },
      financialStatus: { in: PAID_STATUSES, mode: "insensitive" },
      OR: [...(friend.customerId ? [{ customerId: friend.customerId }] : []), ...(emails.length > 0 ? [{ email: { in: emails, mode: "insensitive" as const } }] : [])],
    },
  });
  const claimsFromSameIp = await claimsAround(tx, referral, { claimIpKey: referral.claimIpKey }, settings.ipVelocity.windowHours);
  const claimsFromSameDevice = await claimsAround(tx, referral, { claimDeviceKey: referral.claimDeviceKey }, settings.deviceVelocity.windowHours);
  const spread = await advocateCodeCustomers(tx, referral, friend, advocate, settings, at, region);
  const allowed = await allowList(tx, shopId);
  return {
    facts: { advocate, friend, friendOrdersBefore, claimsFromSameIp, claimsFromSameDevice, advocateCodeCustomers: spread, allowList: allowed },
    region,
  };
}
