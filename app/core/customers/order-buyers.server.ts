import type { OrderAddress, OrderBuyer, OrderPlace, PlatformId } from "~/core/platform";
import { firstPerKey } from "~/core/sync/batch";
import { recordsetWithNewIds } from "~/core/sync/json-recordset";
import type { Tx } from "~/db/prisma.server";
import { buyerAddress } from "./buyer-address";
import { findGuestsByEmail, promoteGuests } from "./guests.server";
import { assignGuests, buyerContact, type BuyerContact } from "./identity";

// The CRM customer of each order of a batch, in a few statements for the whole batch. Accounts are
// resolved before guests: an order of an account and a guest order with its email, in one batch,
// end with the account holding both, whatever their order in the batch (one at a time, either
// order ends there too).

const CONTACT_COLUMNS = {
  platformId: "text",
  email: "text",
  emailNormalized: "text",
  firstName: "text",
  lastName: "text",
  phone: "text",
  // Where the order that made the row came from: all the CRM will ever know of a guest's address,
  // and an account's until its own customer record says.
  addressCity: "text",
  addressCountryCode: "text",
} as const;

export interface OrderBuyerRef {
  buyer: OrderBuyer | null;
  email: string | null;
  billingAddress: OrderPlace | null;
  shippingAddress: OrderAddress | null;
}

interface ContactWithAddress extends BuyerContact {
  address: OrderPlace | null;
}

/**
 * Per order, its customer id: an account is found, else takes over the guest row with its email,
 * else starts as a stub its own customer webhook fills in later; a guest order goes to an account
 * with its email, else to the guest row for the email (made if missing). No email, no customer.
 */
export async function resolveOrderCustomers(
  tx: Tx,
  shopId: string,
  orders: readonly OrderBuyerRef[],
): Promise<Array<string | null>> {
  const contacts = orders.map(
    (order): ContactWithAddress => ({ ...buyerContact(order.buyer, order.email), address: buyerAddress(order) }),
  );
  const accounts = firstPerKey(
    contacts.filter((contact) => contact.platformId !== null),
    (contact) => contact.platformId!,
  );
  const byPlatformId = await resolveAccounts(tx, shopId, accounts);
  const guests = firstPerKey(
    contacts.filter((contact) => contact.platformId === null && contact.emailNormalized !== null),
    (contact) => contact.emailNormalized!,
  );
  const byEmail = await resolveGuestEmails(tx, shopId, guests);
  return contacts.map((contact) => {
    if (contact.platformId !== null) return resolved(byPlatformId, contact.platformId);
    if (contact.emailNormalized !== null) return resolved(byEmail, contact.emailNormalized);
    return null;
  });
}

function contactRow({ address, ...contact }: ContactWithAddress) {
  return { ...contact, addressCity: address?.city ?? null, addressCountryCode: address?.countryCode ?? null };
}

function resolved(ids: ReadonlyMap<string, string>, key: string): string {
  const id = ids.get(key);
  if (id === undefined) throw new Error(`No customer could be resolved for buyer ${key}`);
  return id;
}

async function findAccounts(tx: Tx, shopId: string, platformIds: readonly string[]) {
  if (platformIds.length === 0) return new Map<PlatformId, string>();
  const rows = await tx.$queryRaw<Array<{ id: string; platformId: string }>>`
    SELECT id, "platformId" FROM "Customer"
    WHERE "shopId" = ${shopId}::uuid AND "platformId" = ANY(${[...platformIds]}::text[])`;
  return new Map(rows.map((row) => [row.platformId, row.id]));
}

async function resolveAccounts(tx: Tx, shopId: string, accounts: readonly ContactWithAddress[]) {
  const ids = await findAccounts(
    tx,
    shopId,
    accounts.map((account) => account.platformId!),
  );
  const unknown = accounts.filter((account) => !ids.has(account.platformId!));
  if (unknown.length === 0) return ids;

  const guests = await findGuestsByEmail(
    tx,
    shopId,
    unknown.flatMap((account) => account.emailNormalized ?? []),
  );
  const claims = unknown.map((account) => ({ ...account, platformId: account.platformId! }));
  const promoted = await promoteGuests(
    tx,
    shopId,
    assignGuests(claims, guests).map(({ claim, guest }) => ({ guestId: guest.id, platformId: claim.platformId })),
  );
  for (const [platformId, id] of promoted) ids.set(platformId, id);

  const stubs = unknown.filter((account) => !ids.has(account.platformId!));
  if (stubs.length > 0) {
    const created = await tx.$queryRaw<Array<{ id: string; platformId: string }>>`
      INSERT INTO "Customer" (id, "shopId", "platformId", email, "emailNormalized", "firstName", "lastName",
                              phone, "addressCity", "addressCountryCode", tags, "updatedAt")
      SELECT v."newId", ${shopId}::uuid, v."platformId", v.email, v."emailNormalized", v."firstName",
             v."lastName", v.phone, v."addressCity", v."addressCountryCode", '{}', now()
      FROM ${recordsetWithNewIds(CONTACT_COLUMNS, stubs.map(contactRow))}
      ORDER BY v."platformId"
      ON CONFLICT ("shopId", "platformId") DO NOTHING
      RETURNING id, "platformId"`;
    for (const row of created) ids.set(row.platformId, row.id);
  }
  // Made by a concurrent writer after this statement's snapshot: it is there now.
  const raced = accounts.filter((account) => !ids.has(account.platformId!));
  for (const [platformId, id] of await findAccounts(tx, shopId, raced.map((account) => account.platformId!))) {
    ids.set(platformId, id);
  }
  return ids;
}

async function resolveGuestEmails(tx: Tx, shopId: string, guests: readonly ContactWithAddress[]) {
  const ids = new Map<string, string>();
  if (guests.length === 0) return ids;
  const emails = guests.map((guest) => guest.emailNormalized!);
  // Of several accounts with the email, the most recently updated one (stubs last).
  const accounts = await tx.$queryRaw<Array<{ id: string; emailNormalized: string }>>`
    SELECT DISTINCT ON ("emailNormalized") id, "emailNormalized" FROM "Customer"
    WHERE "shopId" = ${shopId}::uuid AND "emailNormalized" = ANY(${emails}::text[])
      AND "platformId" IS NOT NULL AND "redactedAt" IS NULL
    ORDER BY "emailNormalized", "sourceUpdatedAt" DESC NULLS LAST, "createdAt", id`;
  for (const row of accounts) ids.set(row.emailNormalized, row.id);

  const withoutAccount = emails.filter((email) => !ids.has(email));
  for (const [email, guest] of await findGuestsByEmail(tx, shopId, withoutAccount)) ids.set(email, guest.id);

  const newGuests = guests.filter((guest) => !ids.has(guest.emailNormalized!));
  if (newGuests.length > 0) {
    const created = await tx.$queryRaw<Array<{ id: string; emailNormalized: string }>>`
      INSERT INTO "Customer" (id, "shopId", "platformId", "isGuest", email, "emailNormalized", "firstName",
                              "lastName", phone, "addressCity", "addressCountryCode", tags, "updatedAt")
      SELECT v."newId", ${shopId}::uuid, NULL, true, v.email, v."emailNormalized", v."firstName",
             v."lastName", v.phone, v."addressCity", v."addressCountryCode", '{}', now()
      FROM ${recordsetWithNewIds(CONTACT_COLUMNS, newGuests.map(contactRow))}
      ORDER BY v."emailNormalized"
      ON CONFLICT ("shopId", "emailNormalized") WHERE "platformId" IS NULL DO NOTHING
      RETURNING id, "emailNormalized"`;
    for (const row of created) ids.set(row.emailNormalized, row.id);
    const raced = newGuests.map((guest) => guest.emailNormalized!).filter((email) => !ids.has(email));
    for (const [email, guest] of await findGuestsByEmail(tx, shopId, raced)) ids.set(email, guest.id);
  }
  return ids;
}
