import { describe, expect, test } from "vitest";
import { navigationIdle } from "./support/admin-steps";
import { demoBaseUrl, demoServerLog, setUpChromium } from "./support/browser";

// The newcomer's path, end to end: the demo app as `npm start` runs it (built, migrated, the demo
// shop fed through the signed webhook endpoints; started once for all browser tests, see
// support/global-setup.ts), then the admin in Chromium.

const browser = setUpChromium();
const baseUrl = demoBaseUrl();

describe("demo admin in Chromium", () => {
  test("shows the demo shop's customers in German, finds one by name and opens the customer 360", async () => {
    expect(demoServerLog()).toMatch(/Demo shop .*: \d+ customers, \d+ orders, \d+ products/);
    const { context, page } = await browser.openPage("de-DE");
    await page.goto(`${baseUrl}/app/customers`);

    await expect.poll(() => page.getByTestId("demo-banner").isVisible()).toBe(true);
    await expect.poll(() => page.getByRole("heading", { name: "Kunden" }).first().isVisible()).toBe(true);
    const rows = page.locator('tr:has([data-testid="customer-row"])');
    await expect.poll(() => rows.count()).toBeGreaterThan(5);

    const searchedName = (await rows.first().locator("a").first().innerText()).trim();
    expect(searchedName.length).toBeGreaterThan(2);
    // The search applies itself once typing pauses: no button, no Enter.
    await page.getByPlaceholder("Nach Name, E-Mail, Telefon, Ort oder Bestellnummer suchen").fill(searchedName);
    await page.waitForURL(/q=/);
    // Each word must match a row's name, email or city, case-insensitively ("Anna Weber" also finds
    // Johanna Weber). The URL can change before the filtered rows replace the full list, so the
    // list itself is polled until it holds the customer searched for and only rows that match.
    const words = searchedName.toLowerCase().split(/\s+/);
    await expect
      .poll(async () => {
        const texts = (await rows.allInnerTexts()).map((text) => text.toLowerCase());
        const names = await rows.locator("a").allInnerTexts();
        return (
          names.some((name) => name.trim() === searchedName) &&
          texts.every((text) => words.every((word) => text.includes(word)))
        );
      })
      .toBe(true);

    await rows.getByRole("link", { name: searchedName, exact: true }).first().click();
    await page.waitForURL(/\/app\/customers\/[0-9a-f-]{36}/);
    await expect.poll(() => page.getByTestId("timeline-event").count()).toBeGreaterThan(0);
    await context.close();
  });

  test("the home page shows what was synced through the webhooks", async () => {
    const { context, page } = await browser.openPage("en-US");
    await page.goto(`${baseUrl}/app`);
    const orders = Number((await page.getByTestId("count-orders").innerText()).replace(/\D/g, ""));
    expect(orders).toBeGreaterThanOrEqual(400);
    // The demo has no Shopify store to import from: the buttons say so instead of failing later.
    await expect.poll(() => page.getByRole("button", { name: "Import full history" }).isDisabled()).toBe(true);
    expect(await page.getByText("Not available in the demo").isVisible()).toBe(true);
    await context.close();
  });

  test.each([
    {
      locale: "de-DE",
      customers: "Kunden",
      orders: "Bestellungen",
      home: "Übersicht",
    },
    { locale: "en-US", customers: "Customers", orders: "Orders", home: "Home" },
  ])("the demo frame's navigation ($locale) leads to each page and marks the current one", async (lang) => {
    const { context, page, errors } = await browser.openPage(lang.locale);
    await page.goto(`${baseUrl}/app/customers`);
    const nav = page.getByTestId("demo-nav");
    await expect.poll(() => nav.getByRole("link", { name: lang.customers }).isVisible()).toBe(true);
    // Polaris' navigation, not a row of links: the current section is marked as Polaris marks it.
    expect(await nav.locator(".Polaris-Navigation__Item--selected").innerText()).toBe(lang.customers);
    await nav.getByRole("link", { name: lang.orders }).click();
    await page.waitForURL(/\/app\/orders$/);
    await expect.poll(() => nav.locator(".Polaris-Navigation__Item--selected").innerText()).toBe(lang.orders);
    await nav.getByRole("link", { name: lang.home }).click();
    await page.waitForURL(/\/app$/);
    await expect.poll(() => nav.locator(".Polaris-Navigation__Item--selected").innerText()).toBe(lang.home);
    expect(await page.getByTestId("demo-banner").isVisible()).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  test.each([
    {
      locale: "de-DE",
      title: "Seite nicht gefunden",
      home: "Zurück zur Übersicht",
      nav: "Kunden",
      path: "/app/settings",
    },
    {
      locale: "en-US",
      title: "Page not found",
      home: "Back to the overview",
      nav: "Customers",
      path: "/app/orders/9500/x",
    },
  ])("an unknown address under /app ($locale) is a Polaris 404 page with the navigation", async (lang) => {
    // The browser reports the document's own 404 status as a failed resource; that is the point.
    const { context, page, errors } = await browser.openPage(lang.locale, { ignoreErrors: [/status of 404/] });
    const logBefore = demoServerLog().length;
    const response = await page.goto(`${baseUrl}${lang.path}`);
    expect(response?.status()).toBe(404);
    await expect.poll(() => page.getByRole("heading", { name: lang.title }).isVisible()).toBe(true);
    expect(await page.getByTestId("not-found").isVisible()).toBe(true);
    const nav = page.getByTestId("demo-nav");
    expect(await nav.getByRole("link", { name: lang.nav }).isVisible()).toBe(true);
    // The page is hydrated (client navigation works) and the link back leads home.
    await page.getByRole("link", { name: lang.home }).click();
    await page.waitForURL(/\/app$/);
    await page.goBack();
    await page.waitForURL(new RegExp(`${lang.path}$`));
    // The address changes before the page's data has loaded; a click before that interrupts the
    // navigation back (the browser logs the aborted one), which is not what this test is about.
    await expect.poll(() => page.getByTestId("not-found").isVisible()).toBe(true);
    await navigationIdle(page);
    await nav.getByRole("link", { name: lang.nav }).click();
    await page.waitForURL(/\/app\/customers$/);
    expect(errors).toEqual([]);
    // Not a server error: nothing about it in the server's log (no stack trace, no error line).
    expect(demoServerLog().slice(logBefore)).not.toMatch(/error|\n\s+at /i);
    await context.close();
  });

  test.each([
    {
      locale: "de-DE",
      total: "Summe",
      count: /^[\d.]+ gefunden$/,
      invalid: "Ein Teil der Adresse wurde nicht verstanden",
    },
    {
      locale: "en-US",
      total: "Total",
      count: /^[\d,]+ found$/,
      invalid: "Part of the address was not understood",
    },
  ])("the orders list ($locale) counts all orders, sorts by a column click and names invalid values", async (lang) => {
    const { context, page, errors } = await browser.openPage(lang.locale);
    await page.goto(`${baseUrl}/app/orders`);
    await expect.poll(() => page.getByText(lang.count).isVisible()).toBe(true);
    const total = Number((await page.getByText(lang.count).innerText()).replace(/\D/g, ""));
    expect(total).toBeGreaterThanOrEqual(400);
    const totals = async () =>
      (
        await page
          .getByTestId("order-total")
          .evaluateAll((cells) => cells.map((cell) => cell.getAttribute("data-minor")))
      ).map(Number);
    const sorted = (values: number[], direction: 1 | -1) =>
      values.every((value, i) => i === 0 || (value - values[i - 1]!) * direction >= 0);
    // By date (newest first) the totals are in no order; sorted by the column they are.
    expect(sorted(await totals(), -1)).toBe(false);

    await page.getByRole("button", { name: lang.total }).click();
    await page.waitForURL(/sort=total/);
    await expect.poll(async () => sorted(await totals(), -1), { timeout: 10_000 }).toBe(true);
    await page.getByRole("button", { name: lang.total }).click();
    await page.waitForURL(/dir=asc/);
    await expect.poll(async () => sorted(await totals(), 1), { timeout: 10_000 }).toBe(true);
    const smallest = (await totals())[0]!;
    // The next page keeps the sort.
    await page.locator("#nextURL").click();
    await page.waitForURL(/page=2/);
    expect(page.url()).toMatch(/sort=total/);
    expect(page.url()).toMatch(/dir=asc/);
    await expect
      .poll(async () => (await totals())[0]! >= smallest && sorted(await totals(), 1), { timeout: 10_000 })
      .toBe(true);

    await page.goto(`${baseUrl}/app/orders?status=storniert&sort=total`);
    await expect
      .poll(() => page.getByTestId("invalid-params").innerText(), {
        timeout: 10_000,
      })
      .toContain(lang.invalid);
    expect(await page.getByTestId("invalid-params").innerText()).toContain("status");
    // The valid part still applies: sorted by total, biggest first.
    expect(page.url()).toMatch(/sort=total/);
    await expect.poll(async () => sorted(await totals(), -1), { timeout: 10_000 }).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  test.each([
    { locale: "de-DE", revenue: "Umsatz", count: /^[\d.]+ gefunden$/ },
    { locale: "en-US", revenue: "Total spent", count: /^[\d,]+ found$/ },
  ])("the customers list ($locale) counts its customers and sorts by revenue", async (lang) => {
    const { context, page, errors } = await browser.openPage(lang.locale);
    await page.goto(`${baseUrl}/app/customers`);
    await expect.poll(() => page.getByText(lang.count).isVisible()).toBe(true);
    expect(Number((await page.getByText(lang.count).innerText()).replace(/\D/g, ""))).toBeGreaterThanOrEqual(100);
    const revenue = async () =>
      (
        await page
          .getByTestId("customer-revenue")
          .evaluateAll((cells) => cells.map((cell) => cell.getAttribute("data-minor")))
      ).map(Number);
    const sorted = (values: number[], direction: 1 | -1) =>
      values.every((value, i) => i === 0 || (value - values[i - 1]!) * direction >= 0);
    expect(sorted(await revenue(), -1)).toBe(false);
    await page.getByRole("button", { name: lang.revenue }).click();
    await page.waitForURL(/sort=revenue/);
    await expect.poll(async () => sorted(await revenue(), -1), { timeout: 10_000 }).toBe(true);
    await page.getByRole("button", { name: lang.revenue }).click();
    await page.waitForURL(/dir=asc/);
    await expect.poll(async () => sorted(await revenue(), 1), { timeout: 10_000 }).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});
