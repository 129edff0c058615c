import type { CountryCode } from "libphonenumber-js/max";
import type { Db } from "~/db/prisma.server";
import { addressLine, householdKey, type PostalAddress } from "./address-identity";
import { phoneIdentityKey, referralPhoneRegion } from "./phone-identity";

// The households the merchant cleared of the fraud check's household signals (a shared address,
// a shared phone): a couple or flatmates who really do recommend the shop to each other. An
// address is kept as its household key and a phone as E.164, as the score compares them
// (./fraud-score.ts); the label is what the merchant sees.

export interface AllowListEntry {
  id: string;
  kind: "address" | "phone";
  label: string;
  note: string | null;
  createdAt: Date;
}

export type AllowListInput = { kind: "address"; address: PostalAddress; note?: string | null } | { kind: "phone"; phone: string; note?: string | null };

export class AllowListRefused extends Error {
  override name = "AllowListRefused";
  constructor(readonly reason: "no_household" | "invalid_phone" | "not_found") {
    super(`Allow-list entry refused: ${reason}`);
  }
}

function toEntry(row: { id: string; kind: string; label: string; note: string | null; createdAt: Date }): AllowListEntry {
  return { ...row, kind: row.kind === "phone" ? "phone" : "address" };
}

/** Adds a household (again: the same one keeps its first entry, with the note given now). */
export async function addAllowListEntry(db: Db, shopId: string, input: AllowListInput, region: CountryCode | undefined): Promise<AllowListEntry> {
  const note = input.note?.trim().slice(0, 500) || null;
  let value: string | null;
  let label: string;
  if (input.kind === "address") {
    value = householdKey(input.address);
    label = addressLine(input.address);
    if (value === null) throw new AllowListRefused("no_household");
  } else {
    value = phoneIdentityKey(input.phone, region);
    label = input.phone.trim();
    if (value === null) throw new AllowListRefused("invalid_phone");
  }
  const row = await db.referralAllowListEntry.upsert({
    where: { shopId_kind_value: { shopId, kind: input.kind, value } },
    create: { shopId, kind: input.kind, value, label, note },
    update: { note },
  });
  return toEntry(row);
}

/**
 * Adds the household a referral's friend shares with the advocate, as the fraud reason shows it:
 * the address of the friend's order, or the friend's phone.
 */
export async function allowHouseholdOfReferral(
  db: Db,
  shopId: string,
  referralId: string,
  kind: "address" | "phone",
): Promise<AllowListEntry> {
  const referral = await db.referral.findFirst({
    where: { id: referralId, shopId },
    select: { orderId: true, friendCustomer: { select: { phone: true } }, code: { select: { customer: { select: { addressCountryCode: true } } } } },
  });
  if (!referral) throw new AllowListRefused("not_found");
  const order = referral.orderId
    ? await db.order.findFirst({ where: { id: referral.orderId, shopId }, select: { shippingAddress1: true, shippingAddress2: true, shippingZip: true, shippingCountryCode: true } })
    : null;
  // The phone is read as the fraud check read it (./fraud-facts.server.ts).
  const region = referralPhoneRegion(referral.code.customer.addressCountryCode, order?.shippingCountryCode ?? null);
  if (kind === "phone") {
    const phone = referral.friendCustomer?.phone;
    if (!phone) throw new AllowListRefused("invalid_phone");
    return addAllowListEntry(db, shopId, { kind, phone }, region);
  }
  if (!order) throw new AllowListRefused("no_household");
  const address = { address1: order.shippingAddress1, address2: order.shippingAddress2, zip: order.shippingZip, countryCode: order.shippingCountryCode };
  return addAllowListEntry(db, shopId, { kind, address }, region);
}

export async function removeAllowListEntry(db: Db, shopId: string, id: string): Promise<boolean> {
  const { count } = await db.referralAllowListEntry.deleteMany({ where: { id, shopId } });
  return count > 0;
}

export async function listAllowList(db: Db, shopId: string): Promise<AllowListEntry[]> {
  const rows = await db.referralAllowListEntry.findMany({
    where: { shopId },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    select: { id: true, kind: true, label: true, note: true, createdAt: true },
  });
  return rows.map(toEntry);
}
