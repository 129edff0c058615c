import type { z } from "zod";

import type { CommerceEvent } from "~/core/platform";

import { PayloadError, PayloadFieldError, UnsupportedTopicError } from "./errors";
import { mapCustomer } from "./map-customer";
import { mapOrder, mapRefund, refundShopCurrency } from "./map-order";
import { mapPrivacySubject } from "./map-privacy";
import { mapProduct } from "./map-product";
import {
  BulkOperationFinishPayloadSchema,
  CustomerPayloadSchema,
  CustomersDataRequestPayloadSchema,
  CustomersRedactPayloadSchema,
  DeletedResourcePayloadSchema,
  OrderPayloadSchema,
  ProductPayloadSchema,
  RefundPayloadSchema,
  ScopesUpdatePayloadSchema,
  ShopPayloadSchema,
  ShopRedactPayloadSchema,
} from "./payloads";

export { PayloadError, UnsupportedTopicError } from "./errors";
export type { PayloadIssue } from "./errors";

export const SHOPIFY_WEBHOOK_TOPICS = [
  "orders/create",
  "orders/updated",
  "orders/paid",
  "orders/cancelled",
  "refunds/create",
  "customers/create",
  "customers/update",
  "customers/delete",
  "products/create",
  "products/update",
  "products/delete",
  "app/uninstalled",
  "app/scopes_update",
  "bulk_operations/finish",
  "customers/data_request",
  "customers/redact",
  "shop/redact",
] as const;

export type ShopifyWebhookTopic = (typeof SHOPIFY_WEBHOOK_TOPICS)[number];

/** A bulk operation of the app ended: Shopify's own notion, which the import waits for. */
export interface BulkOperationFinished {
  type: "shopify.bulk_operation.finished";
  operationId: string;
  status: string;
  errorCode: string | null;
  occurredAt: Date;
}

/** What a Shopify webhook means: a neutral event, or one only this adapter understands. */
export type ShopifyWebhookEvent = CommerceEvent | BulkOperationFinished;

// authenticate.webhook hands topics over in GraphQL enum form ("ORDERS_CREATE"); the enum name
// cannot be split back reliably ("BULK_OPERATIONS_FINISH"), so it is looked up instead.
const TOPIC_BY_NAME = new Map<string, ShopifyWebhookTopic>(
  SHOPIFY_WEBHOOK_TOPICS.flatMap((topic) => [
    [topic, topic],
    [topic.replace("/", "_").toUpperCase(), topic],
  ]),
);

/** "orders/create" or "ORDERS_CREATE" → "orders/create"; null for topics this adapter does not map. */
export function toShopifyWebhookTopic(topic: string): ShopifyWebhookTopic | null {
  return TOPIC_BY_NAME.get(topic) ?? null;
}

export interface ShopifyWebhookInput {
  /** REST form ("orders/create"); the GraphQL enum form ("ORDERS_CREATE") is accepted too. */
  topic: string;
  /** The body as parsed by parseShopifyJson (JSON.parse would have rounded the ids). */
  payload: unknown;
  /** The shop's currency (ISO 4217): product payloads do not state one. */
  shopCurrency: string;
  /** X-Shopify-Triggered-At, the only time a delete or uninstall delivery carries. */
  triggeredAt: Date | null;
}

function parse<T extends z.ZodType>(topic: string, schema: T, payload: unknown): z.output<T> {
  const result = schema.safeParse(payload);
  if (!result.success) throw PayloadError.fromZod(topic, result.error);
  return result.data;
}

function requireTriggeredAt(topic: string, triggeredAt: Date | null, what: string): Date {
  // Falling back to "now" would make replays of the same delivery disagree with each other.
  if (triggeredAt === null) {
    throw new PayloadError(topic, [
      { path: "", message: `${what} carries no timestamp, and the delivery has no triggeredAt` },
    ]);
  }
  return triggeredAt;
}

function mapTopic(topic: ShopifyWebhookTopic, input: ShopifyWebhookInput): ShopifyWebhookEvent {
  const { payload, shopCurrency, triggeredAt } = input;
  switch (topic) {
    case "orders/create":
    case "orders/updated":
    case "orders/paid":
    case "orders/cancelled":
      return {
        type: "order.upserted",
        order: mapOrder(parse(topic, OrderPayloadSchema, payload), shopCurrency),
      };
    case "refunds/create": {
      const refund = parse(topic, RefundPayloadSchema, payload);
      return {
        type: "refund.created",
        refund: mapRefund(refund, {
          path: "",
          orderPlatformId: refund.order_id,
          currency: refundShopCurrency(refund, shopCurrency),
        }),
      };
    }
    case "customers/create":
    case "customers/update":
      return {
        type: "customer.upserted",
        customer: mapCustomer(parse(topic, CustomerPayloadSchema, payload)),
      };
    case "customers/delete": {
      const { id } = parse(topic, DeletedResourcePayloadSchema, payload);
      return {
        type: "customer.deleted",
        platformId: id,
        occurredAt: requireTriggeredAt(topic, triggeredAt, "A customer deletion"),
      };
    }
    case "products/create":
    case "products/update":
      return {
        type: "product.upserted",
        product: mapProduct(parse(topic, ProductPayloadSchema, payload), shopCurrency, triggeredAt),
      };
    case "products/delete": {
      const { id } = parse(topic, DeletedResourcePayloadSchema, payload);
      return {
        type: "product.deleted",
        platformId: id,
        occurredAt: requireTriggeredAt(topic, triggeredAt, "A product deletion"),
      };
    }
    case "app/uninstalled":
      parse(topic, ShopPayloadSchema, payload);
      return {
        type: "shop.uninstalled",
        // The shop's updated_at is not the uninstall time.
        occurredAt: requireTriggeredAt(topic, triggeredAt, "An uninstall"),
      };
    case "app/scopes_update": {
      const update = parse(topic, ScopesUpdatePayloadSchema, payload);
      return {
        type: "shop.scopes_updated",
        scopes: [...new Set(update.current)],
        occurredAt: update.updated_at ?? requireTriggeredAt(topic, triggeredAt, "This scopes update"),
      };
    }
    case "bulk_operations/finish": {
      const operation = parse(topic, BulkOperationFinishPayloadSchema, payload);
      return {
        type: "shopify.bulk_operation.finished",
        // The gid, as returned by bulkOperationRunQuery and accepted by node(id:).
        operationId: operation.admin_graphql_api_id,
        // Upper case like the GraphQL BulkOperationStatus / BulkOperationErrorCode enums.
        status: operation.status.toUpperCase(),
        errorCode: operation.error_code ? operation.error_code.toUpperCase() : null,
        occurredAt:
          operation.completed_at ??
          requireTriggeredAt(topic, triggeredAt, "A bulk operation without completed_at"),
      };
    }
    case "customers/data_request": {
      const request = parse(topic, CustomersDataRequestPayloadSchema, payload);
      return {
        type: "privacy.customer_data_requested",
        subject: mapPrivacySubject(request.customer, request.orders_requested),
        requestRef: request.data_request?.id ?? null,
        requestedAt: triggeredAt,
      };
    }
    case "customers/redact": {
      const request = parse(topic, CustomersRedactPayloadSchema, payload);
      return {
        type: "privacy.customer_redact_requested",
        subject: mapPrivacySubject(request.customer, request.orders_to_redact),
        requestedAt: triggeredAt,
      };
    }
    case "shop/redact":
      parse(topic, ShopRedactPayloadSchema, payload);
      return { type: "privacy.shop_redact_requested" };
  }
}

/**
 * Turns one Shopify webhook delivery into the neutral event. Pure and deterministic: the same
 * input always gives the same event. Throws UnsupportedTopicError for topics outside
 * SHOPIFY_WEBHOOK_TOPICS and PayloadError (naming the topic and the offending fields) for payloads
 * that cannot be read faithfully.
 */
export function mapShopifyWebhook(input: ShopifyWebhookInput): ShopifyWebhookEvent {
  const topic = toShopifyWebhookTopic(input.topic);
  if (topic === null) throw new UnsupportedTopicError(input.topic);
  if (!/^[A-Z]{3}$/.test(input.shopCurrency)) {
    throw new TypeError(`shopCurrency must be an ISO 4217 code, got ${JSON.stringify(input.shopCurrency)}`);
  }
  if (input.triggeredAt !== null && Number.isNaN(input.triggeredAt.getTime())) {
    throw new TypeError("triggeredAt is an invalid Date");
  }
  try {
    return mapTopic(topic, input);
  } catch (error) {
    if (error instanceof PayloadFieldError) {
      throw new PayloadError(topic, [{ path: error.path, message: error.detail }]);
    }
    throw error;
  }
}
