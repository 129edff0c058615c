import { beforeEach, describe, expect, test } from "vitest";
import { authenticateApiKey, createApiKey } from "~/core/api/api-keys.server";
import { recordInstall } from "~/core/shops/shops.server";
import { action, loader } from "~/routes/app.integrations";
import { setUpAdminShop, thrownResponse } from "../helpers/admin-requests";
import { TEST_ENV } from "../helpers/test-runtime";

// The API keys on the integrations page as the embedded admin uses them: a named key is made and
// its secret shown once (only its hash stored), the list shows prefix, creation and last use, and
// a revoked key stops working; another shop's key cannot be revoked.

const STORE = "api-keys-shop";
const PAGE_URL = `${TEST_ENV.SHOPIFY_APP_URL}/app/integrations`;

const admin = setUpAdminShop(STORE);

beforeEach(async () => {
  await admin.runtime.db.apiKey.deleteMany();
});

const post = (fields: Array<[string, string]>) => admin.post(action, PAGE_URL, fields);
const load = () => admin.get(loader, PAGE_URL);

describe("API keys on the integrations page", () => {
  test("a new key's secret is shown once; the list shows its name, prefix and use, never the secret", async () => {
    const created = await post([["intent", "createKey"], ["name", "  Reviews app "]]);
    if (created.outcome !== "keyCreated") throw new Error(`not created: ${JSON.stringify(created)}`);
    expect(created).toMatchObject({ name: "Reviews app", secret: expect.stringMatching(/^crm_[\w-]{43}$/) });
    const page = await load();
    expect(page.apiUrl).toBe(`${TEST_ENV.SHOPIFY_APP_URL}/api/loyalty/actions`);
    expect(page.apiKeys).toEqual([expect.objectContaining({ name: "Reviews app", prefix: created.secret.slice(0, 12), lastUsedAt: null, revokedAt: null })]);
    expect(JSON.stringify(page)).not.toContain(created.secret);
    expect(JSON.stringify(await admin.runtime.db.apiKey.findMany())).not.toContain(created.secret.slice(12));

    const usedAt = new Date("2026-05-01T10:00:00Z");
    expect(await authenticateApiKey(admin.runtime.db, `Bearer ${created.secret}`, usedAt)).toMatchObject({ ok: true, shopId: admin.shopId });
    expect((await load()).apiKeys[0]!.lastUsedAt).toBe(usedAt.toISOString());
  });

  test("a key needs a name", async () => {
    expect(await post([["intent", "createKey"], ["name", "   "]])).toEqual({ outcome: "keyInvalid" });
    expect(await post([["intent", "createKey"], ["name", "x".repeat(61)]])).toEqual({ outcome: "keyInvalid" });
    expect(await admin.runtime.db.apiKey.count()).toBe(0);
  });

  test("a revoked key stays listed and is refused; another shop's key cannot be revoked from here", async () => {
    const created = await post([["intent", "createKey"], ["name", "ERP"]]);
    if (created.outcome !== "keyCreated") throw new Error("not created");
    const [key] = (await load()).apiKeys;
    expect(await post([["intent", "revokeKey"], ["keyId", key!.id]])).toEqual({ outcome: "keyRevoked" });
    expect((await load()).apiKeys[0]!.revokedAt).not.toBeNull();
    expect(await authenticateApiKey(admin.runtime.db, `Bearer ${created.secret}`, new Date())).toEqual({ ok: false, reason: "revoked" });

    const other = await recordInstall(admin.runtime.db, { platform: "SHOPIFY", domain: "api-keys-other.myshopify.com", sealedAccessToken: admin.runtime.secretBox.seal("x"), scopes: null });
    const foreign = await createApiKey(admin.runtime.db, other.id, "Theirs");
    expect((await thrownResponse(post([["intent", "revokeKey"], ["keyId", foreign.key.id]]))).status).toBe(404);
    expect(await authenticateApiKey(admin.runtime.db, `Bearer ${foreign.secret}`, new Date())).toMatchObject({ ok: true, shopId: other.id });
  });
});
