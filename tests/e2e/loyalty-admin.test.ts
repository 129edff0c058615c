import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { DEMO_API_SECRET } from "~/config/env.server";
import { DEMO_SHOP } from "~/demo/demo-shop";
import { replaceAll, shopifyFixture } from "../helpers/fixtures";
import { shopifyWebhookRequest } from "../helpers/shopify-webhooks";
import { hydrated, saveSettings, switchProgramOn } from "./support/admin-steps";
import { demoBaseUrl, setUpChromium } from "./support/browser";

// The loyalty program's admin in the demo (see support/global-setup.ts). The demo shop may or may
// not run a program yet: the first settings saved make one. Each test saves a new settings version
// and reads its number from the page, so the tests hold in any order and on any earlier state.

const browser = setUpChromium();
const baseUrl = demoBaseUrl();

const LANGUAGES = [
  {
    locale: "de-DE",
    nav: "Treueprogramm",
    settings: "Einstellungen",
    rate: "Punkte pro EUR",
    save: "Speichern",
    saved: /Version (\d+) gespeichert\./,
    version: (version: number) => `Einstellungen, Version ${version}`,
    wholeNumber: "Geben Sie eine ganze Zahl ein.",
    switchOn: "Einschalten",
    switchedOn: /Das Programm ist eingeschaltet \(Einstellungen, Version (\d+)\)\./,
    sort: "Sortieren nach",
    newestFirst: "Letzte Aktivität, neueste zuerst",
    newRate: "2",
  },
  {
    locale: "en-US",
    nav: "Loyalty",
    settings: "Settings",
    rate: "Points per EUR",
    save: "Save",
    saved: /Version (\d+) saved\./,
    version: (version: number) => `Settings version ${version}`,
    wholeNumber: "Enter a whole number.",
    switchOn: "Switch on",
    switchedOn: /The program is switched on \(settings version (\d+)\)\./,
    sort: "Sort by",
    newestFirst: "Last activity, newest first",
    newRate: "3",
  },
] as const;

type Language = (typeof LANGUAGES)[number];

async function openProgramPage(lang: Language): Promise<{ page: Page; errors: string[] }> {
  // A refused save answers 400 on purpose; the browser reports that as a failed resource.
  const { page, errors } = await browser.openPage(lang.locale, { ignoreErrors: [/status of 400/] });
  // Starts on another loyalty page, so the navigation entry is what leads to the program page.
  await page.goto(`${baseUrl}/app/loyalty/members`);
  await page.getByTestId("demo-nav").getByRole("link", { name: lang.nav, exact: true }).click();
  await page.waitForURL(/\/app\/loyalty$/);
  await expect.poll(() => page.getByTestId("demo-nav").locator(".Polaris-Navigation__Item--selected").innerText()).toBe(lang.nav);
  return { page, errors };
}

/** Saves the settings form with `rate` points per euro; the version number the page reports. */
async function saveRate(page: Page, lang: Language, rate: string): Promise<number> {
  const field = page.getByLabel(lang.rate, { exact: true });
  await field.fill(rate);
  const match = lang.saved.exec(await saveSettings(page, lang.save));
  expect(match).not.toBeNull();
  return Number(match![1]);
}

/** Sends a paid web order of a new customer, signed as Shopify signs, with today's times. */
async function sendPaidOrder(lastName: string): Promise<void> {
  const now = new Date().toISOString();
  const run = String(Date.now()).slice(-9);
  let body = shopifyFixture("orders/create").replace(/"2024-05-14T10:15:0\d\+02:00"/g, `"${now}"`);
  // Every id fresh (18 digits as Shopify's), so the order and its customer are new to the shop.
  body = body.replace(/(?<=": )(\d{6})\d{9}(\d{3})(?=[,\n])/g, (_id, head: string, tail: string) => `${head}${run}${tail}`);
  body = replaceAll(body, '"last_name": "Example"', `"last_name": "${lastName}"`);
  body = replaceAll(body, "ana.example@example.com", `ana.${run}@example.com`);
  body = replaceAll(body, "Ana.Example@Example.COM", `Ana.${run}@Example.COM`);
  const request = shopifyWebhookRequest({ topic: "orders/create", shop: DEMO_SHOP.domain, body, secret: DEMO_API_SECRET });
  const response = await fetch(`${baseUrl}/webhooks/orders/create`, { method: "POST", headers: request.headers, body });
  expect(response.status).toBe(200);
}

/** Switches the program on from today when it is off; the program page's status afterwards. */
async function switchOn(page: Page, lang: Language): Promise<void> {
  if (await switchProgramOn(page, lang.switchOn)) expect(await page.locator("body").innerText()).toMatch(lang.switchedOn);
}

describe("loyalty admin in Chromium", () => {
  test.each(LANGUAGES)("changes the points rate in the settings and saves a new version ($locale)", async (lang) => {
    const { page, errors } = await openProgramPage(lang);
    await page.getByRole("link", { name: lang.settings, exact: true }).first().click();
    await page.waitForURL(/\/app\/loyalty\/settings$/);
    await expect.poll(() => page.getByLabel(lang.rate, { exact: true }).isVisible()).toBe(true);
    await hydrated(page);

    // Text where a whole number belongs: the field says so in the merchant's language, nothing is saved.
    await page.getByLabel(lang.rate, { exact: true }).fill("zwei");
    await page.getByRole("button", { name: lang.save }).first().click();
    const fieldError = page.locator('[id="field-earning.pointsPerUnitError"]');
    await expect.poll(() => fieldError.isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await fieldError.innerText()).toContain(lang.wholeNumber);
    expect(await page.getByTestId("settings-invalid").isVisible()).toBe(true);

    const version = await saveRate(page, lang, lang.newRate);
    expect(version).toBeGreaterThanOrEqual(1);
    await page.reload();
    await hydrated(page);
    await expect.poll(() => page.getByLabel(lang.rate, { exact: true }).inputValue()).toBe(lang.newRate);
    expect(await page.locator("body").innerText()).toContain(lang.version(version));

    // The next save is the next version.
    expect(await saveRate(page, lang, "1")).toBe(version + 1);

    await page.goto(`${baseUrl}/app/loyalty`);
    await switchOn(page, lang);
    expect(await page.getByTestId("loyalty-version").innerText()).toMatch(/\d/);
    expect(await page.getByTestId("figure-liability").innerText()).toMatch(/€/);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test.each(LANGUAGES)("the members list shows a customer who earned points on a paid order ($locale)", async (lang) => {
    const { page, errors } = await openProgramPage(lang);
    await switchOn(page, lang);
    const lastName = `Treu${lang.locale.slice(0, 2)}${String(Date.now()).slice(-6)}`;
    await sendPaidOrder(lastName);

    await page.getByTestId("figure-members-link").getByRole("link").click();
    await page.waitForURL(/\/app\/loyalty\/members$/);
    // The demo's members may fill many pages; the newest activity comes first.
    await hydrated(page);
    await page.getByLabel(lang.sort, { exact: true }).selectOption({ label: lang.newestFirst });
    await page.waitForURL(/sort=lastActivity&dir=desc/);
    const row = page.locator('[data-testid="member-row"]', { hasText: lastName });
    // The order is processed by the queue, then the program's subscriber: reload until it is there.
    await expect
      .poll(
        async () => {
          await page.reload();
          return row.count();
        },
        { timeout: 60_000, interval: 1_000 },
      )
      .toBe(1);
    expect(await row.innerText()).toContain(`Ana ${lastName}`);
    const customerId = await row.getAttribute("data-customer-id");
    expect(await row.getByRole("link").getAttribute("href")).toBe(`/app/customers/${customerId}`);
    const tableRow = page.locator("tr", { has: row });
    expect(Number((await tableRow.getByTestId("member-balance").innerText()).replace(/\D/g, ""))).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
