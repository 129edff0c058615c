import { setUpValidSession } from "@shopify/shopify-api/test-helpers";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { DEFAULT_SCOPES } from "~/config/env.server";
import { recordInstall } from "~/core/shops/shops.server";
import { loader as exportLoader } from "~/routes/app.privacy.$requestId.export";
import { action, loader } from "~/routes/app.privacy";
import type { Runtime } from "~/runtime.server";
import { signedAdminRequest, thrownResponse } from "../helpers/admin-requests";
import { replaceAll, shopifyFixture } from "../helpers/fixtures";
import { deliverWebhook, TEST_SHOP } from "../helpers/shopify-webhooks";
import { startTestRuntime, TEST_ENV } from "../helpers/test-runtime";

// The privacy page and the export download as Shopify's admin calls them (session tokens signed
// with the app's secret), fed by the compliance webhooks as Shopify sends them.

const STORE = TEST_SHOP.replace(".myshopify.com", "");
const OTHER_STORE = "other-shop";
const PAGE_URL = `${TEST_ENV.SHOPIFY_APP_URL}/app/privacy`;
const DAY = 24 * 60 * 60 * 1000;

let runtime: Runtime;

beforeAll(async () => {
  runtime = await startTestRuntime();
  for (const store of [STORE, OTHER_STORE]) {
    const domain = `${store}.myshopify.com`;
    await recordInstall(runtime.db, {
      platform: "SHOPIFY",
      domain,
      sealedAccessToken: runtime.secretBox.seal("shpat_test"),
      scopes: DEFAULT_SCOPES.join(","),
      currency: "EUR",
    });
    await runtime.shopify.sessionStorage!.storeSession(
      setUpValidSession({ shop: domain, expires: undefined, scope: DEFAULT_SCOPES.join(","), accessToken: "shpat_test" }),
    );
  }
});
afterAll(async () => {
  await runtime.close();
});

beforeEach(async () => {
  await runtime.db.privacyRequest.deleteMany();
  await runtime.db.order.deleteMany();
  await runtime.db.customer.deleteMany();
  await runtime.db.webhookDelivery.deleteMany();
  await runtime.db.job.deleteMany();
  // Ana orders (orders/create), Bo orders and gets two refunds (orders/updated).
  await deliverWebhook("orders/create");
  await deliverWebhook("orders/updated");
  await runtime.queue.drain();
});

async function loadPage(store = STORE) {
  return loader({ request: await signedAdminRequest(store, new Request(PAGE_URL)), params: {}, context: { runtime } });
}

async function post(fields: Record<string, string>, store = STORE) {
  const request = await signedAdminRequest(store, new Request(PAGE_URL, { method: "POST", body: new URLSearchParams(fields) }));
  return action({ request, params: {}, context: { runtime } });
}

async function download(requestId: string, query: string, store = STORE, headers: Record<string, string> = {}) {
  const url = `${PAGE_URL}/${requestId}/export?${query}`;
  const request = await signedAdminRequest(store, new Request(url, { headers }));
  return exportLoader({ request, params: { requestId }, context: { runtime } });
}

let nextRequestRef = 9_876_543_300;

/** Another request of Ana's data, as Shopify numbers them (each request its own id). */
const dataRequestBody = (ref = nextRequestRef++) => replaceAll(shopifyFixture("customers/data_request"), "9876543219", String(ref));

async function receiveDataRequest(shop = TEST_SHOP): Promise<string> {
  await deliverWebhook("customers/data_request", { shop, body: dataRequestBody() });
  await runtime.queue.drain();
  const shopId = (await runtime.db.shop.findFirstOrThrow({ where: { domain: shop } })).id;
  const row = await runtime.db.privacyRequest.findFirstOrThrow({
    where: { shopId, kind: "CUSTOMER_DATA_REQUEST" },
    orderBy: { receivedAt: "desc" },
  });
  return row.id;
}

async function age(requestId: string, days: number) {
  await runtime.db.privacyRequest.update({ where: { id: requestId }, data: { receivedAt: new Date(Date.now() - days * DAY) } });
}

describe("data requests on the privacy page", () => {
  test("a customers/data_request webhook shows up as an open request, due 30 days after it arrived", async () => {
    expect((await loadPage()).dataRequests).toEqual([]);
    const id = await receiveDataRequest();

    const { dataRequests } = await loadPage();
    expect(dataRequests).toHaveLength(1);
    const [request] = dataRequests;
    expect(request).toMatchObject({ id, urgency: "open", answeredAt: null });
    expect(request!.subject).toMatchObject({ email: "ana.example@example.com" });
    expect(request!.subject!.name).toMatch(/Ana/);
    expect(request!.subject!.orderNames.length).toBeGreaterThan(0);
    expect(Date.parse(request!.dueAt) - Date.parse(request!.receivedAt)).toBe(30 * DAY);
  });

  test("a request counts from when Shopify triggered it, not from when its delivery was processed", async () => {
    await deliverWebhook("customers/data_request", { body: dataRequestBody(), triggeredAt: new Date(Date.now() - 22 * DAY).toISOString() });
    // A clock running ahead cannot push the deadline into the future.
    await deliverWebhook("customers/data_request", { body: dataRequestBody(), triggeredAt: new Date(Date.now() + 5 * DAY).toISOString() });
    await runtime.queue.drain();

    const { dataRequests } = await loadPage();
    expect(dataRequests.map((request) => request.urgency)).toEqual(["urgent", "open"]);
    expect(Date.parse(dataRequests[0]!.receivedAt)).toBeCloseTo(Date.now() - 22 * DAY, -4);
    expect(Date.parse(dataRequests[1]!.receivedAt)).toBeLessThanOrEqual(Date.now());
  });

  test("a request Shopify sends again (the same request id, a new delivery) is recorded once", async () => {
    const body = dataRequestBody();
    await deliverWebhook("customers/data_request", { body });
    await deliverWebhook("customers/data_request", { body, eventId: "resent", webhookId: "resent" });
    await runtime.queue.drain();
    expect((await loadPage()).dataRequests).toHaveLength(1);
  });

  test("a request that names only orders is shown by their numbers", async () => {
    // Written out: the order id does not fit a JavaScript number.
    const body = `{"shop_id":954889123456789,"shop_domain":"${TEST_SHOP}","customer":null,"orders_requested":[450789469123456781],"data_request":{"id":9876543220}}`;
    await deliverWebhook("customers/data_request", { body });
    await runtime.queue.drain();

    const [request] = (await loadPage()).dataRequests;
    expect(request!.subject).toEqual({ name: null, email: null, orderNames: ["#1042"] });
  });

  test("open requests are urgent after 20 days and overdue after 30; the most pressing comes first", async () => {
    const fresh = await receiveDataRequest();
    const urgent = await receiveDataRequest();
    const overdue = await receiveDataRequest();
    await age(urgent, 22);
    await age(overdue, 31);

    const { dataRequests } = await loadPage();
    expect(dataRequests.map((request) => [request.id, request.urgency])).toEqual([
      [overdue, "overdue"],
      [urgent, "urgent"],
      [fresh, "open"],
    ]);
  });

  test("marking a request answered moves it below the open ones; answering again keeps the first time; reopening undoes it", async () => {
    const answered = await receiveDataRequest();
    const open = await receiveDataRequest();
    await age(answered, 25);

    expect(await post({ intent: "answer", requestId: answered })).toEqual({ ok: true });
    const first = await runtime.db.privacyRequest.findUniqueOrThrow({ where: { id: answered } });
    expect(first.answeredAt).not.toBeNull();
    expect((await loadPage()).dataRequests.map((request) => [request.id, request.urgency])).toEqual([
      [open, "open"],
      [answered, "answered"],
    ]);

    await post({ intent: "answer", requestId: answered });
    expect((await runtime.db.privacyRequest.findUniqueOrThrow({ where: { id: answered } })).answeredAt).toEqual(first.answeredAt);

    await post({ intent: "reopen", requestId: answered });
    expect((await loadPage()).dataRequests.find((request) => request.id === answered)?.urgency).toBe("urgent");
  });

  test("a malformed or foreign request cannot be marked", async () => {
    const foreign = await receiveDataRequest(`${OTHER_STORE}.myshopify.com`);
    expect((await thrownResponse(post({ intent: "answer", requestId: foreign }))).status).toBe(404);
    expect((await runtime.db.privacyRequest.findUniqueOrThrow({ where: { id: foreign } })).answeredAt).toBeNull();
    expect((await thrownResponse(post({ intent: "answer", requestId: "not-a-uuid" }))).status).toBe(400);
    expect((await thrownResponse(post({ intent: "delete", requestId: foreign }))).status).toBe(400);
    // Each shop sees only its own requests.
    expect((await loadPage()).dataRequests).toEqual([]);
    expect((await loadPage(OTHER_STORE)).dataRequests.map((request) => request.id)).toEqual([foreign]);
  });
});

describe("export download", () => {
  test("JSON: the stored export, as an attachment named in the admin's language", async () => {
    const id = await receiveDataRequest();
    const response = await download(id, "format=json", STORE, { "accept-language": "de-DE,de;q=0.9" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="datenauskunft-alpine-outfitters-\d{4}-\d{2}-\d{2}\.json"$/);
    const stored = await runtime.db.privacyRequest.findUniqueOrThrow({ where: { id } });
    expect(JSON.parse(await response.text())).toEqual(stored.export);
  });

  test("CSV: for Excel, in the language the page asks for", async () => {
    const id = await receiveDataRequest();
    const english = await download(id, "format=csv&locale=en");
    expect(english.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(english.headers.get("content-disposition")).toMatch(/filename="data-request-alpine-outfitters-[\d-]+\.csv"/);
    const bytes = new Uint8Array(await english.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain("Record type,Order,Date,Field,Value,Quantity,Amount,Status\r\n");
    expect(text).toContain("ana.example@example.com");

    const german = await (await download(id, "format=csv&locale=de")).text();
    expect(german).toContain("Datensatz;Bestellung;Datum;Feld;Wert;Menge;Betrag;Status\r\n");
  });

  test("another shop's request, an unknown id and a malformed one are not found; an unknown format is refused", async () => {
    const foreign = await receiveDataRequest(`${OTHER_STORE}.myshopify.com`);
    expect((await thrownResponse(download(foreign, "format=json"))).status).toBe(404);
    expect((await thrownResponse(download(foreign, "format=csv"))).status).toBe(404);
    expect((await thrownResponse(download("00000000-0000-4000-8000-000000000000", "format=json"))).status).toBe(404);
    expect((await thrownResponse(download("../../etc", "format=json"))).status).toBe(404);
    expect((await download(foreign, "format=json", OTHER_STORE)).status).toBe(200);
    expect((await thrownResponse(download(foreign, "format=xlsx", OTHER_STORE))).status).toBe(400);
  });

  test("without a session token there is no download", async () => {
    const id = await receiveDataRequest();
    const outcome = await exportLoader({
      request: new Request(`${PAGE_URL}/${id}/export?format=json`),
      params: { requestId: id },
      context: { runtime },
    }).then(
      (response) => response,
      (thrown: unknown) => thrown,
    );
    expect(outcome).toBeInstanceOf(Response);
    const response = outcome as Response;
    expect(response.status).not.toBe(200);
    expect(await response.text()).not.toContain("ana.example@example.com");
  });
});

describe("redactions on the privacy page", () => {
  test("a customers/redact shows as a redaction with its counts and no personal data; the export it touched is gone", async () => {
    const id = await receiveDataRequest();
    await deliverWebhook("customers/redact");
    await runtime.queue.drain();

    const page = await loadPage();
    expect(page.redactions).toHaveLength(1);
    expect(page.redactions[0]).toEqual({
      id: expect.any(String),
      receivedAt: expect.any(String),
      completedAt: expect.any(String),
      bodiesScanned: expect.any(Number),
      bodiesScrubbed: expect.any(Number),
    });
    expect(JSON.stringify(page.redactions)).not.toMatch(/bo@example\.org|Berg|207119551123456797/);
    // Bo's order is among those Ana's request named, so the redaction erased that export too.
    expect(page.dataRequests.find((request) => request.id === id)?.subject).toBeNull();
    expect((await thrownResponse(download(id, "format=json"))).status).toBe(410);
  });
});
