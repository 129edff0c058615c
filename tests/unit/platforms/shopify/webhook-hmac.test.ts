import { createHmac } from "node:crypto";
import { InvalidShopError, LogSeverity } from "@shopify/shopify-api";
import { shopifyApp } from "@shopify/shopify-app-remix/server";
import { MemorySessionStorage } from "@shopify/shopify-app-session-storage-memory";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { shopifyAppSettings } from "~/platforms/shopify/app-settings";
import { isShopDomain, verifyShopifyWebhook, type WebhookVerdict } from "~/platforms/shopify/webhook-hmac";

// The direct check (webhook-hmac.ts) held to Shopify's own: `authenticate.webhook` of
// @shopify/shopify-app-remix, as the app called it before, on generated deliveries — any bodies
// (JSON, any text, any bytes), secrets, signatures (right, tampered, another app's, the previous
// secret's, over a tampered body) and headers (missing, empty, names in any case, any shop
// domain). Both must accept and refuse the same deliveries, with the same status, and read the
// same fields. Where they differ on purpose (webhook-hmac.ts says why), the test states how:
// - the library signs the body decoded to text and encoded again, not the bytes: where those
//   differ (bytes that are not UTF-8, a leading BOM), it is asked about the signature the bytes
//   carry translated to its view of the body (a signature of the bytes becomes one of its text);
// - it throws for most shop domains that are not a shop's (the app answered 500) and accepts a
//   few it knows from other uses: the direct check answers 400 to every one but <name>.myshopify.com;
// - it parses the payload (the app answered 400 to a signed body that is not JSON): the direct
//   check does not.

const utf8 = new TextEncoder();
const sign = (secret: string, body: Uint8Array) => createHmac("sha256", secret).update(body).digest("base64");

type Library = ReturnType<typeof shopifyApp>["authenticate"]["webhook"];
const libraries = new Map<string, Library>();

/** The library's check configured with `secret`, as the app configured it. */
function libraryWith(secret: string): Library {
  let library = libraries.get(secret);
  if (!library) {
    const app = shopifyApp({
      ...shopifyAppSettings({
        apiKey: "test-api-key",
        apiSecret: secret,
        previousApiSecret: null,
        appUrl: "https://crm.example.test",
        scopes: ["read_orders"],
      }),
      sessionStorage: new MemorySessionStorage(),
      logger: { level: LogSeverity.Error },
    });
    library = app.authenticate.webhook;
    libraries.set(secret, library);
  }
  return library;
}

/** Accepted (with the fields read, null where the library gives no context) or refused with a status. */
type Outcome = { accepted: true; fields: Record<string, string | null> | null } | { accepted: false; status: number };

/** The library's decision, read as the intake reads it (differences on purpose folded in, see above). */
async function libraryOutcome(secret: string, request: Request): Promise<Outcome> {
  try {
    const webhook = await libraryWith(secret)(request);
    // It accepts some domains that are not <name>.myshopify.com: the direct check refuses them.
    if (!isShopDomain(webhook.shop)) return { accepted: false, status: 400 };
    return {
      accepted: true,
      fields: {
        shop: webhook.shop,
        webhookId: webhook.webhookId,
        eventId: webhook.eventId ?? null,
        triggeredAt: webhook.triggeredAt ?? null,
        apiVersion: webhook.apiVersion,
      },
    };
  } catch (error) {
    if (error instanceof Response) return { accepted: false, status: error.status };
    // Signature, headers and shop passed, then the payload failed to parse: the direct check
    // does not parse (but refuses the domains the library accepts beyond <name>.myshopify.com).
    if (error instanceof SyntaxError) {
      return isShopDomain(request.headers.get("x-shopify-shop-domain") ?? "")
        ? { accepted: true, fields: null }
        : { accepted: false, status: 400 };
    }
    // A shop domain it refuses, by throwing after the signature and headers passed.
    if (error instanceof InvalidShopError) return { accepted: false, status: 400 };
    throw error;
  }
}

const directOutcome = (verdict: WebhookVerdict): Outcome =>
  verdict.accepted
    ? {
        accepted: true,
        fields: {
          shop: verdict.webhook.shop,
          webhookId: verdict.webhook.webhookId,
          eventId: verdict.webhook.eventId,
          triggeredAt: verdict.webhook.triggeredAt,
          apiVersion: verdict.webhook.apiVersion,
        },
      }
    : { accepted: false, status: verdict.status };

// --- generated deliveries ---

const BOM = [0xef, 0xbb, 0xbf];

const body = fc.oneof(
  fc.json().map((json) => utf8.encode(json)),
  fc.string({ unit: "binary", maxLength: 200 }).map((text) => utf8.encode(text)),
  fc.uint8Array({ maxLength: 200 }),
  fc.json().map((json) => Uint8Array.from([...BOM, ...utf8.encode(json)])),
  fc.constant(new Uint8Array(0)),
);

const secret = fc.string({ unit: "binary", minLength: 1, maxLength: 40 });

const shopDomain = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,20}\.myshopify\.com$/) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "evil.example.com",
      "../../x.myshopify.com",
      "x.myshopify.com.evil.example",
      "x.myshopify.com/",
      "x.shopify.com",
      "x.myshopify.io",
      "x.shop.dev",
      "admin.shopify.com/store/x",
      "X.MYSHOPIFY.COM",
      "-x.myshopify.com",
      "x_y.myshopify.com",
      ".myshopify.com",
      "x..myshopify.com",
    ),
  },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(..."ab-_./:x.myshopify.com"), maxLength: 30 }) },
);

/** Printable header text (what HTTP carries), empty included: an empty header counts as missing. */
const headerText = fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength: 30 });

/** A required header: usually as Shopify sends it, sometimes missing or empty. */
const required = (value: fc.Arbitrary<string>) =>
  fc.oneof({ weight: 8, arbitrary: value }, { weight: 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constant("") });
const optional = (value: fc.Arbitrary<string>) => fc.option(fc.oneof(value, fc.constant("")), { nil: undefined });

const signature = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("bytes" as const), by: fc.constantFrom("current", "previous", "other") }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("text" as const), by: fc.constantFrom("current", "previous") }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("tampered-signature" as const), at: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("tampered-body" as const), at: fc.nat(), byte: fc.integer({ min: 1, max: 255 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("arbitrary" as const), value: headerText }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("missing" as const) }) },
);

const delivery = fc.record({
  method: fc.oneof({ weight: 9, arbitrary: fc.constant("POST") }, { weight: 1, arbitrary: fc.constantFrom("GET", "PUT", "DELETE") }),
  body,
  secrets: fc.record({ current: secret, previous: fc.option(secret, { nil: null }), other: secret }),
  signature,
  topic: required(fc.constantFrom("orders/create", "customers/update", "app/uninstalled")),
  shop: required(shopDomain),
  apiVersion: required(fc.constantFrom("2025-10", "2026-01", "unstable")),
  webhookId: required(fc.uuid()),
  eventId: optional(fc.uuid()),
  triggeredAt: optional(fc.constantFrom("2026-12-01T08:15:00.000Z", "yesterday")),
  // Names as a sender may spell them: HTTP header names are case-insensitive.
  nameCase: fc.array(fc.boolean(), { minLength: 64, maxLength: 64 }),
});

type Delivery = typeof delivery extends fc.Arbitrary<infer T> ? T : never;

/** The bytes of the body as the library hashes them: decoded as Fetch decodes text, encoded again. */
const libraryBytes = async (bytes: Uint8Array) => utf8.encode(await new Response(Buffer.from(bytes)).text());

const equalBytes = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

/** The body sent and the signature it carries. */
function signed(d: Delivery): { body: Uint8Array; hmac: string | undefined } {
  const key = (by: "current" | "previous" | "other") => (by === "previous" ? d.secrets.previous ?? d.secrets.other : d.secrets[by]);
  const s = d.signature;
  switch (s.kind) {
    case "bytes":
      return { body: d.body, hmac: sign(key(s.by), d.body) };
    case "text":
      // What the library would check: the signature of its view of the body.
      return { body: d.body, hmac: sign(key(s.by), utf8.encode(new TextDecoder().decode(d.body))) };
    case "tampered-signature": {
      const right = sign(d.secrets.current, d.body);
      const at = s.at % right.length;
      const swapped = right[at] === "A" ? "B" : "A";
      return { body: d.body, hmac: right.slice(0, at) + swapped + right.slice(at + 1) };
    }
    case "tampered-body": {
      const tampered = Uint8Array.from(d.body.length === 0 ? [s.byte] : d.body);
      if (d.body.length > 0) tampered[s.at % tampered.length]! ^= s.byte;
      return { body: tampered, hmac: sign(d.secrets.current, d.body) };
    }
    case "arbitrary":
      return { body: d.body, hmac: s.value };
    case "missing":
      return { body: d.body, hmac: undefined };
  }
}

function spelled(name: string, d: Delivery): string {
  return [...name].map((char, i) => (d.nameCase[i] ? char.toUpperCase() : char)).join("");
}

function headersOf(d: Delivery, hmac: string | undefined): Headers {
  const headers = new Headers({ "Content-Type": "application/json" });
  const fields: Array<[string, string | undefined]> = [
    ["x-shopify-hmac-sha256", hmac],
    ["x-shopify-topic", d.topic],
    ["x-shopify-shop-domain", d.shop],
    ["x-shopify-api-version", d.apiVersion],
    ["x-shopify-webhook-id", d.webhookId],
    ["x-shopify-event-id", d.eventId],
    ["x-shopify-triggered-at", d.triggeredAt],
  ];
  for (const [name, value] of fields) if (value !== undefined) headers.set(spelled(name, d), value);
  return headers;
}

/**
 * The signature as the library should see it when it hashes other bytes than those received: a
 * signature of the received bytes under a secret becomes that secret's signature of the library's
 * bytes; a signature of the library's bytes that is not one of the received bytes becomes a wrong one.
 */
function translated(hmac: string | undefined, received: Uint8Array, hashed: Uint8Array, secrets: string[]): string | undefined {
  if (hmac === undefined) return undefined;
  for (const key of secrets) if (hmac === sign(key, received)) return sign(key, hashed);
  for (const key of secrets) if (hmac === sign(key, hashed)) return `${hmac.slice(0, -2)}x=`;
  return hmac;
}

function libraryRequest(method: string, headers: Headers, body: Uint8Array): Request {
  return new Request("https://crm.example.test/webhooks/orders/create", {
    method,
    headers,
    body: method === "GET" ? null : Buffer.from(body),
  });
}

async function compare(d: Delivery): Promise<void> {
  const { body: sent, hmac } = signed(d);
  const headers = headersOf(d, hmac);
  // The direct check gets names in lower case, as node:http and Fetch hand them over.
  const direct = directOutcome(
    verifyShopifyWebhook(
      { method: d.method, headers: Object.fromEntries(headers), body: sent },
      { apiSecret: d.secrets.current, previousApiSecret: d.secrets.previous },
    ),
  );

  const hashed = await libraryBytes(sent);
  const secrets = [d.secrets.current, ...(d.secrets.previous === null ? [] : [d.secrets.previous])];
  // A request per call: the library reads its body.
  const asLibrarySees = () => {
    if (equalBytes(hashed, sent)) return libraryRequest(d.method, new Headers(headers), sent);
    const seen = new Headers(headers);
    const translatedHmac = translated(hmac, sent, hashed, secrets);
    if (translatedHmac === undefined) seen.delete("x-shopify-hmac-sha256");
    else seen.set("x-shopify-hmac-sha256", translatedHmac);
    return libraryRequest(d.method, seen, hashed);
  };
  const current = await libraryOutcome(d.secrets.current, asLibrarySees());
  // During a change of the secret, what the current secret does not sign (401) is checked as
  // with the previous one: accepted, or refused for what follows the signature, or 401 again.
  const expected =
    !current.accepted && current.status === 401 && d.secrets.previous !== null
      ? await libraryOutcome(d.secrets.previous, asLibrarySees())
      : current;

  if (expected.accepted && direct.accepted && expected.fields === null) {
    // The library gave no context (the body is not JSON): the decision is what is compared.
    expect(direct.accepted).toBe(true);
    return;
  }
  expect(direct).toEqual(expected);
}

describe("the direct webhook check decides as Shopify's library", () => {
  test("on any body, secret, signature and headers", async () => {
    await fc.assert(fc.asyncProperty(delivery, compare), { numRuns: 1000 });
  }, 60_000);

  test("the generated deliveries reach every branch of the check", async () => {
    const seen = new Map<string, number>();
    const samples = fc.sample(delivery, { numRuns: 600, seed: 42 });
    for (const d of samples) {
      const { body: sent, hmac } = signed(d);
      const verdict = verifyShopifyWebhook(
        { method: d.method, headers: Object.fromEntries(headersOf(d, hmac)), body: sent },
        { apiSecret: d.secrets.current, previousApiSecret: d.secrets.previous },
      );
      const key = verdict.accepted ? "accepted" : `${verdict.status} ${verdict.reason.split(":")[0]}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
      if (verdict.accepted && d.signature.kind === "bytes" && d.signature.by === "previous") seen.set("by previous", 1);
      if (verdict.accepted && !equalBytes(await libraryBytes(sent), sent)) seen.set("bytes the library does not hash", 1);
    }
    expect([...seen.keys()].sort()).toEqual(
      [
        "400 Missing X-Shopify-Hmac-Sha256",
        "400 Missing body",
        "400 Missing headers",
        "400 X-Shopify-Shop-Domain is not a myshopify.com domain",
        "401 Invalid HMAC",
        "405 Method not allowed",
        "accepted",
        "by previous",
        "bytes the library does not hash",
      ].sort(),
    );
  });
});
