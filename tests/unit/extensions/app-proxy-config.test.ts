import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { PROJECT_ROOT } from "~/project-root.server";

// The storefront blocks call the shop's /apps/crm/loyalty/*, /apps/crm/referrals/* and
// /apps/crm/recommendations(/*), Shopify
// forwards that to the app's proxy URL, and the app's routes answer there: the three must agree.

const toml = z
  .object({
    access_scopes: z.object({ scopes: z.string() }),
    app_proxy: z.object({ url: z.string(), subpath: z.string(), prefix: z.string() }),
  })
  .parse(parse(readFileSync(path.join(PROJECT_ROOT, "shopify.app.toml"), "utf8")));

/** The loyalty endpoints behind the app proxy: app/routes/proxy.loyalty.<endpoint>.tsx. */
const ENDPOINTS = ["birthday", "member", "redeem"];
/** The referral program's: app/routes/proxy.referrals.<endpoint>.tsx (and the link, proxy.r.$code.tsx). */
const REFERRAL_ENDPOINTS = ["claim", "me", "offer"];
/** Cross-sell's: app/routes/proxy.recommendations.tsx (the block's products) and proxy.recommendations.<endpoint>.tsx. */
const RECOMMENDATION_ENDPOINTS = ["events"];

const routesOf = (program: string) =>
  readdirSync(path.join(PROJECT_ROOT, "app/routes"))
    .flatMap((file) => new RegExp(`^proxy\\.${program}\\.(.+)\\.tsx$`).exec(file)?.[1] ?? [])
    .sort();
const calledBy = (script: string) => {
  const source = readFileSync(path.join(PROJECT_ROOT, "extensions/loyalty/assets", script), "utf8");
  return [...new Set([...source.matchAll(/\b(?:call|post)\('\/([^'/?]+)/g)].map((m) => m[1]))].sort();
};

describe("the app proxy as configured, called and served", () => {
  test("the blocks call the configured prefix and subpath", () => {
    const blocks = path.join(PROJECT_ROOT, "extensions/loyalty/blocks");
    const attributes = (name: string) =>
      readdirSync(blocks).flatMap((file) => [...readFileSync(path.join(blocks, file), "utf8").matchAll(new RegExp(`${name}="([^"]+)"`, "g"))].map((m) => m[1]));
    const proxies = attributes("data-proxy");
    expect(proxies.length).toBeGreaterThan(0);
    for (const proxy of proxies) expect(proxy).toBe(`/${toml.app_proxy.prefix}/${toml.app_proxy.subpath}/loyalty`);
    expect(attributes("data-proxy-referrals")).toEqual([`/${toml.app_proxy.prefix}/${toml.app_proxy.subpath}/referrals`]);
    expect(attributes("data-proxy-recommendations")).toEqual([`/${toml.app_proxy.prefix}/${toml.app_proxy.subpath}/recommendations`]);
  });

  test("the proxy URL leads to the app's proxy routes, and the app asks for the scope it needs", () => {
    expect(toml.app_proxy.url).toBe("/proxy");
    for (const endpoint of ENDPOINTS) {
      expect(existsSync(path.join(PROJECT_ROOT, `app/routes/proxy.loyalty.${endpoint}.tsx`))).toBe(true);
    }
    // An endpoint added later is added here too.
    expect(routesOf("loyalty")).toEqual(ENDPOINTS);
    expect(routesOf("referrals")).toEqual(REFERRAL_ENDPOINTS);
    expect(routesOf("recommendations")).toEqual(RECOMMENDATION_ENDPOINTS);
    expect(existsSync(path.join(PROJECT_ROOT, "app/routes/proxy.recommendations.tsx"))).toBe(true);
    expect(existsSync(path.join(PROJECT_ROOT, "app/routes/proxy.r.$code.tsx"))).toBe(true);
    expect(toml.access_scopes.scopes.split(",")).toContain("write_app_proxy");
  });

  test("the storefront scripts call only endpoints the app serves, and each of them", () => {
    expect(calledBy("loyalty.js")).toEqual(ENDPOINTS);
    expect(calledBy("referrals.js")).toEqual(REFERRAL_ENDPOINTS);
    const recommendations = readFileSync(path.join(PROJECT_ROOT, "extensions/loyalty/assets/recommendations.js"), "utf8");
    expect([...recommendations.matchAll(/fetch\(proxy \+ '\/(\w+)'/g)].map((m) => m[1])).toEqual(RECOMMENDATION_ENDPOINTS);
  });
});
