import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { appProxyTarget } from "~/demo/storefront/app-proxy-forward.server";
import { appProxySignature, signAppProxyQuery } from "~/platforms/shopify/app-proxy-signature";

describe("app proxy signature", () => {
  it("matches Shopify's documented example (repeated keys joined by commas, sorted, no separator)", () => {
    const query = {
      extra: ["1", "2"],
      shop: "shop-name.myshopify.com",
      logged_in_customer_id: "1",
      path_prefix: "/apps/awesome_reviews",
      timestamp: "1317327555",
    };
    // The message Shopify's documentation spells out for this query.
    const message = "extra=1,2logged_in_customer_id=1path_prefix=/apps/awesome_reviewsshop=shop-name.myshopify.comtimestamp=1317327555";
    expect(appProxySignature(query, "hush")).toBe(createHmac("sha256", "hush").update(message).digest("hex"));
  });

  it("adds Shopify's parameters to the shopper's query and signs all of them", () => {
    const params = signAppProxyQuery(
      { locale: "de", extra: ["1", "2"] },
      { shop: "demo.myshopify.com", customerId: null, pathPrefix: "/apps/crm", timestamp: 1_700_000_000 },
      "secret",
    );
    expect(params.getAll("extra")).toEqual(["1", "2"]);
    expect(params.get("logged_in_customer_id")).toBe("");
    expect(params.get("path_prefix")).toBe("/apps/crm");
    const { signature, ...rest } = Object.fromEntries([...new Set(params.keys())].map((key) => [key, params.getAll(key)]));
    expect(signature).toEqual([appProxySignature(rest, "secret")]);
    expect(appProxySignature({ ...rest, locale: "en" }, "secret")).not.toBe(signature?.[0]);
  });
});

describe("demo storefront's app proxy", () => {
  it("sends /apps/crm/* to the app's /proxy/* with the shopper's query and Shopify's, signed", () => {
    const target = appProxyTarget("/apps/crm/loyalty/member?locale=de&tag=a&tag=b", "811733923860000004", {
      shop: "alpenroester-demo.myshopify.com",
      secret: "demo-secret",
      timestamp: 1_765_000_000,
    });
    const url = new URL(target, "http://app.invalid");
    expect(url.pathname).toBe("/proxy/loyalty/member");
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      locale: "de",
      shop: "alpenroester-demo.myshopify.com",
      logged_in_customer_id: "811733923860000004",
      path_prefix: "/apps/crm",
      timestamp: "1765000000",
    });
    const query = Object.fromEntries([...new Set(url.searchParams.keys())].filter((key) => key !== "signature").map((key) => [key, url.searchParams.getAll(key)]));
    expect(url.searchParams.get("signature")).toBe(appProxySignature(query, "demo-secret"));
  });

  it("forwards nothing outside its prefix", () => {
    expect(() => appProxyTarget("/apps/other/x", null, { shop: "s", secret: "k", timestamp: 1 })).toThrow(/Not an app proxy path/);
  });
});
