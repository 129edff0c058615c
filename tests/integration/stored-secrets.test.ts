import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { recordInstall } from "~/core/shops/shops.server";
import type { Runtime } from "~/runtime.server";
import { SecretBox } from "~/security/secret-box.server";
import { checkStoredSecrets, StoredSecretsError } from "~/db/stored-secrets.server";
import { startTestRuntime } from "../helpers/test-runtime";

// A wrong CRM_ENCRYPTION_KEY stops the start with a message naming the setting, instead of every
// job of every shop failing later; a key change seals the stored secrets anew.

let runtime: Runtime;
const OLD_KEY = Buffer.alloc(32, 1);
const NEW_KEY = Buffer.alloc(32, 2);

beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(async () => {
  await runtime.close();
});
beforeEach(async () => {
  await runtime.db.session.deleteMany();
  await runtime.db.shop.deleteMany();
  const sealedWithOldKey = new SecretBox(OLD_KEY);
  await recordInstall(runtime.db, {
    platform: "SHOPIFY",
    domain: "alpine-outfitters.myshopify.com",
    sealedAccessToken: sealedWithOldKey.seal("shpat_shop"),
    scopes: "read_orders",
  });
  await runtime.db.session.create({
    data: {
      id: "offline_alpine-outfitters.myshopify.com",
      shop: "alpine-outfitters.myshopify.com",
      state: "s",
      accessToken: sealedWithOldKey.seal("shpat_session"),
      refreshToken: sealedWithOldKey.seal("shprt_session"),
    },
  });
});

describe("stored secrets at start", () => {
  test("the key they were sealed with passes and changes nothing", async () => {
    const before = await runtime.db.session.findFirstOrThrow();
    expect(await checkStoredSecrets(runtime.db, new SecretBox(OLD_KEY))).toBe(0);
    expect(await runtime.db.session.findFirstOrThrow()).toEqual(before);
  });

  test("another key is refused, naming the setting and what it cannot open", async () => {
    const check = checkStoredSecrets(runtime.db, new SecretBox(NEW_KEY));
    await expect(check).rejects.toThrow(StoredSecretsError);
    await expect(checkStoredSecrets(runtime.db, new SecretBox(NEW_KEY))).rejects.toThrow(
      /^CRM_ENCRYPTION_KEY cannot open 3 of 3 stored secrets \(the access token of shop alpine-outfitters\.myshopify\.com; .*CRM_ENCRYPTION_KEY_PREVIOUS/,
    );
  });

  test("a key change seals every stored secret anew; afterwards the new key alone opens them", async () => {
    expect(await checkStoredSecrets(runtime.db, new SecretBox(NEW_KEY, [OLD_KEY]))).toBe(3);
    const onlyNew = new SecretBox(NEW_KEY);
    expect(await checkStoredSecrets(runtime.db, onlyNew)).toBe(0);
    const session = await runtime.db.session.findFirstOrThrow();
    expect([onlyNew.open(session.accessToken), onlyNew.open(session.refreshToken!)]).toEqual(["shpat_session", "shprt_session"]);
    const shop = await runtime.db.shop.findFirstOrThrow();
    expect(onlyNew.open(shop.accessTokenEncrypted!)).toBe("shpat_shop");
  });
});
