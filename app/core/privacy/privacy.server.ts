import { eraseCustomerFromDeliveries } from "~/core/integrations/outbound-events.server";
import { eraseLoyaltyPersonalData } from "~/core/loyalty/erasure.server";
import { eraseShopRecommendationData } from "~/core/recommendations/erasure.server";
import { eraseReferralPersonalData, eraseShopReferralData } from "~/core/referrals/erasure.server";
import { eraseCustomerMails } from "~/core/notifications/mail-outbox.server";
import type { PlatformName, PrivacySubject } from "~/core/platform";
import { normalizeEmail } from "~/core/customers/email";
import { customerRedactedFact } from "~/core/facts/customer-facts";
import type { DomainFact } from "~/core/facts/types";
import type { Prisma, Tx } from "~/db/prisma.server";
import { loyaltyExport } from "./loyalty-export.server";
import { isRedactedPlatformId, redactedPlatformId, subjectHash } from "./redaction-keys";
import { enqueueScrub, identifyingNeedles } from "./scrub.server";
import { ensureRedactionKey, recordTombstones, type Tombstone } from "./tombstones.server";

// The GDPR requests platforms forward (Shopify's mandatory compliance webhooks). A data request
// gets everything stored about the person as one JSON document; a redaction erases the person and
// keeps only pseudonymous figures; a shop redaction removes the whole shop.

async function subjectCustomerIds(tx: Tx, shopId: string, subject: PrivacySubject): Promise<string[]> {
  const emailNormalized = normalizeEmail(subject.email);
  const matches: Prisma.CustomerWhereInput[] = [];
  if (subject.customerPlatformId) matches.push({ platformId: subject.customerPlatformId });
  if (emailNormalized) matches.push({ emailNormalized });
  if (matches.length === 0) return [];
  const rows = await tx.customer.findMany({ where: { shopId, OR: matches }, select: { id: true } });
  return rows.map((row) => row.id);
}

function subjectOrdersWhere(shopId: string, customerIds: string[], subject: PrivacySubject) {
  return {
    shopId,
    OR: [{ customerId: { in: customerIds } }, { platformId: { in: subject.orderPlatformIds } }],
  } satisfies Prisma.OrderWhereInput;
}

/** Everything the store holds about the subject, ready to hand to the merchant. */
export async function exportCustomerData(tx: Tx, shopId: string, subject: PrivacySubject) {
  const customerIds = await subjectCustomerIds(tx, shopId, subject);
  const customers = await tx.customer.findMany({ where: { id: { in: customerIds } } });
  const orders = await tx.order.findMany({
    where: subjectOrdersWhere(shopId, customerIds, subject),
    include: { lineItems: true, discountCodes: true, refunds: { include: { lineItems: true } } },
    orderBy: { processedAt: "asc" },
  });
  const timeline = await tx.timelineEvent.findMany({
    where: { shopId, customerId: { in: customerIds } },
    orderBy: { occurredAt: "asc" },
  });
  const loyalty = await loyaltyExport(tx, shopId, customerIds);
  // BigInt money and Dates become JSON strings: the export must survive any JSON consumer.
  return JSON.parse(
    JSON.stringify({ customers, orders, timeline, loyalty }, (_key, value: unknown) =>
      typeof value === "bigint" ? value.toString() : value,
    ),
  ) as Prisma.InputJsonObject;
}

/**
 * When a request was made: when the platform says (Shopify: the delivery's X-Shopify-Triggered-At),
 * so the 30 days to answer run from the request, not from when a retried or queued delivery was
 * processed; never later than now, so no header can push a deadline into the future.
 */
export function requestReceivedAt(requestedAt: Date | null, now: Date): Date {
  return requestedAt !== null && requestedAt.getTime() < now.getTime() ? requestedAt : now;
}

/**
 * Records a data request with the export of everything stored about the person. A request the
 * platform sends again (the same reference) is the request already recorded.
 */
export async function recordDataRequest(
  tx: Tx,
  shop: { id: string; domain: string },
  subject: PrivacySubject,
  request: { requestRef: string | null; requestedAt: Date | null },
) {
  if (request.requestRef !== null) {
    const known = await tx.privacyRequest.findFirst({
      where: { shopDomain: shop.domain, kind: "CUSTOMER_DATA_REQUEST", requestRef: request.requestRef },
    });
    if (known) return known;
  }
  const now = new Date();
  return tx.privacyRequest.create({
    data: {
      shopId: shop.id,
      shopDomain: shop.domain,
      kind: "CUSTOMER_DATA_REQUEST",
      customerPlatformId: subject.customerPlatformId,
      requestRef: request.requestRef,
      export: await exportCustomerData(tx, shop.id, subject),
      receivedAt: requestReceivedAt(request.requestedAt, now),
      completedAt: now,
    },
  });
}

/**
 * Erases the subject's personal data from the CRM's tables, in the caller's (the delivery's) short
 * transaction, and leaves a tombstone per identifying value so that later deliveries naming the
 * person apply without them. Copies in stored webhook bodies and job payloads are scrubbed after
 * the commit by the redaction's own job (~/core/privacy/scrub.server), in bounded batches outside
 * the shop's lock: the request is complete when that job is done. Returns customer.redacted for
 * each erased customer, for the caller to record: programs erase what they keep about the customer.
 */
export async function redactCustomer(
  tx: Tx,
  shop: { id: string; domain: string },
  subject: PrivacySubject,
  requestedAt: Date | null = null,
): Promise<{ customers: number; orders: number; facts: DomainFact[] }> {
  const customerIds = await subjectCustomerIds(tx, shop.id, subject);
  const orders = await tx.order.findMany({
    where: subjectOrdersWhere(shop.id, customerIds, subject),
    select: { id: true, platformId: true, email: true },
  });
  const customers = await tx.customer.findMany({
    where: { id: { in: customerIds } },
    select: { id: true, platformId: true, email: true, emailNormalized: true, phone: true },
  });
  const key = await ensureRedactionKey(tx, shop.id);
  const tombstones: Tombstone[] = [];
  for (const customer of customers) {
    const platformId = isRedactedPlatformId(customer.platformId) ? null : customer.platformId;
    const pseudonym = redactedPlatformId(
      subjectHash(key, platformId ? "CUSTOMER" : "EMAIL", platformId ?? customer.emailNormalized ?? customer.id),
    );
    await tx.customer.update({ where: { id: customer.id }, data: { ...ERASED_CUSTOMER, platformId: pseudonym, redactedAt: new Date() } });
    // The customer's timeline keys name the platform's id: they name the pseudonym from now on.
    if (platformId) await renameTimelineKeys(tx, shop.id, customer.id, platformId, pseudonym);
    if (platformId) tombstones.push({ kind: "CUSTOMER", value: platformId, customerId: customer.id });
    if (customer.emailNormalized) tombstones.push({ kind: "EMAIL", value: customer.emailNormalized, customerId: customer.id });
  }
  // The request names the person even when the store holds no customer row (only guest orders).
  const [first] = customers;
  if (subject.customerPlatformId) tombstones.push({ kind: "CUSTOMER", value: subject.customerPlatformId, customerId: first?.id ?? null });
  if (subject.email) tombstones.push({ kind: "EMAIL", value: subject.email, customerId: first?.id ?? null });
  await recordTombstones(tx, shop.id, key, tombstones);

  await tx.order.updateMany({
    where: { id: { in: orders.map((order) => order.id) } },
    data: {
      email: null,
      landingSite: null,
      referringSite: null,
      tags: [],
      shippingAddress1: null,
      shippingAddress2: null,
      shippingZip: null,
      shippingCity: null,
      billingCity: null,
    },
  });
  // Facts carry no personal data, but name the customer by the platform's id, which the
  // redaction has just erased from the store (~/core/facts/types): erased from the facts too.
  if (customerIds.length > 0) {
    await tx.$executeRaw`
      UPDATE "OutboxFact" SET payload = jsonb_set(payload, '{customer,platformId}', 'null'::jsonb, false)
      WHERE "shopId" = ${shop.id}::uuid AND "customerId" = ANY(${customerIds}::uuid[])
        AND jsonb_typeof(payload -> 'customer') = 'object'`;
    await eraseCustomerFromDeliveries(tx, shop.id, customerIds);
    await eraseCustomerMails(tx, shop.id, customerIds);
    await eraseLoyaltyPersonalData(tx, shop.id, customerIds);
  }
  // A friend who claimed a referral by e-mail may have no customer row: the request's address names them.
  await eraseReferralPersonalData(tx, shop.id, { customerIds, emails: [subject.email, ...customers.map((customer) => customer.email)] });

  const needles = identifyingNeedles([
    subject.email,
    subject.phone,
    subject.customerPlatformId,
    ...customers.flatMap((customer) => [customer.platformId, customer.email, customer.phone]),
    ...orders.flatMap((order) => [order.platformId, order.email]),
  ]);
  // Earlier answers to the person's data requests are copies too; they are few, so they go now.
  const platformIds = [subject.customerPlatformId, ...customers.map((customer) => customer.platformId)].filter(
    (id): id is string => id !== null && !isRedactedPlatformId(id),
  );
  await tx.$executeRaw`
    UPDATE "PrivacyRequest" SET export = NULL, "customerPlatformId" = NULL
    WHERE "shopDomain" = ${shop.domain} AND kind = 'CUSTOMER_DATA_REQUEST'
      AND ("customerPlatformId" = ANY(${platformIds}::text[])
           OR EXISTS (SELECT 1 FROM unnest(${needles}::text[]) AS n WHERE strpos(lower(export::text), n) > 0))`;
  const request = await tx.privacyRequest.create({
    data: {
      shopId: shop.id,
      shopDomain: shop.domain,
      kind: "CUSTOMER_REDACT",
      scrubNeedles: needles,
      receivedAt: requestReceivedAt(requestedAt, new Date()),
    },
  });
  await enqueueScrub(tx, request.id);
  const now = new Date();
  return {
    customers: customerIds.length,
    orders: orders.length,
    facts: customerIds.map((customerId) => customerRedactedFact(customerId, now)),
  };
}

const ERASED_CUSTOMER = {
  email: null,
  emailNormalized: null,
  firstName: null,
  lastName: null,
  phone: null,
  tags: [],
  locale: null,
  addressLine1: null,
  addressLine2: null,
  addressCity: null,
  addressZip: null,
  addressProvinceCode: null,
  emailMarketingConsent: "REDACTED",
  isGuest: false,
} satisfies Prisma.CustomerUpdateInput;

async function renameTimelineKeys(tx: Tx, shopId: string, customerId: string, platformId: string, pseudonym: string) {
  const from = `customer:${platformId}:`;
  await tx.$executeRaw`
    UPDATE "TimelineEvent" SET "sourceKey" = ${`customer:${pseudonym}:`} || substr("sourceKey", ${from.length + 1})
    WHERE "shopId" = ${shopId}::uuid AND "customerId" = ${customerId}::uuid AND starts_with("sourceKey", ${from})`;
}

/**
 * The programs' jobs that name the shop by its id (payload or key): queued ones would find no shop,
 * finished ones would keep its id. A running one finds no shop when it next reads.
 */
async function eraseShopJobs(tx: Tx, shopIds: readonly string[]) {
  await tx.$executeRaw`
    DELETE FROM "Job" WHERE status <> 'RUNNING'
      AND (payload->>'shopId' = ANY(${[...shopIds]}::text[]) OR EXISTS (SELECT 1 FROM unnest(${[...shopIds]}::text[]) AS id WHERE strpos("uniqueKey", id) > 0))`;
}

/**
 * Removes every row of the shop; only the fact that the redaction happened is kept. The platform
 * adapter removes what it keeps of its own (Shopify: the sessions) in the same transaction.
 */
export async function redactShop(tx: Tx, platform: PlatformName, domain: string) {
  // Facts have no key to the shop (decision 12); the outbox's other rows go with it (cascade).
  await tx.$executeRaw`
    DELETE FROM "OutboxFact"
    WHERE "shopId" IN (SELECT id FROM "Shop" WHERE platform = ${platform}::"Platform" AND domain = ${domain})`;
  const shops = await tx.shop.findMany({ where: { platform, domain }, select: { id: true } });
  await eraseShopReferralData(tx, shops.map((shop) => shop.id));
  await eraseShopRecommendationData(tx, shops.map((shop) => shop.id));
  await eraseShopJobs(tx, shops.map((shop) => shop.id));
  await tx.shop.deleteMany({ where: { platform, domain } });
  await tx.webhookDelivery.deleteMany({ where: { platform, shopDomain: domain } });
  await tx.privacyRequest.deleteMany({ where: { shopDomain: domain } });
  await tx.privacyRequest.create({
    data: { shopDomain: domain, kind: "SHOP_REDACT", completedAt: new Date() },
  });
}
