import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createApiKey, listApiKeys, revokeApiKey } from "~/core/api/api-keys.server";
import { handleApiWrite, MAX_BODY_BYTES, type ApiRequestInput } from "~/core/api/api-request.server";
import type { CustomAction } from "~/core/loyalty/custom-actions";
import { customActionRequestSchema, earnCustomAction } from "~/core/loyalty/custom-action-api.server";
import { DEFAULT_PROGRAM_SETTINGS } from "~/core/loyalty/program-settings";
import { saveProgram } from "~/core/loyalty/program.server";
import { recordInstall } from "~/core/shops/shops.server";
import { action as routeAction, loader as routeLoader } from "~/routes/api.loyalty.actions";
import type { Runtime } from "~/runtime.server";
import { startTestRuntime, TEST_ENV } from "../helpers/test-runtime";

// The loyalty API against the store: a key authenticates the shop, a configured action earns its
// points within its limit, and an idempotency key makes a retried request (also two at once)
// write one entry and get the first answer back.

const HOUR = 3_600_000;
const START = new Date("2026-03-01T09:00:00Z");
const PATH = "/api/loyalty/actions";

const REVIEW: CustomAction = { key: "review_written", label: "Bewertung geschrieben", points: 40, limit: { count: 2, period: "day" } };
const WEBINAR: CustomAction = { key: "webinar_attended", label: "Webinar", points: 100, limit: { count: 1, period: "ever" } };

let runtime: Runtime;
let shopId: string;
let otherShopId: string;
let secret: string;
let apiKeyId: string;
let clock: Date;

async function installShop(domain: string) {
  return recordInstall(runtime.db, { platform: "SHOPIFY", domain, sealedAccessToken: runtime.secretBox.seal("shpat_test"), scopes: null, currency: "EUR" });
}

async function startProgram(shop: string, enabled = true, customActions: CustomAction[] = [REVIEW, WEBINAR]) {
  await runtime.db.$transaction((tx) =>
    saveProgram(tx, shop, { settings: { ...DEFAULT_PROGRAM_SETTINGS, expiry: { kind: "never" }, customActions }, enabled, startedAt: new Date("2026-01-01T00:00:00Z") }),
  );
}

beforeAll(async () => {
  runtime = await startTestRuntime();
  shopId = (await installShop("api-shop.myshopify.com")).id;
  otherShopId = (await installShop("api-other.myshopify.com")).id;
  await runtime.db.customer.createMany({
    data: [
      { shopId, platformId: "7001", email: "ada@example.org", emailNormalized: "ada@example.org" },
      { shopId, platformId: "7002", email: "Bo@Example.org", emailNormalized: "bo@example.org" },
      // A guest with Bo's address: not an account, so the address still names Bo alone.
      { shopId, platformId: null, email: "bo@example.org", emailNormalized: "bo@example.org", isGuest: true },
      { shopId, platformId: "7003", email: "twin@example.org", emailNormalized: "twin@example.org" },
      { shopId, platformId: "7004", email: "twin@example.org", emailNormalized: "twin@example.org" },
      { shopId: otherShopId, platformId: "9001", email: "zoe@example.org", emailNormalized: "zoe@example.org" },
    ],
  });
  await startProgram(shopId);
  await startProgram(otherShopId);
  await runtime.db.outboundWebhookEndpoint.create({
    data: { shopId, url: "https://hooks.example.com/crm", topics: ["loyalty.points_earned"], secretEncrypted: runtime.secretBox.seal("whsec_test") },
  });
});
afterAll(async () => {
  await runtime.close();
});
beforeEach(async () => {
  clock = START;
  await runtime.db.apiRequest.deleteMany();
  await runtime.db.apiKey.deleteMany();
  await runtime.db.loyaltyMember.deleteMany();
  await runtime.db.timelineEvent.deleteMany();
  await runtime.db.outboundWebhookDelivery.deleteMany();
  await runtime.db.job.deleteMany();
  const created = await createApiKey(runtime.db, shopId, "Reviews app");
  secret = created.secret;
  apiKeyId = created.key.id;
});

function input(body: unknown, options: { key?: string | null; secret?: string | null; raw?: string } = {}): ApiRequestInput {
  const key = options.key === undefined ? "key-1" : options.key;
  const bearer = options.secret === undefined ? secret : options.secret;
  return { method: "POST", path: PATH, authorization: bearer === null ? null : `Bearer ${bearer}`, idempotencyKey: key, body: options.raw ?? JSON.stringify(body) };
}

const send = (request: ApiRequestInput) =>
  handleApiWrite(runtime.db, request, customActionRequestSchema, (tx, work) => earnCustomAction(tx, work, clock), clock);

const review = (customer: object = { platformId: "7001" }) => ({ action: "review_written", customer });

async function entriesOf(platformId: string) {
  const member = await runtime.db.loyaltyMember.findFirst({ where: { customer: { platformId } }, include: { entries: { orderBy: { occurredAt: "asc" } } } });
  return member?.entries ?? [];
}

describe("earning for a custom action", () => {
  test("a configured action earns its points at once, with its event and timeline entry", async () => {
    const answer = await send(input(review(), { key: "first" }));
    const entries = await entriesOf("7001");
    expect(entries.map((entry) => [entry.kind, entry.points, entry.reason, entry.sourceKey])).toEqual([["EARN", 40, "custom:review_written", "api:first"]]);
    const ada = await runtime.db.customer.findFirstOrThrow({ where: { shopId, platformId: "7001" } });
    expect(answer).toEqual({
      status: 200,
      replayed: false,
      body: { entryId: entries[0]!.id, action: "review_written", points: 40, customer: { id: ada.id }, balance: 40, available: 40, pending: 0 },
    });
    const timeline = await runtime.db.timelineEvent.findMany({ where: { customerId: ada.id, kind: "loyalty.points_earned" } });
    expect(timeline.map((event) => [event.kind, event.data])).toEqual([["loyalty.points_earned", { points: 40, action: "review_written", label: "Bewertung geschrieben" }]]);
    const [delivery] = await runtime.db.outboundWebhookDelivery.findMany({ where: { shopId } });
    expect(delivery?.payload).toMatchObject({ data: { reason: "custom_action", action: "review_written", points: 40, entryId: entries[0]!.id, balance: 40 } });
  });

  test("the customer is found by e-mail among accounts, in any case; an address two accounts share is refused", async () => {
    const bo = await runtime.db.customer.findFirstOrThrow({ where: { shopId, platformId: "7002" } });
    expect(await send(input(review({ email: " BO@example.ORG " }), { key: "bo" }))).toMatchObject({ status: 200, body: { customer: { id: bo.id } } });
    expect(await send(input(review({ email: "twin@example.org" }), { key: "twin" }))).toMatchObject({ status: 422, body: { error: "customer_ambiguous" } });
    expect(await send(input(review({ email: "nobody@example.org" }), { key: "nobody" }))).toMatchObject({ status: 404, body: { error: "customer_not_found" } });
    // Another shop's customer is not this key's to reach.
    expect(await send(input(review({ platformId: "9001" }), { key: "zoe" }))).toMatchObject({ status: 404, body: { error: "customer_not_found" } });
    expect(await runtime.db.loyaltyEntry.count()).toBe(1);
  });

  test("only a configured action earns, never points the caller names", async () => {
    expect(await send(input({ action: "birthday_bonus", customer: { platformId: "7001" } }))).toMatchObject({ status: 422, body: { error: "unknown_action", action: "birthday_bonus" } });
    const withPoints = await send(input({ ...review(), points: 5_000 }, { key: "points" }));
    expect(withPoints).toMatchObject({ status: 400, body: { error: "invalid_request" } });
    expect(String(withPoints.body.message)).toContain("points");
    expect(await runtime.db.loyaltyEntry.count()).toBe(0);
  });

  test("a program switched off earns nothing", async () => {
    await startProgram(shopId, false);
    try {
      expect(await send(input(review()))).toMatchObject({ status: 409, body: { error: "program_inactive" } });
      expect(await runtime.db.loyaltyEntry.count()).toBe(0);
    } finally {
      await startProgram(shopId);
    }
  });
});

describe("limits", () => {
  test("at most twice in 24 hours: the third is refused with when it fits again, and fits then", async () => {
    expect((await send(input(review(), { key: "a" }))).status).toBe(200);
    clock = new Date(START.getTime() + 2 * HOUR);
    expect((await send(input(review(), { key: "b" }))).status).toBe(200);
    clock = new Date(START.getTime() + 3 * HOUR);
    const refused = await send(input(review(), { key: "c" }));
    expect(refused).toMatchObject({
      status: 422,
      body: { error: "limit_reached", action: "review_written", limit: { count: 2, period: "day" }, retryAt: new Date(START.getTime() + 24 * HOUR).toISOString() },
    });
    expect(String(refused.body.message)).toContain("2 times per customer in 24 hours");
    clock = new Date(START.getTime() + 24 * HOUR);
    expect((await send(input(review(), { key: "d" }))).status).toBe(200);
    expect((await entriesOf("7001")).map((entry) => entry.sourceKey)).toEqual(["api:a", "api:b", "api:d"]);
  });

  test("once ever: a second grant is refused for good; the refusal is the key's answer from then on", async () => {
    const webinar = { action: "webinar_attended", customer: { platformId: "7001" } };
    expect((await send(input(webinar, { key: "w1" }))).status).toBe(200);
    const refused = await send(input(webinar, { key: "w2" }));
    expect(refused).toMatchObject({ status: 422, body: { error: "limit_reached", retryAt: null } });
    expect(await send(input(webinar, { key: "w2" }))).toEqual({ ...refused, replayed: true });
    // Another customer is not held back by Ada's grant.
    expect((await send(input({ ...webinar, customer: { platformId: "7002" } }, { key: "w3" }))).status).toBe(200);
  });

  test("requests with different keys at once cannot both take the last grant", async () => {
    const webinar = { action: "webinar_attended", customer: { platformId: "7001" } };
    const answers = await Promise.all(["p1", "p2", "p3", "p4"].map((key) => send(input(webinar, { key }))));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 422, 422, 422]);
    expect(await entriesOf("7001")).toHaveLength(1);
  });
});

describe("idempotency", () => {
  test("the same key and request again gets the first answer and writes nothing", async () => {
    const first = await send(input(review()));
    clock = new Date(START.getTime() + HOUR);
    const again = await send(input(review()));
    expect(again).toEqual({ ...first, replayed: true });
    expect(await entriesOf("7001")).toHaveLength(1);
    expect(await runtime.db.timelineEvent.count({ where: { kind: "loyalty.points_earned" } })).toBe(1);
    expect(await runtime.db.outboundWebhookDelivery.count()).toBe(1);
    expect(await runtime.db.apiRequest.findMany({ select: { idempotencyKey: true, status: true, apiKeyId: true } })).toEqual([{ idempotencyKey: "key-1", status: 200, apiKeyId }]);
  });

  test("the same key with another request is refused, and the first answer stays the key's", async () => {
    const first = await send(input(review()));
    const other = await send(input(review({ platformId: "7002" })));
    expect(other).toMatchObject({ status: 409, body: { error: "idempotency_key_reused" } });
    // The same document written differently is another body as received.
    expect((await send(input(null, { raw: JSON.stringify(review(), null, 2) }))).status).toBe(409);
    // Another key of the shop cannot take over the key's answer either.
    const second = await createApiKey(runtime.db, shopId, "Other app");
    expect((await send(input(review(), { secret: second.secret }))).status).toBe(409);
    expect(await send(input(review()))).toEqual({ ...first, replayed: true });
    expect(await entriesOf("7002")).toHaveLength(0);
  });

  test("requests with the same key at once write one entry and all get its answer", async () => {
    const answers = await Promise.all(Array.from({ length: 5 }, () => send(input(review()))));
    const entries = await entriesOf("7001");
    expect(entries).toHaveLength(1);
    for (const answer of answers) expect(answer).toMatchObject({ status: 200, body: { entryId: entries[0]!.id, balance: 40 } });
    expect(answers.filter((answer) => !answer.replayed)).toHaveLength(1);
    expect(await runtime.db.apiRequest.count()).toBe(1);
  });

  test("a request refused before it ran stores nothing: the key is free for the corrected request", async () => {
    expect(await send(input(null, { raw: "{ not json" }))).toMatchObject({ status: 400, body: { error: "invalid_json" } });
    expect(await send(input({ action: "review_written" }))).toMatchObject({ status: 400, body: { error: "invalid_request" } });
    expect(await send(input(review(), { key: null }))).toMatchObject({ status: 400, body: { error: "idempotency_key_required" } });
    expect(await send(input(review(), { key: "ä".repeat(3) }))).toMatchObject({ status: 400, body: { error: "idempotency_key_invalid" } });
    expect(await runtime.db.apiRequest.count()).toBe(0);
    expect((await send(input(review()))).status).toBe(200);
  });
});

describe("API keys", () => {
  test("the secret is shown once; only its hash and prefix are stored; the list shows use and revocation", async () => {
    expect(secret).toMatch(/^crm_[\w-]{43}$/);
    const stored = await runtime.db.apiKey.findUniqueOrThrow({ where: { id: apiKeyId } });
    expect(stored.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(secret.slice(4));
    expect(stored.prefix).toBe(secret.slice(0, 12));
    expect((await listApiKeys(runtime.db, shopId))[0]).toMatchObject({ id: apiKeyId, name: "Reviews app", lastUsedAt: null, revokedAt: null });

    await send(input(review()));
    expect((await listApiKeys(runtime.db, shopId))[0]!.lastUsedAt).toBe(START.toISOString());
    // Another shop cannot revoke it.
    expect(await revokeApiKey(runtime.db, otherShopId, apiKeyId, clock)).toBe(false);
    expect(await revokeApiKey(runtime.db, shopId, apiKeyId, clock)).toBe(true);
    expect((await listApiKeys(runtime.db, shopId))[0]!.revokedAt).toBe(START.toISOString());
  });

  test("a revoked, unknown or missing key is refused before anything is read or stored", async () => {
    await revokeApiKey(runtime.db, shopId, apiKeyId, clock);
    expect(await send(input(review()))).toMatchObject({ status: 401, body: { error: "api_key_revoked" } });
    expect(await send(input(review(), { secret: `${secret}x` }))).toMatchObject({ status: 401, body: { error: "invalid_api_key" } });
    expect(await send(input(review(), { secret: null }))).toMatchObject({ status: 401, body: { error: "missing_api_key" } });
    expect(await runtime.db.apiRequest.count()).toBe(0);
    expect(await runtime.db.loyaltyEntry.count()).toBe(0);
  });
});

describe("the route", () => {
  const url = `${TEST_ENV.SHOPIFY_APP_URL}${PATH}`;
  const post = (body: string, headers: Record<string, string>) =>
    routeAction({ request: new Request(url, { method: "POST", body, headers: { "content-type": "application/json", ...headers } }), params: {}, context: { runtime } });

  test("answers JSON: the earning, the same answer for a retry (marked replayed), and errors with their codes", async () => {
    const headers = { authorization: `Bearer ${secret}`, "idempotency-key": "route-1" };
    const first = await post(JSON.stringify(review()), headers);
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toContain("application/json");
    const body = (await first.json()) as { points: number; balance: number; entryId: string };
    expect(body).toMatchObject({ points: 40, balance: 40 });
    const retry = await post(JSON.stringify(review()), headers);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(await retry.json()).toEqual(body);

    const unauthorized = await post(JSON.stringify(review()), { "idempotency-key": "route-2" });
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get("www-authenticate")).toContain("Bearer");
    expect(await unauthorized.json()).toMatchObject({ error: "missing_api_key" });

    const badJson = await post("{", { ...headers, "idempotency-key": "route-3" });
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ error: "invalid_json", message: expect.stringContaining("not valid JSON") });

    const noKey = await post(JSON.stringify(review()), { authorization: `Bearer ${secret}` });
    expect(noKey.status).toBe(400);

    const tooLarge = await post(JSON.stringify({ ...review(), padding: "x".repeat(MAX_BODY_BYTES) }), { ...headers, "idempotency-key": "route-4" });
    expect(tooLarge.status).toBe(413);

    const get = await routeLoader();
    expect(get.status).toBe(405);
    expect(await runtime.db.loyaltyEntry.count()).toBe(1);
  });
});
