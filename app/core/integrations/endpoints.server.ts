import { randomBytes } from "node:crypto";
import type { Db } from "~/db/prisma.server";
import type { SecretBox } from "~/security/secret-box.server";
import type { EndpointInput } from "./endpoint-input";
import { recordTestEvent } from "./outbound-events.server";

// The merchant's endpoints and their delivery log, as the integrations page reads and changes
// them (times as ISO strings, as the page shows them). Every query names the shop.

const DELIVERIES_SHOWN = 50;

const ENDPOINT_FIELDS = { id: true, url: true, topics: true, active: true, createdAt: true } as const;
const toItem = (endpoint: { id: string; url: string; topics: string[]; active: boolean; createdAt: Date }): EndpointItem => ({
  ...endpoint,
  createdAt: endpoint.createdAt.toISOString(),
});

export interface EndpointItem {
  id: string;
  url: string;
  topics: string[];
  active: boolean;
  createdAt: string;
}

export interface DeliveryItem {
  id: string;
  endpointId: string;
  url: string;
  topic: string;
  status: "PENDING" | "DELIVERED" | "FAILED" | "DEAD";
  attempts: number;
  responseStatus: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

/** A new endpoint and its secret in plain text: the one time the merchant sees it. */
export async function createEndpoint(db: Db, secretBox: SecretBox, shopId: string, input: EndpointInput): Promise<{ endpoint: EndpointItem; secret: string }> {
  const secret = `whsec_${randomBytes(24).toString("base64url")}`;
  const endpoint = await db.outboundWebhookEndpoint.create({
    data: { shopId, url: input.url, topics: input.topics, secretEncrypted: secretBox.seal(secret) },
    select: ENDPOINT_FIELDS,
  });
  return { endpoint: toItem(endpoint), secret };
}

/** Removes the endpoint with its log; its queued deliveries find nothing to send. Whether it was there. */
export async function removeEndpoint(db: Db, shopId: string, endpointId: string): Promise<boolean> {
  return (await db.outboundWebhookEndpoint.deleteMany({ where: { id: endpointId, shopId } })).count > 0;
}

/** Queues a test event to the endpoint. Whether the endpoint is the shop's. */
export async function sendTestEvent(db: Db, shopId: string, endpointId: string, now: Date): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const endpoint = await tx.outboundWebhookEndpoint.findFirst({ where: { id: endpointId, shopId }, select: { id: true } });
    if (!endpoint) return false;
    await recordTestEvent(tx, shopId, endpoint.id, randomBytes(8).toString("hex"), now);
    return true;
  });
}

export async function listIntegrations(db: Db, shopId: string, endpointId: string | null): Promise<{ endpoints: EndpointItem[]; deliveries: DeliveryItem[] }> {
  const [endpoints, deliveries] = await Promise.all([
    db.outboundWebhookEndpoint.findMany({
      where: { shopId },
      orderBy: { createdAt: "asc" },
      select: ENDPOINT_FIELDS,
    }),
    db.outboundWebhookDelivery.findMany({
      where: { shopId, ...(endpointId ? { endpointId } : {}) },
      orderBy: { createdAt: "desc" },
      take: DELIVERIES_SHOWN,
      select: {
        id: true,
        endpointId: true,
        topic: true,
        status: true,
        attempts: true,
        responseStatus: true,
        lastError: true,
        createdAt: true,
        deliveredAt: true,
        endpoint: { select: { url: true } },
      },
    }),
  ]);
  return {
    endpoints: endpoints.map(toItem),
    deliveries: deliveries.map(({ endpoint, ...delivery }) => ({
      ...delivery,
      url: endpoint.url,
      createdAt: delivery.createdAt.toISOString(),
      deliveredAt: delivery.deliveredAt?.toISOString() ?? null,
    })),
  };
}
