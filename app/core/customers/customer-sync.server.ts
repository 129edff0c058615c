import { customerDeletedFact, customerWriteFacts, type StoredProfile } from "~/core/facts/customer-facts";
import type { DomainFact } from "~/core/facts/types";
import type { CustomerSnapshot, MarketingConsentState, PlatformId } from "~/core/platform";
import { chunk, newestPerKey } from "~/core/sync/batch";
import { isNewerThanStored } from "~/core/sync/freshness";
import { incomingIsNewerSql } from "~/core/sync/freshness-sql";
import { recordset, recordsetWithNewIds, type RowOf } from "~/core/sync/json-recordset";
import { recordTimelineEvents, type TimelineEntry } from "~/core/timeline/timeline.server";
import { Prisma } from "~/db/generated/client";
import type { Tx } from "~/db/prisma.server";
import { normalizeEmail } from "./email";
import { findGuestsByEmail } from "./guests.server";
import { assignGuests } from "./identity";

// Customers enter the store three ways: their own customer webhooks, the buyer embedded in an
// order (./order-buyers.server.ts), and guest checkouts that carry only an email. A customer
// snapshot updates its account's row, else takes over the guest row with its email, else starts a
// row of its own.

const PROFILE_COLUMNS = {
  // The row to update; null for a new row.
  id: "uuid",
  platformId: "text",
  email: "text",
  emailNormalized: "text",
  firstName: "text",
  lastName: "text",
  phone: "text",
  // Null when the snapshot does not say: the stored value is kept.
  emailMarketingConsent: '"MarketingConsent"',
  consentUpdatedAt: "timestamp(3)",
  consentUpdatedAtKnown: "boolean",
  tags: "text[]",
  locale: "text",
  // The default address; addressKnown false when the snapshot does not say (the stored one is kept).
  addressKnown: "boolean",
  addressLine1: "text",
  addressLine2: "text",
  addressCity: "text",
  addressZip: "text",
  addressProvinceCode: "text",
  addressCountryCode: "text",
  sourceCreatedAt: "timestamp(3)",
  sourceUpdatedAt: "timestamp(3)",
} as const;

function profileRow(snapshot: CustomerSnapshot, id: string | null): RowOf<typeof PROFILE_COLUMNS> {
  return {
    id,
    platformId: snapshot.platformId,
    email: snapshot.email,
    emailNormalized: normalizeEmail(snapshot.email),
    firstName: snapshot.firstName,
    lastName: snapshot.lastName,
    phone: snapshot.phone,
    emailMarketingConsent: snapshot.emailMarketingConsent ?? null,
    consentUpdatedAt: snapshot.consentUpdatedAt ?? null,
    consentUpdatedAtKnown: snapshot.consentUpdatedAt !== undefined,
    tags: snapshot.tags ?? null,
    locale: snapshot.locale,
    addressKnown: snapshot.address !== undefined,
    addressLine1: snapshot.address?.address1 ?? null,
    addressLine2: snapshot.address?.address2 ?? null,
    addressCity: snapshot.address?.city ?? null,
    addressZip: snapshot.address?.zip ?? null,
    addressProvinceCode: snapshot.address?.provinceCode ?? null,
    addressCountryCode: snapshot.address?.countryCode ?? null,
    sourceCreatedAt: snapshot.createdAt,
    sourceUpdatedAt: snapshot.updatedAt,
  };
}

interface StoredCustomer extends StoredProfile {
  id: string;
  platformId: string;
  sourceUpdatedAt: Date | null;
  redactedAt: Date | null;
}

/** The row a snapshot writes to, with the consent it held before (and the profile, if the account's own). */
interface Target {
  id: string;
  emailMarketingConsent: MarketingConsentState;
  profile?: StoredProfile;
}

const CUSTOMERS_PER_ROUND = 1000;

export interface UpsertCustomersResult {
  /** Platform ids of the customers written. */
  applied: PlatformId[];
  /** Store id per platform id, for every customer of the batch. */
  customerIds: Map<PlatformId, string>;
  /** What the written customers changed (~/core/facts). */
  facts: DomainFact[];
}

/**
 * Applies customer versions that are strictly newer than the stored ones (of repeats within the
 * batch, the newest counts). Erased customers are never written again. Consent, tags and the
 * address the snapshot does not carry keep their stored values.
 */
export async function upsertCustomers(
  tx: Tx,
  shopId: string,
  customers: readonly CustomerSnapshot[],
): Promise<UpsertCustomersResult> {
  const result: UpsertCustomersResult = { applied: [], customerIds: new Map(), facts: [] };
  const newest = newestPerKey(customers, (customer) => customer.platformId, (customer) => customer.updatedAt);
  for (const round of chunk(newest, CUSTOMERS_PER_ROUND)) {
    const stored = await findCustomers(tx, shopId, round.map((customer) => customer.platformId));
    for (const row of stored.values()) result.customerIds.set(row.platformId, row.id);
    const fresh = round.filter((customer) => {
      const row = stored.get(customer.platformId);
      return !row || (!row.redactedAt && isNewerThanStored(customer.updatedAt, row));
    });
    if (fresh.length === 0) continue;

    const targets = new Map<PlatformId, Target>(
      fresh.flatMap((customer) => {
        const row = stored.get(customer.platformId);
        return row ? [[customer.platformId, { id: row.id, emailMarketingConsent: row.emailMarketingConsent, profile: row }] as const] : [];
      }),
    );
    const newcomers = fresh
      .filter((customer) => !stored.has(customer.platformId))
      .map((customer) => ({ platformId: customer.platformId, emailNormalized: normalizeEmail(customer.email) }));
    const guests = await findGuestsByEmail(
      tx,
      shopId,
      newcomers.flatMap((newcomer) => newcomer.emailNormalized ?? []),
    );
    for (const { claim, guest } of assignGuests(newcomers, guests)) targets.set(claim.platformId, guest);

    const updates = fresh.filter((customer) => targets.has(customer.platformId));
    const inserts = fresh.filter((customer) => !targets.has(customer.platformId));
    const written = new Map(
      [
        ...(await updateProfiles(
          tx,
          shopId,
          updates.map((customer) => profileRow(customer, targets.get(customer.platformId)!.id)),
        )),
        ...(await insertProfiles(
          tx,
          shopId,
          inserts.map((customer) => profileRow(customer, null)),
        )),
      ].map(({ id, platformId }) => [platformId, id]),
    );

    const timeline: TimelineEntry[] = [];
    for (const customer of fresh) {
      const id = written.get(customer.platformId);
      if (id === undefined) continue;
      result.applied.push(customer.platformId);
      result.customerIds.set(customer.platformId, id);
      const target = targets.get(customer.platformId);
      timeline.push(...customerTimeline(shopId, id, customer, target));
      result.facts.push(
        ...customerWriteFacts({
          customerId: id,
          snapshot: customer,
          before: target?.profile ?? null,
          ...(target && !target.profile ? { guestConsent: target.emailMarketingConsent } : {}),
        }),
      );
    }
    await recordTimelineEvents(tx, timeline);
  }
  return result;
}

async function findCustomers(tx: Tx, shopId: string, platformIds: readonly string[]) {
  const rows = await tx.$queryRaw<StoredCustomer[]>`
    SELECT id, "platformId", "sourceUpdatedAt", "deletedAt", "redactedAt",
           "emailMarketingConsent"::text AS "emailMarketingConsent",
           email, "firstName", "lastName", phone, locale, tags
    FROM "Customer"
    WHERE "shopId" = ${shopId}::uuid AND "platformId" = ANY(${[...platformIds]}::text[])`;
  return new Map(rows.map((row) => [row.platformId, row]));
}

type WrittenRow = { id: string; platformId: string };

async function updateProfiles(tx: Tx, shopId: string, rows: ReadonlyArray<RowOf<typeof PROFILE_COLUMNS>>) {
  if (rows.length === 0) return [];
  // The freshness rule is checked again where it cannot race; a guest row is taken over only if
  // it is still a guest.
  return tx.$queryRaw<WrittenRow[]>`
    UPDATE "Customer" AS c SET
      "platformId" = v."platformId", email = v.email, "emailNormalized" = v."emailNormalized",
      "firstName" = v."firstName", "lastName" = v."lastName", phone = v.phone,
      "emailMarketingConsent" = coalesce(v."emailMarketingConsent", c."emailMarketingConsent"),
      "consentUpdatedAt" = CASE WHEN v."consentUpdatedAtKnown" THEN v."consentUpdatedAt" ELSE c."consentUpdatedAt" END,
      tags = coalesce(v.tags, c.tags),
      "addressLine1" = CASE WHEN v."addressKnown" THEN v."addressLine1" ELSE c."addressLine1" END,
      "addressLine2" = CASE WHEN v."addressKnown" THEN v."addressLine2" ELSE c."addressLine2" END,
      "addressCity" = CASE WHEN v."addressKnown" THEN v."addressCity" ELSE c."addressCity" END,
      "addressZip" = CASE WHEN v."addressKnown" THEN v."addressZip" ELSE c."addressZip" END,
      "addressProvinceCode" = CASE WHEN v."addressKnown" THEN v."addressProvinceCode" ELSE c."addressProvinceCode" END,
      "addressCountryCode" = CASE WHEN v."addressKnown" THEN v."addressCountryCode" ELSE c."addressCountryCode" END,
      locale = v.locale, "isGuest" = false, "sourceCreatedAt" = v."sourceCreatedAt",
      "sourceUpdatedAt" = v."sourceUpdatedAt", "deletedAt" = NULL, "updatedAt" = now()
    FROM ${recordset(PROFILE_COLUMNS, rows)}
    WHERE c.id = v.id AND c."shopId" = ${shopId}::uuid AND c."redactedAt" IS NULL
      AND (c."platformId" = v."platformId" OR c."platformId" IS NULL)
      AND ${incomingIsNewerSql("c", Prisma.sql`v."sourceUpdatedAt"`, { tombstones: true })}
    RETURNING c.id, c."platformId"`;
}

async function insertProfiles(tx: Tx, shopId: string, rows: ReadonlyArray<RowOf<typeof PROFILE_COLUMNS>>) {
  if (rows.length === 0) return [];
  return tx.$queryRaw<WrittenRow[]>`
    INSERT INTO "Customer" (id, "shopId", "platformId", email, "emailNormalized", "firstName", "lastName", phone,
                            "emailMarketingConsent", "consentUpdatedAt", tags, "isGuest", locale,
                            "addressLine1", "addressLine2", "addressCity", "addressZip", "addressProvinceCode",
                            "addressCountryCode",
                            "sourceCreatedAt", "sourceUpdatedAt", "updatedAt")
    SELECT v."newId", ${shopId}::uuid, v."platformId", v.email, v."emailNormalized", v."firstName",
           v."lastName", v.phone, coalesce(v."emailMarketingConsent", 'UNKNOWN'), v."consentUpdatedAt",
           coalesce(v.tags, '{}'), false, v.locale,
           v."addressLine1", v."addressLine2", v."addressCity", v."addressZip", v."addressProvinceCode",
           v."addressCountryCode",
           v."sourceCreatedAt", v."sourceUpdatedAt", now()
    FROM ${recordsetWithNewIds(PROFILE_COLUMNS, rows)}
    ORDER BY v."platformId"
    RETURNING id, "platformId"`;
}

function customerTimeline(
  shopId: string,
  customerId: string,
  snapshot: CustomerSnapshot,
  before: Target | undefined,
): TimelineEntry[] {
  const entries: TimelineEntry[] = [
    {
      shopId,
      customerId,
      kind: "customer.created",
      occurredAt: snapshot.createdAt,
      sourceKey: `customer:${snapshot.platformId}:created`,
      data: {},
    },
  ];
  const consent = snapshot.emailMarketingConsent;
  if (before && consent !== undefined && before.emailMarketingConsent !== consent) {
    entries.push({
      shopId,
      customerId,
      kind: "customer.consent_changed",
      occurredAt: snapshot.consentUpdatedAt ?? snapshot.updatedAt,
      sourceKey: `customer:${snapshot.platformId}:consent:${snapshot.updatedAt.toISOString()}`,
      data: { from: before.emailMarketingConsent, to: consent },
    });
  }
  return entries;
}

/** One customer: the batch path with a batch of one. */
export async function upsertCustomer(
  tx: Tx,
  shopId: string,
  snapshot: CustomerSnapshot,
): Promise<{ customerId: string; applied: boolean }> {
  const { applied, customerIds } = await upsertCustomers(tx, shopId, [snapshot]);
  return { customerId: customerIds.get(snapshot.platformId)!, applied: applied.length > 0 };
}

/** A platform deletion of the account: orders stay; personal data goes only with a redact request. */
export async function markCustomerDeleted(
  tx: Tx,
  shopId: string,
  platformId: PlatformId,
  occurredAt: Date,
): Promise<{ applied: boolean; facts: DomainFact[] }> {
  const existing = await tx.customer.findUnique({
    where: { shopId_platformId: { shopId, platformId } },
  });
  if (!existing || existing.deletedAt) return { applied: false, facts: [] };
  await tx.customer.update({ where: { id: existing.id }, data: { deletedAt: occurredAt } });
  await recordTimelineEvents(tx, [
    {
      shopId,
      customerId: existing.id,
      kind: "customer.deleted",
      occurredAt,
      sourceKey: `customer:${platformId}:deleted`,
      data: {},
    },
  ]);
  return { applied: true, facts: [customerDeletedFact(existing.id, platformId, occurredAt)] };
}
