import { WEBHOOK_HEADER_NAMES } from "@shopify/shopify-api";

// Verifying one delivery with Shopify's own check (`authenticate.webhook`): the HMAC over the raw
// body and the headers Shopify sends. What it yields is all the intake stores besides the body.

export interface IncomingWebhook {
  url: string;
  method: string;
  /** The headers kept with the delivery: Shopify's own and content-type, names in lower case. */
  headers: Record<string, string>;
  /** The raw body. Sent to a verification thread, its buffer moves there. */
  body: Uint8Array<ArrayBuffer>;
}

// Shopify's check looks each header up by scanning all of them, rewriting every name with a
// regular expression as it goes: it is handed only the headers it reads.
const CHECKED_HEADERS = new Set(
  Object.values(WEBHOOK_HEADER_NAMES).flatMap((names) => Object.values(names).map((name) => name.toLowerCase())),
);

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

/** What the intake needs of `shopifyApp().authenticate.webhook`. */
type AuthenticateWebhook = (request: Request) => Promise<{
  shop: string;
  webhookId: string;
  apiVersion: string;
  triggeredAt?: string;
  eventId?: string;
}>;

/** Verifies deliveries; the intake does not care whether on its own thread or on others. */
export interface WebhookVerifier {
  verify(incoming: IncomingWebhook): Promise<WebhookVerdict>;
  close(): Promise<void>;
}

export async function verifyWebhook(authenticate: AuthenticateWebhook, incoming: IncomingWebhook): Promise<WebhookVerdict> {
  const hasBody = incoming.method !== "GET" && incoming.method !== "HEAD";
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(incoming.headers)) if (CHECKED_HEADERS.has(name)) headers[name] = value;
  // Bytes, not text: a string body would be encoded here, decoded by the check and encoded again
  // for the HMAC, and would bring a content-type header with it.
  const request = new Request(incoming.url, {
    method: incoming.method,
    headers,
    body: hasBody ? incoming.body : undefined,
  });
  try {
    const webhook = await authenticate(request);
    return {
      accepted: true,
      webhook: {
        shop: webhook.shop,
        topic: incoming.headers["x-shopify-topic"]!,
        webhookId: webhook.webhookId,
        eventId: webhook.eventId ?? null,
        triggeredAt: webhook.triggeredAt ?? null,
        apiVersion: webhook.apiVersion,
      },
    };
  } catch (error) {
    // 401 bad HMAC, 400 missing headers, 405 not a POST
    if (error instanceof Response) return { accepted: false, status: error.status, reason: await error.text() };
    if (error instanceof SyntaxError) return { accepted: false, status: 400, reason: "Malformed JSON body" };
    throw error;
  }
}

/** Verification on the caller's thread. */
export function inlineVerifier(authenticate: () => AuthenticateWebhook): WebhookVerifier {
  return {
    verify: (incoming) => verifyWebhook(authenticate(), incoming),
    close: async () => {},
  };
}
