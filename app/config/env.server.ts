import path from "node:path";
import { z } from "zod";

// The one place configuration is read. Everything else receives a typed AppConfig.

const DEMO_API_KEY = "demo-api-key";
// Public on purpose: demo mode signs its own webhooks with it and is refused in production.
export const DEMO_API_SECRET = "demo-shared-secret-not-for-production";
const DEMO_ENCRYPTION_KEY = "ZGVtby1lbmNyeXB0aW9uLWtleS0zMi1ieXRlcy0hISE="; // 32 bytes, base64

const flag = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .optional()
  .transform((value) => value === "1" || value === "true" || value === "yes");

const encryptionKey = z.string().refine((value) => Buffer.from(value, "base64").length === 32, "must be 32 bytes, base64");

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  CRM_DEMO: flag,
  SHOPIFY_API_KEY: z.string().min(1).optional(),
  SHOPIFY_API_SECRET: z.string().min(1).optional(),
  // During a change of the app's secret: webhooks signed with the one before are still accepted.
  SHOPIFY_API_SECRET_PREVIOUS: z.string().min(1).optional(),
  SHOPIFY_APP_URL: z.url().optional(),
  SCOPES: z.string().optional(),
  SHOP_CUSTOM_DOMAIN: z.string().optional(),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL").optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  CRM_DATA_DIR: z.string().min(1).default(".data"),
  CRM_ENCRYPTION_KEY: encryptionKey.optional(),
  // During a key change: the key the stored secrets were sealed with until now.
  CRM_ENCRYPTION_KEY_PREVIOUS: encryptionKey.optional(),
  CRM_IN_PROCESS_WORKER: flag.default(true),
  CRM_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  // A smaller demo history (e.g. for the browser test); defaults give the full two-year shop.
  CRM_DEMO_CUSTOMERS: z.coerce.number().int().min(1).optional(),
  CRM_DEMO_ORDERS: z.coerce.number().int().min(1).optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  // At least Shopify's 48-hour retry window twice over: a delivery's row is its dedupe key.
  CRM_RETENTION_DAYS: z.coerce.number().int().min(4).max(3650).default(7),
  // The members' e-mail notices go out through this server; unset, they are only recorded.
  CRM_SMTP_URL: z.string().regex(/^smtps?:\/\/[^/]/, "must be an smtp:// or smtps:// URL").optional(),
  CRM_MAIL_FROM: z.email().optional(),
});

export const DEFAULT_SCOPES = [
  "read_customers",
  "write_customers",
  "read_orders",
  "read_all_orders",
  "read_products",
  "write_discounts",
  "write_app_proxy",
];

export interface AppConfig {
  nodeEnv: "development" | "production" | "test";
  demo: boolean;
  demoSize: { customers?: number; orders?: number };
  shopify: {
    apiKey: string;
    apiSecret: string;
    /** The secret before a change of it, still accepted on webhooks; null outside a change. */
    previousApiSecret: string | null;
    appUrl: string;
    scopes: string[];
  };
  database: { url: string | null; poolSize: number; embeddedDataDir: string };
  encryptionKey: Buffer;
  /** Keys that open (but no longer seal) stored secrets, during a key change. */
  previousEncryptionKeys: Buffer[];
  worker: { inProcess: boolean; concurrency: number };
  /** Days processed webhook deliveries and finished jobs are kept. */
  retentionDays: number;
  /** Where the members' e-mail notices are sent through; null: recorded, never sent (always in demo mode). */
  mail: { smtpUrl: string; from: string } | null;
  port: number;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

function mailSettings(e: z.infer<typeof envSchema>): AppConfig["mail"] {
  // The demo shop's customers are made up: nothing of it may reach a mail server.
  if (e.CRM_DEMO || !e.CRM_SMTP_URL) return null;
  if (!e.CRM_MAIL_FROM) throw new ConfigError("Missing CRM_MAIL_FROM: the sender address of the e-mail notices, needed with CRM_SMTP_URL.");
  return { smtpUrl: e.CRM_SMTP_URL, from: e.CRM_MAIL_FROM };
}

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid environment:\n  ${problems.join("\n  ")}`);
  }
  const e = parsed.data;
  if (e.CRM_DEMO && e.NODE_ENV === "production") {
    throw new ConfigError(
      "CRM_DEMO is refused when NODE_ENV=production: demo mode signs webhooks with a public secret.",
    );
  }
  const missing = (name: string) =>
    new ConfigError(`Missing ${name}: set it in the environment (or run the demo with CRM_DEMO=1).`);
  const requireSetting = (name: keyof typeof e, demoDefault: string): string => {
    const value = e[name];
    if (typeof value === "string" && value !== "") return value;
    if (e.CRM_DEMO) return demoDefault;
    throw missing(name);
  };
  return {
    nodeEnv: e.NODE_ENV,
    demo: e.CRM_DEMO,
    demoSize: {
      ...(e.CRM_DEMO_CUSTOMERS ? { customers: e.CRM_DEMO_CUSTOMERS } : {}),
      ...(e.CRM_DEMO_ORDERS ? { orders: e.CRM_DEMO_ORDERS } : {}),
    },
    shopify: {
      apiKey: requireSetting("SHOPIFY_API_KEY", DEMO_API_KEY),
      apiSecret: requireSetting("SHOPIFY_API_SECRET", DEMO_API_SECRET),
      previousApiSecret: e.SHOPIFY_API_SECRET_PREVIOUS ?? null,
      appUrl: requireSetting("SHOPIFY_APP_URL", `http://localhost:${e.PORT}`),
      scopes: e.SCOPES ? e.SCOPES.split(",").map((scope) => scope.trim()) : DEFAULT_SCOPES,
    },
    database: {
      url: e.DATABASE_URL ?? null,
      poolSize: e.DATABASE_POOL_SIZE,
      embeddedDataDir: path.resolve(e.CRM_DATA_DIR, "pglite"),
    },
    encryptionKey: Buffer.from(requireSetting("CRM_ENCRYPTION_KEY", DEMO_ENCRYPTION_KEY), "base64"),
    previousEncryptionKeys: e.CRM_ENCRYPTION_KEY_PREVIOUS ? [Buffer.from(e.CRM_ENCRYPTION_KEY_PREVIOUS, "base64")] : [],
    worker: { inProcess: e.CRM_IN_PROCESS_WORKER, concurrency: e.CRM_WORKER_CONCURRENCY },
    retentionDays: e.CRM_RETENTION_DAYS,
    mail: mailSettings(e),
    port: e.PORT,
  };
}
