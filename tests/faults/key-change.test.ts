import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScratchDatabase, type ScratchDatabase } from "~/db/scratch-database.server";
import { SecretBox } from "~/security/secret-box.server";
import { appEnv, ensureRemixBuild, freePort, startAppProcess, type AppProcess } from "./support/app-process";
import {
  acknowledged,
  demoOrderBodies,
  FAULT_SHOP,
  installFaultShop,
  newPool,
  sendBurst,
  sendDelivery,
  waitForProcessed,
} from "./support/deliveries";
import { report } from "./support/report";

// Fault 3: the server is started with a CRM_ENCRYPTION_KEY that did not seal the stored secrets
// (decision 16). It must refuse to start and say which setting and how to rotate; with the old
// key as CRM_ENCRYPTION_KEY_PREVIOUS it starts and seals everything anew. The compliance webhooks
// must not depend on a readable session: they are the one thing Shopify requires of an app even
// when its tokens are gone.

const SERVER_URL = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const OLD_KEY = randomBytes(32);
const NEW_KEY = randomBytes(32);

let scratch: ScratchDatabase;
let pool: pg.Pool;
const servers: AppProcess[] = [];

beforeAll(async () => {
  scratch = await createScratchDatabase(SERVER_URL, "crm_faults");
  await installFaultShop(scratch.connectionString, OLD_KEY.toString("base64"));
  pool = newPool(scratch.connectionString);
});

afterAll(async () => {
  for (const server of servers) await server.kill("SIGKILL");
  await pool?.end();
  await scratch?.drop();
});

async function start(keys: Record<string, string>): Promise<AppProcess> {
  const server = startAppProcess(appEnv(scratch.connectionString, await freePort(), keys));
  servers.push(server);
  return server;
}

/** Every sealed secret in the store: the shop's token and the sessions' tokens. */
async function sealedSecrets(): Promise<string[]> {
  const { rows } = await pool.query<{ sealed: string }>(
    `SELECT "accessTokenEncrypted" AS sealed FROM "Shop" WHERE "accessTokenEncrypted" IS NOT NULL
     UNION ALL SELECT "accessToken" FROM "Session" WHERE "accessToken" LIKE 'v1:%'`,
  );
  return rows.map((row) => row.sealed);
}

const opens = (box: SecretBox, sealed: string) => {
  try {
    return box.openWithKey(sealed).current;
  } catch {
    return false;
  }
};

describe("the encryption key changed", () => {
  it("refuses to start with a key that cannot open the stored secrets, starts and rotates with the previous key set", async () => {
    const secretsBefore = await sealedSecrets();
    expect(secretsBefore.length).toBeGreaterThanOrEqual(2);

    ensureRemixBuild(); // outside the time to refuse
    const startedAt = performance.now();
    const wrong = await start({ CRM_ENCRYPTION_KEY: NEW_KEY.toString("base64") });
    const exitCode = await wrong.exited;
    const refusedS = (performance.now() - startedAt) / 1000;
    const refusal = wrong.log();

    const rotating = await start({
      CRM_ENCRYPTION_KEY: NEW_KEY.toString("base64"),
      CRM_ENCRYPTION_KEY_PREVIOUS: OLD_KEY.toString("base64"),
    });
    await rotating.listening;
    const resealedLine = /Sealed (\d+) stored secrets/.exec(rotating.log());
    await rotating.kill("SIGTERM");
    const secretsAfter = await sealedSecrets();
    const newOnly = new SecretBox(NEW_KEY);
    const oldOnly = new SecretBox(OLD_KEY);

    // The previous key can go now: a start with the new key alone succeeds.
    const rotated = await start({ CRM_ENCRYPTION_KEY: NEW_KEY.toString("base64") });
    await rotated.listening;
    await rotated.kill("SIGTERM");

    report("key changed", [
      `checked: ${secretsBefore.length} stored secrets sealed with the old key; start with a new CRM_ENCRYPTION_KEY refused (exit code, message names the setting and CRM_ENCRYPTION_KEY_PREVIOUS); start with the old key as CRM_ENCRYPTION_KEY_PREVIOUS seals them anew; then the new key alone starts`,
      `refused with exit code ${exitCode} after ${refusedS.toFixed(1)} s: ${refusal.trim().split("\n").at(-1)}`,
      `rotation start: "${resealedLine?.[0] ?? "no resealing logged"}"; afterwards ${secretsAfter.filter((sealed) => opens(newOnly, sealed)).length} of ${secretsAfter.length} open with the new key alone, ${secretsAfter.filter((sealed) => opens(oldOnly, sealed)).length} with the old`,
    ]);

    expect(exitCode).not.toBe(0);
    expect(refusal).not.toMatch(/CRM listening/);
    expect(refusal).toMatch(/CRM_ENCRYPTION_KEY cannot open/);
    expect(refusal).toMatch(/CRM_ENCRYPTION_KEY_PREVIOUS/);
    expect(Number(resealedLine?.[1])).toBe(secretsBefore.length);
    expect(secretsAfter).toHaveLength(secretsBefore.length);
    expect(secretsAfter.every((sealed) => opens(newOnly, sealed))).toBe(true);
    expect(secretsAfter.some((sealed) => opens(oldOnly, sealed))).toBe(false);
  });

  it("processes customers/redact and shop/redact when no stored token or session can be opened", async () => {
    // Both keys: the test holds whether or not the rotation test ran before it.
    const server = await start({
      CRM_ENCRYPTION_KEY: NEW_KEY.toString("base64"),
      CRM_ENCRYPTION_KEY_PREVIOUS: OLD_KEY.toString("base64"),
    });
    await server.listening;
    const orders = await sendBurst(server.baseUrl, demoOrderBodies(40), { concurrency: 4 });
    expect((await waitForProcessed(pool, orders.filter(acknowledged), 60_000)).complete).toBe(true);

    // The key changes under the running server (another process rotated, or a token was
    // tampered with): from here on no stored secret opens with the server's keys.
    const foreign = new SecretBox(randomBytes(32));
    await pool.query(`UPDATE "Shop" SET "accessTokenEncrypted" = $1`, [foreign.seal("shpat_unreadable")]);
    await pool.query(`UPDATE "Session" SET "accessToken" = $1`, [foreign.seal("shpat_unreadable")]);

    const { rows } = await pool.query<{ customer: string; email: string | null; phone: string | null; orders: string[] }>(
      `SELECT c."platformId" AS customer, c.email, c.phone, array_agg(o."platformId") AS orders
         FROM "Customer" c JOIN "Order" o ON o."customerId" = c.id
        WHERE c."platformId" IS NOT NULL GROUP BY c.id ORDER BY count(*) DESC LIMIT 1`,
    );
    const person = rows[0]!;
    // Ids are written as bare JSON numbers, as Shopify sends them (64-bit: built as text).
    const customerRedact = `{"shop_id":954889123456789,"shop_domain":"${FAULT_SHOP}","customer":{"id":${person.customer},"email":${JSON.stringify(person.email)},"phone":${JSON.stringify(person.phone)}},"orders_to_redact":[${person.orders.join(",")}]}`;
    const shopRedact = `{"shop_id":954889123456789,"shop_domain":"${FAULT_SHOP}"}`;

    const redactCustomer = await sendDelivery(server.baseUrl, "customers/redact", customerRedact);
    const customerDone = await waitFor(async () => {
      const done = await pool.query(
        `SELECT 1 FROM "PrivacyRequest" WHERE kind = 'CUSTOMER_REDACT' AND "completedAt" IS NOT NULL`,
      );
      return done.rowCount === 1;
    }, 60_000);
    const customerLeft = await pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM "Customer" WHERE "platformId" = $1 OR email = $2`,
      [person.customer, person.email],
    );
    const redactShop = await sendDelivery(server.baseUrl, "shop/redact", shopRedact);
    const shopDone = await waitFor(async () => {
      const done = await pool.query(`SELECT 1 FROM "PrivacyRequest" WHERE kind = 'SHOP_REDACT' AND "completedAt" IS NOT NULL`);
      return done.rowCount === 1;
    }, 60_000);
    const shopLeft = await pool.query<{ shops: string; orders: string }>(
      `SELECT (SELECT count(*) FROM "Shop") AS shops, (SELECT count(*) FROM "Order") AS orders`,
    );
    // Scheduled jobs (the daily retention) wait in QUEUED: only a failure counts.
    const failedJobs = await pool.query<{ n: string; kinds: string[] | null }>(
      `SELECT count(*) AS n, array_agg(DISTINCT kind) AS kinds FROM "Job" WHERE status = 'DEAD' OR "lastError" IS NOT NULL`,
    );
    await server.kill("SIGTERM");

    report("compliance webhooks without a readable session", [
      `checked: stored token and sessions sealed with a foreign key under the running server; customers/redact (customer with ${person.orders.length} orders) and shop/redact acknowledged and completed, no job failed`,
      `customers/redact answered ${redactCustomer.status}, complete after ${customerDone.toFixed(1)} s, customer rows left ${customerLeft.rows[0]!.n}`,
      `shop/redact answered ${redactShop.status}, complete after ${shopDone.toFixed(1)} s, shops left ${shopLeft.rows[0]!.shops}, orders left ${shopLeft.rows[0]!.orders}; jobs failed ${failedJobs.rows[0]!.n} ${JSON.stringify(failedJobs.rows[0]!.kinds ?? [])}`,
    ]);

    expect(redactCustomer.status).toBe(200);
    expect(redactShop.status).toBe(200);
    expect(customerDone).toBeGreaterThanOrEqual(0);
    expect(shopDone).toBeGreaterThanOrEqual(0);
    expect(Number(customerLeft.rows[0]!.n)).toBe(0);
    expect(Number(shopLeft.rows[0]!.shops)).toBe(0);
    expect(Number(shopLeft.rows[0]!.orders)).toBe(0);
    expect(Number(failedJobs.rows[0]!.n)).toBe(0);
  });
});

/** Seconds until `check` holds; -1 when it did not within `timeoutMs`. */
async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if (await check()) return (performance.now() - started) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return -1;
}
