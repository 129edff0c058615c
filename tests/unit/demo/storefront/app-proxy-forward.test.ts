import { describe, expect, it } from "vitest";
import { shopLocation } from "~/demo/storefront/app-proxy-forward.server";

// The app answers a referral link with a Location relative to the shop's domain; on the demo the
// shop's home is /demo-store, the app proxy stays at /apps/crm.

describe("a redirect of the app's on the demo shop", () => {
  it.each([
    ["/?crm_ref=ANNA-7K3Q", "/demo-store?crm_ref=ANNA-7K3Q"],
    ["/", "/demo-store"],
    ["/products/tasse?x=1#top", "/demo-store/products/tasse?x=1#top"],
    ["/apps/crm/referrals/me", "/apps/crm/referrals/me"],
    ["/demo-store/cart", "/demo-store/cart"],
    ["https://example.org/a", "https://example.org/a"],
    ["//example.org/a", "//example.org/a"],
  ])("%s leads to %s", (location, expected) => {
    expect(shopLocation(location)).toBe(expected);
  });
});
