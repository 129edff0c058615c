import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { DEFAULT_SCOPES } from "~/config/env.server";
import { SHOPIFY_API_VERSION } from "~/platforms/shopify/api-version";
import { SHOPIFY_WEBHOOK_TOPICS } from "~/platforms/shopify/map-webhook";
import { WEBHOOK_PATHS, webhookPath } from "~/platforms/shopify/webhook-intake.server";

const root = path.resolve(import.meta.dirname, "../../..");
const toml = z
  .object({
    access_scopes: z.object({ scopes: z.string() }),
    webhooks: z.object({
      api_version: z.string(),
      subscriptions: z.array(
        z.object({
          topics: z.array(z.string()).optional(),
          compliance_topics: z.array(z.string()).optional(),
          uri: z.string(),
        }),
      ),
    }),
  })
  .parse(parse(readFileSync(path.join(root, "shopify.app.toml"), "utf8")));

const COMPLIANCE_TOPICS = ["customers/data_request", "customers/redact", "shop/redact"];

describe("shopify.app.toml agrees with the code", () => {
  test("one API version everywhere", () => {
    expect(toml.webhooks.api_version).toBe(SHOPIFY_API_VERSION);
  });

  test("the scopes requested are the ones the app asks for at runtime", () => {
    expect(toml.access_scopes.scopes.split(",")).toEqual(DEFAULT_SCOPES);
  });

  test.each(SHOPIFY_WEBHOOK_TOPICS)("%s is subscribed to its own route", (topic) => {
    const subscription = toml.webhooks.subscriptions.find(
      (entry) => entry.topics?.includes(topic) || entry.compliance_topics?.includes(topic),
    );
    expect(subscription?.uri).toBe(webhookPath(topic));
    const isCompliance = COMPLIANCE_TOPICS.includes(topic);
    expect(subscription?.compliance_topics?.includes(topic) ?? false).toBe(isCompliance);
    expect(WEBHOOK_PATHS).toContain(webhookPath(topic));
  });

  test("every subscription is a topic the app maps", () => {
    const subscribed = toml.webhooks.subscriptions.flatMap((entry) => [
      ...(entry.topics ?? []),
      ...(entry.compliance_topics ?? []),
    ]);
    expect([...subscribed].sort()).toEqual([...SHOPIFY_WEBHOOK_TOPICS].sort());
  });
});
