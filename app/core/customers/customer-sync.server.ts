import type { CustomerSnapshot, OrderBuyer, PlatformId } from "~/core/platform";
import { isNewerThanStored } from "~/core/sync/freshness";
import { recordTimelineEvents, type TimelineEntry } from "~/core/timeline/timeline.server";
import type { Tx } from "~/db/prisma.server";
import { normalizeEmail } from "./email";

// Customers enter the store three ways: their own customer webhooks, the buyer embedded in an
// order, and guest checkouts that carry only an email. One person stays one row: a registered
// customer takes over the guest row with the same email, with its order history.

function profileOf(snapshot: CustomerSnapshot) {
  return {
    email: snapshot.email,
    emailNormalized: normalizeEmail(snapshot.email),
    firstName: snapshot.firstName,
    lastName: snapshot.lastName,
    phone: snapshot.phone,
    // Undefined leaves the stored value as it is (Prisma skips undefined fields).
    emailMarketingConsent: snapshot.emailMarketingConsent,
    consentUpdatedAt: snapshot.consentUpdatedAt,
    tags: snapshot.tags,
    locale: snapshot.locale,
    isGuest: false,
    sourceCreatedAt: snapshot.createdAt,
    sourceUpdatedAt: snapshot.updatedAt,
  };
}

async function findGuestByEmail(tx: Tx, shopId: string, emailNormalized: string | null) {
  if (!emailNormalized) return null;
  return tx.customer.findFirst({ where: { shopId, platformId: null, emailNormalized } });
}

export async function upsertCustomer(
  tx: Tx,
  shopId: string,
  snapshot: CustomerSnapshot,
): Promise<{ customerId: string; applied: boolean }> {
  const existing = await tx.customer.findUnique({
    where: { shopId_platformId: { shopId, platformId: snapshot.platformId } },
  });
  if (existing?.redactedAt || (existing && !isNewerThanStored(snapshot.updatedAt, existing))) {
    return { customerId: existing.id, applied: false };
  }
  const profile = profileOf(snapshot);
  const guest = existing ? null : await findGuestByEmail(tx, shopId, profile.emailNormalized);
  const target = existing ?? guest;
  const saved = target
    ? await tx.customer.update({
        where: { id: target.id },
        data: { ...profile, platformId: snapshot.platformId, deletedAt: null },
      })
    : await tx.customer.create({
        data: { ...profile, tags: profile.tags ?? [], shopId, platformId: snapshot.platformId },
      });

  const timeline: TimelineEntry[] = [
    {
      shopId,
      customerId: saved.id,
      kind: "customer.created",
      occurredAt: snapshot.createdAt,
      sourceKey: `customer:${snapshot.platformId}:created`,
      data: {},
    },
  ];
  const consent = snapshot.emailMarketingConsent;
  if (target && consent !== undefined && target.emailMarketingConsent !== consent) {
    timeline.push({
      shopId,
      customerId: saved.id,
      kind: "customer.consent_changed",
      occurredAt: snapshot.consentUpdatedAt ?? snapshot.updatedAt,
      sourceKey: `customer:${snapshot.platformId}:consent:${snapshot.updatedAt.toISOString()}`,
      data: { from: target.emailMarketingConsent, to: consent },
    });
  }
  await recordTimelineEvents(tx, timeline);
  return { customerId: saved.id, applied: true };
}

/** A platform deletion of the account: orders stay; personal data goes only with a redact request. */
export async function markCustomerDeleted(
  tx: Tx,
  shopId: string,
  platformId: PlatformId,
  occurredAt: Date,
): Promise<boolean> {
  const existing = await tx.customer.findUnique({
    where: { shopId_platformId: { shopId, platformId } },
  });
  if (!existing || existing.deletedAt) return false;
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
  return true;
}

/**
 * The CRM customer an order belongs to. A buyer with an account is found (or started as a stub
 * that its own customer webhook fills in later); a guest is matched by normalized email, first to
 * a registered customer with that email, else to the guest row for it. No email, no customer.
 */
export async function resolveOrderCustomer(
  tx: Tx,
  shopId: string,
  buyer: OrderBuyer | null,
  orderEmail: string | null,
): Promise<string | null> {
  const emailNormalized = normalizeEmail(buyer?.email ?? orderEmail);
  const contact = {
    email: buyer?.email ?? orderEmail,
    emailNormalized,
    firstName: buyer?.firstName ?? null,
    lastName: buyer?.lastName ?? null,
    phone: buyer?.phone ?? null,
  };
  if (buyer?.platformId) {
    const known = await tx.customer.findUnique({
      where: { shopId_platformId: { shopId, platformId: buyer.platformId } },
      select: { id: true },
    });
    if (known) return known.id;
    const guest = await findGuestByEmail(tx, shopId, emailNormalized);
    if (guest) {
      await tx.customer.update({
        where: { id: guest.id },
        data: { platformId: buyer.platformId, isGuest: false },
      });
      return guest.id;
    }
    const stub = await tx.customer.create({
      data: { shopId, platformId: buyer.platformId, ...contact, tags: [] },
    });
    return stub.id;
  }
  if (!emailNormalized) return null;
  const registered = await tx.customer.findFirst({
    where: { shopId, emailNormalized, platformId: { not: null }, redactedAt: null },
    orderBy: { sourceUpdatedAt: { sort: "desc", nulls: "last" } },
    select: { id: true },
  });
  if (registered) return registered.id;
  const guest = await findGuestByEmail(tx, shopId, emailNormalized);
  if (guest) return guest.id;
  const created = await tx.customer.create({
    data: { shopId, platformId: null, isGuest: true, ...contact, tags: [] },
  });
  return created.id;
}

/** Lifetime figures from the store's own orders: cancelled and test orders do not count. */
export async function recomputeLifetimeStats(tx: Tx, shopId: string, customerId: string): Promise<void> {
  await tx.$executeRaw`
    UPDATE "Customer" AS c SET
      "ordersCount" = s.orders_count,
      "totalSpentMinor" = s.spent,
      "totalRefundedMinor" = s.refunded,
      "firstOrderAt" = s.first_order_at,
      "lastOrderAt" = s.last_order_at,
      "updatedAt" = now()
    FROM (
      SELECT count(*)::int AS orders_count,
             coalesce(sum("totalMinor" - "totalRefundedMinor"), 0)::bigint AS spent,
             coalesce(sum("totalRefundedMinor"), 0)::bigint AS refunded,
             min("processedAt") AS first_order_at,
             max("processedAt") AS last_order_at
      FROM "Order"
      WHERE "shopId" = ${shopId}::uuid AND "customerId" = ${customerId}::uuid
        AND "cancelledAt" IS NULL AND test = false
    ) AS s
    WHERE c.id = ${customerId}::uuid AND c."shopId" = ${shopId}::uuid`;
}
