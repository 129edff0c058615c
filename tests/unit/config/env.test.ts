import { describe, expect, test } from "vitest";
import { ConfigError, DEMO_API_SECRET, loadConfig } from "~/config/env.server";

const KEY = Buffer.alloc(32, 1).toString("base64");
const production = {
  NODE_ENV: "production",
  SHOPIFY_API_KEY: "key",
  SHOPIFY_API_SECRET: "secret",
  SHOPIFY_APP_URL: "https://crm.example.com",
  CRM_ENCRYPTION_KEY: KEY,
  DATABASE_URL: "postgresql://crm@db.internal:5432/crm",
};

describe("loadConfig", () => {
  test("reads a complete production environment", () => {
    const config = loadConfig(production);
    expect(config.demo).toBe(false);
    expect(config.shopify).toMatchObject({ apiKey: "key", apiSecret: "secret", appUrl: "https://crm.example.com" });
    expect(config.database.url).toBe(production.DATABASE_URL);
    expect(config.encryptionKey.length).toBe(32);
  });

  test.each(["SHOPIFY_API_KEY", "SHOPIFY_API_SECRET", "SHOPIFY_APP_URL", "CRM_ENCRYPTION_KEY"])(
    "a missing %s fails loudly and names it",
    (name) => {
      const env = Object.fromEntries(Object.entries(production).filter(([key]) => key !== name));
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(name);
    },
  );

  test("an invalid value names the variable and the problem", () => {
    expect(() => loadConfig({ ...production, CRM_ENCRYPTION_KEY: "short" })).toThrow(
      /CRM_ENCRYPTION_KEY: must be 32 bytes/,
    );
    expect(() => loadConfig({ ...production, DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL/);
  });

  test("demo mode needs no secrets and uses the public demo secret", () => {
    const config = loadConfig({ CRM_DEMO: "1" });
    expect(config.demo).toBe(true);
    expect(config.shopify.apiSecret).toBe(DEMO_API_SECRET);
    expect(config.database.url).toBeNull();
    expect(config.database.embeddedDataDir).toMatch(/\.data\/pglite$/);
  });

  test("demo mode is refused in production", () => {
    expect(() => loadConfig({ ...production, CRM_DEMO: "1" })).toThrow(/refused when NODE_ENV=production/);
  });

  test("the previous Shopify secret is optional, for the time of a change of the secret", () => {
    expect(loadConfig(production).shopify.previousApiSecret).toBeNull();
    expect(loadConfig({ ...production, SHOPIFY_API_SECRET_PREVIOUS: "old-secret" }).shopify.previousApiSecret).toBe("old-secret");
    expect(() => loadConfig({ ...production, SHOPIFY_API_SECRET_PREVIOUS: "" })).toThrow(/SHOPIFY_API_SECRET_PREVIOUS/);
  });

  test("a demo never overrides secrets that are set", () => {
    expect(loadConfig({ CRM_DEMO: "1", SHOPIFY_API_SECRET: "mine" }).shopify.apiSecret).toBe("mine");
  });
});
