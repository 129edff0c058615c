import { beforeEach, describe, expect, test } from "vitest";
import { action, loader } from "~/routes/app._index";
import { action as loginAction, loader as loginLoader } from "~/routes/auth.login";
import { setUpAdminShop, thrownResponse } from "../helpers/admin-requests";
import { TEST_ENV } from "../helpers/test-runtime";

// The embedded home page as Shopify's admin calls it: a session token signed with the app's
// secret (the official test helpers make it), an offline session in the app's session storage.

const STORE = "alpine-outfitters";
const APP_URL = `${TEST_ENV.SHOPIFY_APP_URL}/app`;

const admin = setUpAdminShop(STORE);

beforeEach(async () => {
  await admin.runtime.db.job.deleteMany();
  await admin.runtime.db.importRun.deleteMany();
});

const post = (intent: string) => admin.post(action, APP_URL, { intent });

describe("home page (sync status) in the Shopify admin", () => {
  test("the loader answers for the shop of the session token, with imports available", async () => {
    const status = await admin.get(loader, APP_URL);
    expect(status.canImport).toBe(true);
    expect(status.counts.orders).toBe(0);
    expect(status.latestImport).toBeNull();
  });

  test("'import' starts one full import; a second click while it runs starts none", async () => {
    expect(await post("import")).toEqual({ outcome: "requested" });
    expect(await post("import")).toEqual({ outcome: "alreadyRunning" });
    const runs = await admin.runtime.db.importRun.findMany({ where: { shopId: admin.shopId } });
    expect(runs.map((run) => [run.kind, run.status])).toEqual([["full", "PENDING"]]);
    expect(await admin.runtime.db.job.count({ where: { kind: "import.start" } })).toBe(1);

    const status = await admin.get(loader, APP_URL);
    expect(status.latestImport).toMatchObject({ kind: "full", status: "PENDING", rowsDone: 0 });
  });

  test("'reconcile' queues a reconciliation of this shop", async () => {
    expect(await post("reconcile")).toEqual({ outcome: "requested" });
    const jobs = await admin.runtime.db.job.findMany({ where: { kind: "reconcile.shop" } });
    expect(jobs.map((job) => job.payload)).toEqual([{ shopId: admin.shopId, scheduled: false }]);
  });

  test("an unknown intent is refused and changes nothing", async () => {
    expect((await thrownResponse(post("drop-everything"))).status).toBe(400);
    expect(await admin.runtime.db.job.count()).toBe(0);
  });

  test("without a valid session token nothing is started", async () => {
    const forged = new Request(APP_URL, {
      method: "POST",
      headers: { authorization: "Bearer not-a-token" },
      body: new URLSearchParams({ intent: "import" }),
    });
    const response = await thrownResponse(action({ request: forged, params: {}, context: { runtime: admin.runtime } }));
    expect(response.status).toBeGreaterThanOrEqual(300);
    expect(await admin.runtime.db.importRun.count()).toBe(0);
    expect(await admin.runtime.db.job.count()).toBe(0);
  });
});

describe("login outside the admin", () => {
  const LOGIN_URL = `${TEST_ENV.SHOPIFY_APP_URL}/auth/login`;
  const submit = (shop: string) =>
    loginAction({ request: new Request(LOGIN_URL, { method: "POST", body: new URLSearchParams({ shop }) }), params: {}, context: { runtime: admin.runtime } });

  test("asks for the shop's domain, in the browser's language", async () => {
    const request = new Request(LOGIN_URL, { headers: { "accept-language": "en-GB,en;q=0.8" } });
    expect(await loginLoader({ request, params: {}, context: { runtime: admin.runtime } })).toEqual({ problem: null, locale: "en" });
  });

  test("an empty or foreign domain is named as the problem", async () => {
    expect(await submit("")).toMatchObject({ problem: "missingShop" });
    expect(await submit("evil.example.com")).toMatchObject({ problem: "invalidShop" });
  });

  test("a shop's name goes on to Shopify's install flow for that shop", async () => {
    const response = await thrownResponse(submit("alpine-outfitters"));
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(
      `https://admin.shopify.com/store/alpine-outfitters/oauth/install?client_id=${TEST_ENV.SHOPIFY_API_KEY}`,
    );
  });
});
