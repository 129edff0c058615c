import { describe, expect, test } from "vitest";
import { demoBaseUrl, setUpChromium } from "./support/browser";

// The cross-sell block "Frequently bought together" on the demo storefront (see
// support/global-setup.ts), in Chromium: it holds its place while it loads, shows products for
// the product page (automatic pairs once the demo's orders have built them, the shop's
// bestsellers otherwise: the test holds either way), reports them seen, adds the chosen ones
// through the Ajax Cart API with the hidden line property _crm_rec, and the order placed from the
// cart names, in the admin, the product whose block added each line.

const browser = setUpChromium();
const baseUrl = demoBaseUrl();

interface AjaxCart {
  item_count: number;
  items: Array<{ properties: Record<string, string> }>;
}

describe("cross-sell block on the demo storefront", () => {
  test("German: shows products without moving the page, adds the chosen ones, the order is attributed", async () => {
    const { context, page, errors } = await browser.openPage("de-DE");
    // The block's request waits until the skeleton is measured.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/apps\/crm\/recommendations\?/, async (route) => {
      await held;
      await route.continue();
    });

    await page.goto(`${baseUrl}/demo-store`);
    await page.locator(".store-grid a").first().click();
    await page.waitForURL(/\/demo-store\/products\//);
    const block = page.locator("[data-crm-fbt]");
    expect(await block.getByRole("heading", { name: "Wird oft zusammen gekauft" }).isVisible()).toBe(true);
    const productId = await block.getAttribute("data-products");
    expect(productId).toMatch(/^\d+$/);
    const before = await block.boundingBox();
    const seen = page.waitForResponse((response) => response.url().includes("/apps/crm/recommendations/events") && response.request().method() === "POST");
    release();

    const checkboxes = block.getByRole("checkbox");
    await expect.poll(() => checkboxes.count(), { timeout: 20_000 }).toBeGreaterThan(0);
    const after = await block.boundingBox();
    expect(after?.height).toBe(before?.height);
    expect(await block.locator("[data-crm-fbt-items]").getAttribute("aria-busy")).toBeNull();
    const shown = await checkboxes.count();
    for (let index = 0; index < shown; index += 1) expect(await checkboxes.nth(index).isChecked()).toBe(true);
    const impressions = await seen;
    expect(impressions.status()).toBe(200);

    // One product left out (when there are several), by keyboard.
    const totalAll = await block.locator("[data-crm-fbt-total]").textContent();
    expect(totalAll).toMatch(/\d+,\d{2}\s€/);
    if (shown > 1) {
      await checkboxes.nth(shown - 1).focus();
      await page.keyboard.press("Space");
      expect(await checkboxes.nth(shown - 1).isChecked()).toBe(false);
      await expect.poll(() => block.locator("[data-crm-fbt-total]").textContent()).not.toBe(totalAll);
    }
    const chosen = shown > 1 ? shown - 1 : 1;

    await block.getByRole("button", { name: "Auswahl zum Warenkorb hinzufügen" }).click();
    await expect.poll(() => block.getByRole("status").textContent(), { timeout: 20_000 }).toBe("Die ausgewählten Produkte liegen jetzt in Ihrem Warenkorb.");
    await expect.poll(() => page.getByTestId("cart-link").textContent()).toBe(`Warenkorb (${chosen})`);
    const cart = (await page.evaluate(() => fetch("/demo-store/cart.js").then((response) => response.json()))) as AjaxCart;
    expect(cart.item_count).toBe(chosen);
    expect(cart.items.map((item) => item.properties._crm_rec)).toEqual(Array.from({ length: chosen }, () => productId));

    // The cart shows the lines (the hidden property not among their texts) and checks out.
    await page.getByTestId("cart-link").click();
    await page.waitForURL(/\/demo-store\/cart$/);
    expect(await page.locator(".store-table tbody tr").count()).toBe(chosen);
    expect(await page.locator(".store-table").textContent()).not.toContain("_crm_rec");
    await page.getByRole("button", { name: "Bestellung aufgeben" }).click();
    await page.waitForURL(/\/demo-store\/orders\/\d+/);
    await expect.poll(() => page.getByTestId("order-outcome").isVisible(), { timeout: 60_000 }).toBe(true);
    const orderName = (await page.getByRole("heading", { level: 1 }).textContent())?.match(/#\d+/)?.[0];
    expect(orderName).toBeDefined();
    expect(errors).toEqual([]);

    // The admin's order page names the block's product on every line it added.
    await page.goto(`${baseUrl}/app/orders?q=${encodeURIComponent(orderName!)}`);
    const row = page.locator('[data-testid="order-row"] a', { hasText: orderName! });
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1);
    await row.click();
    await page.waitForURL(/\/app\/orders\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByTestId("recommended-from").count(), { timeout: 20_000 }).toBe(chosen);
    await context.close();
  });
});
