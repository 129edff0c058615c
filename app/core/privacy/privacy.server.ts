import type { PlatformName, PrivacySubject } from "~/core/platform";
import { normalizeEmail } from "~/core/customers/email";
import { customerRedactedFact } from "~/core/facts/customer-facts";
import type { DomainFact } from "~/core/facts/types";
import type { Prisma, Tx } from "~/db/prisma.server";

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
  // BigInt money and Dates become JSON strings: the export must survive any JSON consumer.
  return JSON.parse(
    JSON.stringify({ customers, orders, timeline }, (_key, value: unknown) =>
      typeof value === "bigint" ? value.toString() : value,
    ),
  ) as Prisma.InputJsonObject;
}

export async function recordDataRequest(
  tx: Tx,
  shop: { id: string; domain: string },
  subject: PrivacySubject,
  requestRef: string | null,
) {
  const exported = await exportCustomerData(tx, shop.id, subject);
  return tx.privacyRequest.create({
    data: {
      shopId: shop.id,
      shopDomain: shop.domain,
      kind: "CUSTOMER_DATA_REQUEST",
      customerPlatformId: subject.customerPlatformId,
      requestRef,
      export: exported,
      completedAt: new Date(),
    },
  });
}

/**
 * Erases the subject's personal data. Returns customer.redacted for each erased customer, for the
 * caller to record: programs erase what they keep about the customer.
 */
export async function redactCustomer(
  tx: Tx,
  shop: { id: string; domain: string },
  subject: PrivacySubject,
): Promise<{ customers: number; orders: number; facts: DomainFact[] }> {
  const customerIds = await subjectCustomerIds(tx, shop.id, subject);
  const orders = await tx.order.findMany({
    where: subjectOrdersWhere(shop.id, customerIds, subject),
    select: { id: true, platformId: true, email: true },
  });
  const customers = await tx.customer.findMany({
    where: { id: { in: customerIds } },
    select: { platformId: true, email: true, phone: true },
  });
  await tx.customer.updateMany({
    where: { id: { in: customerIds } },
    data: {
      platformId: null,
      email: null,
      emailNormalized: null,
      firstName: null,
      lastName: null,
      phone: null,
      tags: [],
      locale: null,
      emailMarketingConsent: "REDACTED",
      isGuest: false,
      redactedAt: new Date(),
    },
  });
  await tx.order.updateMany({
    where: { id: { in: orders.map((order) => order.id) } },
    data: { email: null, landingSite: null, referringSite: null, tags: [] },
  });
  // Facts carry no personal data, but name the customer by the platform's id, which the
  // redaction has just erased from the store (~/core/facts/types): erased from the facts too.
  if (customerIds.length > 0) {
    await tx.$executeRaw`
      UPDATE "OutboxFact" SET payload = jsonb_set(payload, '{customer,platformId}', 'null'::jsonb, false)
      WHERE "shopId" = ${shop.id}::uuid AND "customerId" = ANY(${customerIds}::uuid[])
        AND jsonb_typeof(payload -> 'customer') = 'object'`;
  }

  // Raw webhook bodies and earlier exports are copies of the same personal data.
  const needles = new Set<string>();
  for (const value of [
    subject.email,
    subject.phone,
    subject.customerPlatformId,
    ...customers.flatMap((customer) => [customer.platformId, customer.email, customer.phone]),
    ...orders.flatMap((order) => [order.platformId, order.email]),
  ]) {
    if (value && value.length >= 5) needles.add(value);
  }
  for (const needle of needles) {
    await tx.$executeRaw`
      UPDATE "WebhookDelivery"
      SET "rawBody" = '{"redacted":true}', headers = '{}'::jsonb,
          status = CASE WHEN status = 'RECEIVED' THEN 'IGNORED'::"DeliveryStatus" ELSE status END,
          error = coalesce(error, 'redacted before processing')
      WHERE "shopDomain" = ${shop.domain} AND strpos(lower("rawBody"), lower(${needle})) > 0`;
    await tx.$executeRaw`
      UPDATE "PrivacyRequest" SET export = NULL
      WHERE "shopDomain" = ${shop.domain} AND strpos(lower(export::text), lower(${needle})) > 0`;
  }
  await tx.privacyRequest.create({
    data: {
      shopId: shop.id,
      shopDomain: shop.domain,
      kind: "CUSTOMER_REDACT",
      customerPlatformId: null,
      completedAt: new Date(),
    },
  });
  const now = new Date();
  return {
    customers: customerIds.length,
    orders: orders.length,
    facts: customerIds.map((customerId) => customerRedactedFact(customerId, now)),
  };
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
  await tx.shop.deleteMany({ where: { platform, domain } });
  await tx.webhookDelivery.deleteMany({ where: { platform, shopDomain: domain } });
  await tx.privacyRequest.deleteMany({ where: { shopDomain: domain } });
  await tx.privacyRequest.create({
    data: { shopDomain: domain, kind: "SHOP_REDACT", completedAt: new Date() },
  });
}
