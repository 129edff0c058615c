import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { PROJECT_ROOT } from "~/project-root.server";

// The storefront blocks call the shop's /apps/crm/loyalty/*, Shopify forwards that to the app's
// proxy URL, and the app's routes answer there: the three must agree.

const toml = z
  .object({
    access_scopes: z.object({ scopes: z.string() }),
    app_proxy: z.object({ url: z.string(), subpath: z.string(), prefix: z.string() }),
  })
  .parse(parse(readFileSync(path.join(PROJECT_ROOT, "shopify.app.toml"), "utf8")));

/** The loyalty endpoints behind the app proxy: app/routes/proxy.loyalty.<endpoint>.tsx. */
const ENDPOINTS = ["birthday", "member", "redeem"];

describe("the app proxy as configured, called and served", () => {
  test("the blocks call the configured prefix and subpath", () => {
    const blocks = path.join(PROJECT_ROOT, "extensions/loyalty/blocks");
    const proxies = readdirSync(blocks).flatMap((file) => [...readFileSync(path.join(blocks, file), "utf8").matchAll(/data-proxy="([^"]+)"/g)].map((m) => m[1]));
    expect(proxies.length).toBeGreaterThan(0);
    for (const proxy of proxies) expect(proxy).toBe(`/${toml.app_proxy.prefix}/${toml.app_proxy.subpath}/loyalty`);
  });

  test("the proxy URL leads to the app's proxy routes, and the app asks for the scope it needs", () => {
    expect(toml.app_proxy.url).toBe("/proxy");
    for (const endpoint of ENDPOINTS) {
      expect(existsSync(path.join(PROJECT_ROOT, `app/routes/proxy.loyalty.${endpoint}.tsx`))).toBe(true);
    }
    // An endpoint added later is added here too.
    const routes = readdirSync(path.join(PROJECT_ROOT, "app/routes")).flatMap((file) => /^proxy\.loyalty\.(.+)\.tsx$/.exec(file)?.[1] ?? []);
    expect(routes.sort()).toEqual(ENDPOINTS);
    expect(toml.access_scopes.scopes.split(",")).toContain("write_app_proxy");
  });

  test("the storefront script calls only endpoints the app serves, and each of them", () => {
    const script = readFileSync(path.join(PROJECT_ROOT, "extensions/loyalty/assets/loyalty.js"), "utf8");
    const called = [...script.matchAll(/\b(?:call|post)\('\/([^'/]+)'/g)].map((m) => m[1]);
    expect([...new Set(called)].sort()).toEqual(ENDPOINTS);
  });
});
