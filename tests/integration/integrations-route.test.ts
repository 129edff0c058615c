import { beforeEach, describe, expect, test } from "vitest";
import { recordInstall } from "~/core/shops/shops.server";
import { action, loader } from "~/routes/app.integrations";
import { setUpAdminShop, thrownResponse } from "../helpers/admin-requests";
import { TEST_ENV } from "../helpers/test-runtime";

// The integrations page's loader and actions as the embedded admin calls them: endpoints are
// added (the secret shown once, sealed at rest), refused with a reason, sent a test event,
// removed; the log is filtered by endpoint; another shop's endpoint cannot be touched.

const STORE = "integrations-shop";
const PAGE_URL = `${TEST_ENV.SHOPIFY_APP_URL}/app/integrations`;

const admin = setUpAdminShop(STORE);

beforeEach(async () => {
  await admin.runtime.db.job.deleteMany();
  await admin.runtime.db.outboundWebhookEndpoint.deleteMany();
});

const post = (fields: Array<[string, string]>) => admin.post(action, PAGE_URL, fields);
const load = (query = "") => admin.get(loader, `${PAGE_URL}${query}`);

async function addEndpoint(url = "https://hooks.example.com/crm") {
  const created = await post([
    ["intent", "create"],
    ["url", url],
    ["topics", "loyalty.points_earned"],
    ["topics", "loyalty.tier_changed"],
  ]);
  if (created.outcome !== "created") throw new Error(`not created: ${JSON.stringify(created)}`);
  return created;
}

describe("the integrations page", () => {
  test("adding an endpoint shows its secret once; it is stored sealed and never loaded again", async () => {
    const created = await addEndpoint();
    expect(created.secret).toMatch(/^whsec_[\w-]{32}$/);
    const stored = await admin.runtime.db.outboundWebhookEndpoint.findFirstOrThrow({ where: { shopId: admin.shopId } });
    expect(stored.secretEncrypted).not.toContain(created.secret);
    expect(admin.runtime.secretBox.open(stored.secretEncrypted)).toBe(created.secret);
    const page = await load();
    expect(page.endpoints).toEqual([expect.objectContaining({ url: "https://hooks.example.com/crm", topics: ["loyalty.points_earned", "loyalty.tier_changed"] })]);
    expect(JSON.stringify(page)).not.toContain(created.secret);
  });

  test.each([
    ["http://hooks.example.com/crm", ["loyalty.points_earned"], { urlError: "insecure", topicsError: false }],
    ["not a url", ["loyalty.points_earned"], { urlError: "invalid", topicsError: false }],
    ["https://hooks.example.com/crm", [], { urlError: null, topicsError: true }],
    ["https://hooks.example.com/crm", ["order.paid"], { urlError: null, topicsError: true }],
  ])("refuses %s with %j", async (url, topics, errors) => {
    expect(await post([["intent", "create"], ["url", url], ...topics.map((topic): [string, string] => ["topics", topic])])).toEqual({ outcome: "invalid", ...errors });
    expect(await admin.runtime.db.outboundWebhookEndpoint.count()).toBe(0);
  });

  test("a test event is queued for the endpoint and shows in its log; the filter keeps to one endpoint", async () => {
    const first = await addEndpoint();
    const second = await addEndpoint("https://other.example.com/hook");
    const [one, two] = (await load()).endpoints;
    expect([one!.url, two!.url]).toEqual([first.url, second.url]);
    expect(await post([["intent", "test"], ["endpointId", one!.id]])).toEqual({ outcome: "testQueued" });
    expect(await post([["intent", "test"], ["endpointId", two!.id]])).toEqual({ outcome: "testQueued" });
    expect(await admin.runtime.db.job.count({ where: { kind: "integrations.outbound-webhook" } })).toBe(2);
    expect((await load()).deliveries).toHaveLength(2);
    const filtered = (await load(`?endpoint=${one!.id}`)).deliveries;
    expect(filtered).toEqual([expect.objectContaining({ endpointId: one!.id, topic: "test", status: "PENDING", attempts: 0 })]);
  });

  test("removing an endpoint takes its log with it; an unknown or foreign endpoint is not found", async () => {
    await addEndpoint();
    const [endpoint] = (await load()).endpoints;
    expect(await post([["intent", "remove"], ["endpointId", endpoint!.id]])).toEqual({ outcome: "removed" });
    expect((await load()).endpoints).toEqual([]);
    const other = await recordInstall(admin.runtime.db, { platform: "SHOPIFY", domain: "someone-else.myshopify.com", sealedAccessToken: admin.runtime.secretBox.seal("x"), scopes: "", currency: "EUR" });
    const foreign = await admin.runtime.db.outboundWebhookEndpoint.create({ data: { shopId: other.id, url: "https://x.example/", topics: ["loyalty.tier_changed"], secretEncrypted: admin.runtime.secretBox.seal("s") } });
    for (const intent of ["remove", "test"]) {
      const response = await thrownResponse(post([["intent", intent], ["endpointId", foreign.id]]));
      expect(response.status).toBe(404);
    }
    expect(await admin.runtime.db.outboundWebhookEndpoint.count({ where: { id: foreign.id } })).toBe(1);
    expect((await thrownResponse(post([["intent", "remove"], ["endpointId", "nope"]]))).status).toBe(400);
  });
});
