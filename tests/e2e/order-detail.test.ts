import { describe, expect, test } from "vitest";
import { demoBaseUrl, setUpChromium } from "./support/browser";

// The order page in the demo admin (see support/global-setup.ts): reached from the orders list,
// with a partly refunded order so that every section has something to show.

const browser = setUpChromium();
const baseUrl = demoBaseUrl();

const LANGUAGES = [
  {
    locale: "de-DE",
    items: "Artikel",
    refunds: "Erstattungen",
    status: "Teilweise erstattet",
    countries: /Deutschland|Österreich|Schweiz/,
    demoNote: "Der Demo-Shop ist kein echter Shopify-Shop",
    openInShopify: "Im Shopify-Admin öffnen",
    notFound: "Bestellung nicht gefunden",
  },
  {
    locale: "en-US",
    items: "Items",
    refunds: "Refunds",
    status: "Partially refunded",
    countries: /Germany|Austria|Switzerland/,
    demoNote: "The demo shop is not a real Shopify store",
    openInShopify: "Open in Shopify admin",
    notFound: "Order not found",
  },
] as const;

describe("order page in Chromium", () => {
  test.each(LANGUAGES)("opens a refunded order from the list ($locale) and leads on to its customer", async (lang) => {
    const { context, page, errors } = await browser.openPage(lang.locale);
    await page.goto(`${baseUrl}/app/orders?status=partially_refunded`);
    const orderLinks = page.locator('[data-testid="order-row"] a');
    await expect.poll(() => orderLinks.count()).toBeGreaterThan(0);
    const orderName = (await orderLinks.first().innerText()).trim();
    await orderLinks.first().click();
    await page.waitForURL(/\/app\/orders\/[0-9a-f-]{36}$/);

    await expect.poll(() => page.getByRole("heading", { name: orderName }).first().isVisible()).toBe(true);
    expect(await page.getByTestId("order-financial-status").innerText()).toBe(lang.status);
    expect(await page.getByRole("heading", { name: lang.items, exact: true }).isVisible()).toBe(true);
    expect(await page.getByTestId("line-item-title").count()).toBeGreaterThan(0);
    expect(await page.getByRole("heading", { name: lang.refunds, exact: true }).isVisible()).toBe(true);
    expect(await page.getByTestId("order-refund").count()).toBeGreaterThan(0);
    // A refund line names an item of the order.
    const itemTitles = await page.getByTestId("line-item-title").allInnerTexts();
    const refundLine = await page.getByTestId("refund-line").first().innerText();
    expect(itemTitles.some((title) => refundLine.includes(title))).toBe(true);
    expect(await page.getByTestId("order-shipping-address").innerText()).toMatch(lang.countries);
    expect(await page.getByTestId("order-timeline-event").count()).toBeGreaterThanOrEqual(2);
    // The demo shop has no page in Shopify's admin: the link is there, disabled, and says why.
    expect(await page.getByRole("button", { name: lang.openInShopify }).isDisabled()).toBe(true);
    expect(await page.getByTestId("shopify-link-demo-note").innerText()).toContain(lang.demoNote);

    await page.getByTestId("order-customer").getByRole("link").click();
    await page.waitForURL(/\/app\/customers\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByTestId("customer-order").allInnerTexts()).toContain(orderName);
    expect(errors).toEqual([]);
    await context.close();
  });

  test.each(LANGUAGES)("an address that names no order is a 404 page in the admin's language ($locale)", async (lang) => {
    const { context, page } = await browser.openPage(lang.locale);
    for (const id of ["not-a-uuid", "0193a0c4-0000-7000-8000-000000000000"]) {
      const response = await page.goto(`${baseUrl}/app/orders/${id}`);
      expect(response?.status()).toBe(404);
      await expect.poll(() => page.getByRole("heading", { name: lang.notFound }).isVisible()).toBe(true);
      expect(await page.getByTestId("order-not-found").isVisible()).toBe(true);
    }
    await context.close();
  });
});
