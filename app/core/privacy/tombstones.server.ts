import type { CustomerSnapshot, OrderSnapshot, PlatformId } from "~/core/platform";
import type { Tx } from "~/db/prisma.server";
import { newRedactionKey, subjectHash, type RedactedSubjectKind } from "./redaction-keys";
import { identifyingValues, NO_REDACTED_PEOPLE, type RedactedPeople, type RedactedPerson } from "./redacted-snapshots";

// The tombstones of redacted people ("RedactedSubject"): written by the redaction, read by every
// sync path before it stores records.

/** The shop's redaction key, made at its first redaction. */
export async function ensureRedactionKey(tx: Tx, shopId: string): Promise<string> {
  const [row] = await tx.$queryRaw<Array<{ key: string }>>`
    UPDATE "Shop" SET "redactionKey" = coalesce("redactionKey", ${newRedactionKey()}) WHERE id = ${shopId}::uuid
    RETURNING "redactionKey" AS key`;
  if (!row) throw new Error(`Shop ${shopId} does not exist`);
  return row.key;
}

export interface Tombstone {
  kind: RedactedSubjectKind;
  value: string;
  /** The pseudonymous customer row the person's orders stay linked to. */
  customerId: string | null;
}

export async function recordTombstones(tx: Tx, shopId: string, key: string, tombstones: readonly Tombstone[]) {
  if (tombstones.length === 0) return;
  const rows = tombstones.map((tombstone) => ({
    kind: tombstone.kind,
    keyHash: subjectHash(key, tombstone.kind, tombstone.value),
    customerId: tombstone.customerId,
  }));
  await tx.$executeRaw`
    INSERT INTO "RedactedSubject" (id, "shopId", kind, "keyHash", "customerId")
    SELECT crm_uuid_v7(), ${shopId}::uuid, r.kind::"RedactedSubjectKind", r."keyHash", r."customerId"::uuid
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(kind text, "keyHash" text, "customerId" text)
    ON CONFLICT ("shopId", kind, "keyHash") DO NOTHING`;
}

/**
 * The redacted people among those these records name, in one query; nothing to look up in a shop
 * that never had a redaction (no key).
 */
export async function findRedactedPeople(
  tx: Tx,
  shop: { id: string; redactionKey: string | null },
  customers: readonly CustomerSnapshot[],
  orders: readonly OrderSnapshot[],
): Promise<RedactedPeople> {
  const key = shop.redactionKey;
  if (key === null) return NO_REDACTED_PEOPLE;
  const { customerIds, emails } = identifyingValues(customers, orders);
  return findByValues(tx, shop.id, key, customerIds, emails);
}

/** The redacted people among these platform customer ids (deletions name a customer by id only). */
export async function findRedactedCustomerIds(
  tx: Tx,
  shop: { id: string; redactionKey: string | null },
  customerIds: readonly PlatformId[],
): Promise<RedactedPeople> {
  if (shop.redactionKey === null) return NO_REDACTED_PEOPLE;
  return findByValues(tx, shop.id, shop.redactionKey, customerIds, []);
}

async function findByValues(
  tx: Tx,
  shopId: string,
  key: string,
  customerIds: readonly string[],
  emails: readonly string[],
): Promise<RedactedPeople> {
  const hashes = new Map<string, string>();
  for (const id of customerIds) hashes.set(subjectHash(key, "CUSTOMER", id), `CUSTOMER:${id}`);
  for (const email of emails) hashes.set(subjectHash(key, "EMAIL", email), `EMAIL:${email}`);
  if (hashes.size === 0) return NO_REDACTED_PEOPLE;
  const rows = await tx.$queryRaw<Array<{ keyHash: string; pseudonym: string | null }>>`
    SELECT r."keyHash", c."platformId" AS pseudonym
    FROM "RedactedSubject" r LEFT JOIN "Customer" c ON c.id = r."customerId"
    WHERE r."shopId" = ${shopId}::uuid AND r."keyHash" = ANY(${[...hashes.keys()]}::text[])`;
  const found = new Map<string, RedactedPerson>();
  for (const row of rows) {
    const value = hashes.get(row.keyHash);
    if (value) found.set(value, { pseudonym: row.pseudonym });
  }
  return {
    byCustomerId: (platformId) => found.get(`CUSTOMER:${platformId}`),
    byEmail: (emailNormalized) => found.get(`EMAIL:${emailNormalized}`),
  };
}

/** After `shop/redact` the shop is gone; a later delivery for it must not make it again. */
export async function wasShopRedacted(tx: Tx, domain: string): Promise<boolean> {
  const found = await tx.privacyRequest.findFirst({ where: { shopDomain: domain, kind: "SHOP_REDACT" }, select: { id: true } });
  return found !== null;
}
