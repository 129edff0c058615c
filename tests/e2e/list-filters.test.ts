import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { demoBaseUrl, setUpChromium } from "./support/browser";

// The lists' search and filters in Chromium, in German and English, on the shared demo shop:
// typing searches without a click, a filter pill applies at once, and an address with a value the
// list does not know says so in the merchant's language.

const browser = setUpChromium();
const baseUrl = demoBaseUrl();

const LANGUAGES = [
  {
    locale: "de-DE",
    customerSearch: "Nach Name, E-Mail, Telefon, Ort oder Bestellnummer suchen",
    orderSearch: "Nach Bestellnummer, Kundenname oder E-Mail suchen",
    paymentFilter: "Zahlungsstatus",
    paid: "Bezahlt",
    pill: "Zahlungsstatus: Bezahlt",
    clear: "Löschen",
    invalid: "„storniert“ ist als Zahlungsstatus ungültig und wurde nicht beachtet.",
    badDate: "„gestern“ ist als Startdatum ungültig und wurde nicht beachtet.",
  },
  {
    locale: "en-US",
    customerSearch: "Search by name, email, phone, city or order number",
    orderSearch: "Search by order number, customer name or email",
    paymentFilter: "Payment status",
    paid: "Paid",
    pill: "Payment status: Paid",
    clear: "Clear",
    invalid: "“storniert” is not a valid payment status and was ignored.",
    badDate: "“gestern” is not a valid start date and was ignored.",
  },
] as const;

async function open(locale: string, path: string): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
  const { context, page, errors } = await browser.openPage(locale);
  await page.goto(`${baseUrl}${path}`);
  return { page, errors, close: () => context.close() };
}

describe.each(LANGUAGES)("lists in Chromium ($locale)", (lang) => {
  test("typing a customer's name filters the customers list, without a click", async () => {
    const { page, errors, close } = await open(lang.locale, "/app/customers");
    const rows = page.locator('tr:has([data-testid="customer-row"])');
    await expect.poll(() => rows.count()).toBeGreaterThan(5);
    const before = await rows.count();
    const email = (await page.getByTestId("customer-email").first().innerText()).trim();
    expect(email).toContain("@");

    await page.getByPlaceholder(lang.customerSearch).pressSequentially(email, { delay: 20 });
    await page.waitForURL((url) => url.searchParams.get("q") === email, { timeout: 10_000 });
    await expect.poll(async () => (await page.getByTestId("customer-email").allInnerTexts()).map((text) => text.trim())).toEqual([email]);
    expect(before).toBeGreaterThan(1);
    expect(errors).toEqual([]);
    await close();
  });

  test("an order number typed into the orders search finds that order", async () => {
    const { page, errors, close } = await open(lang.locale, "/app/orders?sort=total");
    const names = page.locator('[data-testid="order-row"]');
    await expect.poll(() => names.count()).toBeGreaterThan(5);
    const name = (await names.nth(3).innerText()).split(/\s/)[0]!.trim();
    expect(name).toMatch(/^#\d+$/);
    await page.getByPlaceholder(lang.orderSearch).fill(name);
    await page.waitForURL((url) => url.searchParams.get("q") === name, { timeout: 10_000 });
    // The sort chosen before the search is kept.
    expect(new URL(page.url()).searchParams.get("sort")).toBe("total");
    await expect.poll(async () => (await names.allInnerTexts()).map((text) => text.split(/\s/)[0]!.trim())).toEqual([name]);
    expect(errors).toEqual([]);
    await close();
  });

  test("the payment status pill filters the orders at once and can be removed", async () => {
    const { page, errors, close } = await open(lang.locale, "/app/orders");
    const rows = page.locator('tr:has([data-testid="order-row"])');
    await expect.poll(() => rows.count()).toBeGreaterThan(5);

    await page.getByRole("button", { name: lang.paymentFilter, exact: true }).click();
    // The choice is shown as made once the filtered list has loaded: click, not check(); and only
    // once the filter's popover is open (a click while it opens goes nowhere).
    const paid = page.getByLabel(lang.paid, { exact: true });
    await paid.waitFor({ state: "visible", timeout: 20_000 });
    await paid.click({ force: true });
    await page.waitForURL(/status=paid/, { timeout: 20_000 });
    // Every row shown is paid, and the pill names the filter.
    await expect
      .poll(async () => {
        const texts = await rows.allInnerTexts();
        return texts.length > 0 && texts.every((text) => text.includes(lang.paid));
      })
      .toBe(true);
    await expect.poll(() => page.getByText(lang.pill, { exact: true }).isVisible()).toBe(true);
    // The pill's × removes the filter, again without a click on anything else.
    // A click while the filter's popover is still closing can go nowhere: clicked again until the
    // filter is gone from the URL.
    const filtered = () => new URL(page.url()).searchParams.has("status");
    await expect
      .poll(
        async () => {
          if (filtered()) await page.getByRole("button", { name: lang.clear, exact: true }).first().click({ force: true, timeout: 2_000 }).catch(() => undefined);
          return filtered();
        },
        { timeout: 20_000, interval: 1_000 },
      )
      .toBe(false);
    await expect.poll(() => page.getByText(lang.pill, { exact: true }).count()).toBe(0);
    expect(errors).toEqual([]);
    await close();
  });

  test("an unknown ?status= and a bad date are named in a banner; the rest applies", async () => {
    const { page, errors, close } = await open(lang.locale, "/app/orders?status=storniert&from=gestern&sort=total");
    await expect.poll(() => page.getByTestId("invalid-params").isVisible()).toBe(true);
    const banner = await page.getByTestId("invalid-params").innerText();
    expect(banner).toContain(lang.invalid);
    expect(banner).toContain(lang.badDate);
    const totals = (await page.getByTestId("order-total").evaluateAll((cells) => cells.map((cell) => Number(cell.getAttribute("data-minor")))));
    expect(totals.length).toBeGreaterThan(1);
    expect(totals.every((value, i) => i === 0 || value <= totals[i - 1]!)).toBe(true);
    expect(errors).toEqual([]);
    await close();
  });
});
