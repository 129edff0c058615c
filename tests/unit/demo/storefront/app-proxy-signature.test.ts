import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
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
