import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { DEMO_API_SECRET } from "~/config/env.server";
import { DEMO_SHOP } from "~/demo/demo-shop";
import { replaceAll, shopifyFixture } from "../helpers/fixtures";
import { shopifyWebhookRequest } from "../helpers/shopify-webhooks";
import { demoBaseUrl, demoServerLog, setUpChromium } from "./support/browser";

// The webhook problems page in the demo admin (see support/global-setup.ts). A delivery the
// database refuses (a NUL character in a customer's name, as Shopify may send it) comes in through
// the signed endpoint like any other; the page explains it and re-runs it. Nothing fixes a NUL
// character between two runs, so each re-run is seen in the server's log: the delivery's job runs
// again and is refused again, and the delivery stays listed.

const browser = setUpChromium();
const baseUrl = demoBaseUrl();

/** Sends a customers/create delivery with a NUL character in the first name, signed as Shopify signs. */
async function sendCustomerWithNul(): Promise<void> {
  const id = `7064055069${String(Date.now()).slice(-9)}`;
  const body = replaceAll(shopifyFixture("customers/create"), '"first_name": "Dana",', '"first_name": "Da\\u0000na",').replace(/"id": \d+/, `"id": ${id}`);
  const request = shopifyWebhookRequest({ topic: "customers/create", shop: DEMO_SHOP.domain, body, secret: DEMO_API_SECRET });
  const response = await fetch(`${baseUrl}/webhooks/customers/create`, { method: "POST", headers: request.headers, body });
  expect(response.status).toBe(200);
}

/** How often a delivery's job has been refused by the database at its first attempt (each run and re-run). */
const refusedRuns = () => demoServerLog().match(/\(webhook\.process\) attempt 1 failed, dead: The database refused the data/g)?.length ?? 0;

async function openPage(locale: string): Promise<{ page: Page; errors: string[] }> {
  const { page, errors } = await browser.openPage(locale);
  await page.goto(`${baseUrl}/app/deliveries`);
  return { page, errors };
}

const refusedGroup = (page: Page) => page.locator('[data-testid="problem-group"][data-topic="customers/create"][data-reason="invalidText"]');

describe("webhook problems page", () => {
  test("with nothing waiting (de), it says all webhooks are processed; the navigation leads there", async () => {
    const { context, page, errors } = await browser.openPage("de-DE");
    await page.goto(`${baseUrl}/app`);
    const nav = page.getByTestId("demo-nav");
    await nav.getByRole("link", { name: "Webhook-Probleme" }).click();
    await page.waitForURL(/\/app\/deliveries$/);
    await expect.poll(() => page.getByTestId("deliveries-empty").isVisible()).toBe(true);
    expect(await page.getByTestId("deliveries-empty").innerText()).toContain("Alle Webhooks verarbeitet");
    expect(await nav.locator(".Polaris-Navigation__Item--selected").innerText()).toBe("Webhook-Probleme");
    expect(await page.getByTestId("deliveries-banner").count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  test("in German, a refused delivery is explained in plain words and re-run by its button", async () => {
    const before = refusedRuns();
    await sendCustomerWithNul();
    await expect.poll(refusedRuns, { timeout: 30_000 }).toBe(before + 1);

    const { page, errors } = await openPage("de-DE");
    await expect.poll(() => refusedGroup(page).isVisible()).toBe(true);
    const group = await refusedGroup(page).innerText();
    expect(group).toContain("Kunde angelegt: Text, den die Datenbank nicht speichern kann");
    expect(group).toContain("Nullzeichen");
    expect(group).toMatch(/Alle dieser Art erneut verarbeiten \(\d+\)/);

    const row = page.locator('tr:has([data-testid="problem-row"])').first();
    expect(await row.innerText()).toContain("Kunde angelegt");
    expect(await row.innerText()).toContain("Zurückgestellt, wartet auf Behebung");
    await row.getByText("Technische Details").click();
    await expect.poll(() => row.getByTestId("problem-error").innerText()).toMatch(/SQLSTATE 22\w{3}/);

    await row.getByRole("button", { name: "Erneut verarbeiten" }).click();
    await expect.poll(() => page.getByTestId("rerun-outcome").isVisible()).toBe(true);
    expect(await page.getByTestId("rerun-outcome").innerText()).toContain("Erneute Verarbeitung gestartet, eingereihte Zustellungen: 1.");
    // Its job ran again, and the database refused the same text again: it is listed again.
    await expect.poll(refusedRuns, { timeout: 30_000 }).toBe(before + 2);
    await page.reload();
    await expect.poll(() => refusedGroup(page).isVisible()).toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test("in English, all deliveries of a kind are re-run at once; the home page points to them", async () => {
    const parked = refusedRuns();
    await sendCustomerWithNul();
    await expect.poll(refusedRuns, { timeout: 30_000 }).toBe(parked + 1);
    const { page, errors } = await openPage("en-US");
    await expect.poll(() => refusedGroup(page).isVisible()).toBe(true);
    const group = await refusedGroup(page).innerText();
    expect(group).toContain("Customer created: Text the database cannot store");
    const count = Number(/Affected deliveries: (\d+)/.exec(group)![1]);
    // This test's delivery and the one the German test left parked.
    expect(count).toBeGreaterThanOrEqual(2);
    const before = refusedRuns();

    await refusedGroup(page).getByRole("button", { name: `Re-run all of this kind (${count})` }).click();
    await expect.poll(() => page.getByTestId("rerun-outcome").innerText()).toContain(`Re-run started, deliveries queued: ${count}.`);
    await expect.poll(refusedRuns, { timeout: 30_000 }).toBe(before + count);

    await page.goto(`${baseUrl}/app`);
    await expect.poll(() => page.getByTestId("deliveries-banner").innerText()).toMatch(/Webhook deliveries waiting for a fix: \d+/);
    await page.getByTestId("deliveries-banner").getByRole("link", { name: "Show webhook problems" }).click();
    await page.waitForURL(/\/app\/deliveries$/);
    await expect.poll(() => refusedGroup(page).isVisible()).toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
