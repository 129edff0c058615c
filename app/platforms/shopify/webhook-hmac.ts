import { createHmac, timingSafeEqual } from "node:crypto";

// Shopify's webhook check done directly: base64(HMAC-SHA256(app secret, raw body bytes)) against
// X-Shopify-Hmac-Sha256, then the headers Shopify always sends. It gives the answers
// `authenticate.webhook` of @shopify/shopify-app-remix gives, in the same order (a property test
// holds it to the library: tests/unit/platforms/shopify/webhook-hmac.test.ts), at a few percent
// of its CPU: the library signs through WebCrypto with the key imported for every call, rewrites
// every header name for each lookup, decodes the body to text and encodes it again, and parses
// the payload. Differences, on purpose:
// - The HMAC is over the bytes received. The library signs the body decoded to text and encoded
//   again, so it refuses a body that is not UTF-8 although Shopify signed those very bytes (and
//   would accept one signed over its decoded text).
// - A shop domain that is not `<name>.myshopify.com` is refused with 400. The library throws
//   there for most (a 500 for the caller) but accepts a few more forms it knows from other uses
//   (`*.shopify.com`, `*.myshopify.io`, `*.shop.dev`, a trailing `/`, admin URLs): a webhook
//   names the shop by its myshopify domain, which is the key the CRM files it under.
// - The body is not parsed: a signed body that is not JSON is stored, and parked when processed.
// - Only X-Shopify-* headers are read: a delivery of Shopify's Events API (Shopify-Hmac-Sha256
//   and its siblings, no X-) lacks them and is refused with 400; the app subscribes to none.

/** A delivery as received: header names in lower case (as node:http and Fetch give them). */
export interface ShopifyWebhookRequest {
  method: string;
  headers: Record<string, string>;
  body: Uint8Array;
}

export interface ShopifyWebhookSecrets {
  apiSecret: string;
  /** The secret before a rotation, accepted until it is unset; null outside a rotation. */
  previousApiSecret: string | null;
}

export interface VerifiedWebhook {
  shop: string;
  /** As Shopify's header gives it, e.g. "orders/create". */
  topic: string;
  webhookId: string;
  eventId: string | null;
  triggeredAt: string | null;
  apiVersion: string;
}

export type WebhookVerdict =
  | { accepted: true; webhook: VerifiedWebhook }
  | { accepted: false; status: number; reason: string };

const HMAC_HEADER = "x-shopify-hmac-sha256";
/** Required besides the HMAC, in the order the library lists them when missing. */
const REQUIRED_HEADERS = ["x-shopify-topic", "x-shopify-shop-domain", "x-shopify-api-version", "x-shopify-webhook-id"];

// The library's sanitizeShop pattern, for the myshopify.com domain only (see above).
const SHOP_DOMAIN = /^[a-zA-Z0-9][a-zA-Z0-9_-]*\.myshopify\.com$/;

export const isShopDomain = (domain: string): boolean => SHOP_DOMAIN.test(domain);

/** An empty header counts as missing, as in the library. */
const header = (headers: Record<string, string>, name: string): string | null => headers[name] || null;

/** Whether `signature` is exactly the base64 HMAC of `body` under `secret`, compared in constant time. */
function signedWith(secret: string, body: Uint8Array, signature: Buffer): boolean {
  const expected = Buffer.from(createHmac("sha256", secret).update(body).digest("base64"), "latin1");
  // The text is compared, not the decoded digest, as the library does: a differently padded or
  // otherwise re-encoded signature is not Shopify's and is refused.
  return signature.length === expected.length && timingSafeEqual(signature, expected);
}

const refuse = (status: number, reason: string): WebhookVerdict => ({ accepted: false, status, reason });

/** The verdict on one delivery: 405 not a POST, 400 no body or headers missing, 401 a bad HMAC. */
export function verifyShopifyWebhook(request: ShopifyWebhookRequest, secrets: ShopifyWebhookSecrets): WebhookVerdict {
  if (request.method !== "POST") return refuse(405, "Method not allowed");
  if (request.body.length === 0) return refuse(400, "Missing body");
  const hmac = header(request.headers, HMAC_HEADER);
  if (hmac === null) return refuse(400, "Missing X-Shopify-Hmac-Sha256");
  const signature = Buffer.from(hmac, "utf8");
  const signed =
    signedWith(secrets.apiSecret, request.body, signature) ||
    (secrets.previousApiSecret !== null && signedWith(secrets.previousApiSecret, request.body, signature));
  if (!signed) return refuse(401, "Invalid HMAC");
  const missing = REQUIRED_HEADERS.filter((name) => header(request.headers, name) === null);
  if (missing.length > 0) return refuse(400, `Missing headers: ${missing.join(", ")}`);
  const shop = request.headers["x-shopify-shop-domain"]!;
  if (!isShopDomain(shop)) return refuse(400, "X-Shopify-Shop-Domain is not a myshopify.com domain");
  return {
    accepted: true,
    webhook: {
      shop,
      topic: request.headers["x-shopify-topic"]!,
      webhookId: request.headers["x-shopify-webhook-id"]!,
      eventId: header(request.headers, "x-shopify-event-id"),
      triggeredAt: header(request.headers, "x-shopify-triggered-at"),
      apiVersion: request.headers["x-shopify-api-version"]!,
    },
  };
}
