import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { demoBaseUrl, setUpChromium } from "./support/browser";

// The customer page of the demo shop in Chromium: what a merchant sees of one of their best
// customers, and the two things they change there (a tag, a correction of points).

const browser = setUpChromium();
const baseUrl = demoBaseUrl();

/** The customer with the most revenue: many orders, products, points. */
async function openTopCustomer(page: Page) {
  await page.goto(`${baseUrl}/app/customers?sort=revenue&dir=desc`);
  const link = page.locator('a[href^="/app/customers/"]').first();
  await expect.poll(() => link.isVisible(), { timeout: 15_000 }).toBe(true);
  await link.click();
  await expect.poll(() => page.getByTestId("customer-loyalty").isVisible(), { timeout: 15_000 }).toBe(true);
}

const LANGUAGES = [
  { locale: "de-DE", saved: "Tags gespeichert.", adjusted: "Punkte korrigiert.", tag: "Stammkunde", points: "Punkte" },
  { locale: "en-US", saved: "Tags saved.", adjusted: "Points adjusted.", tag: "Regular", points: "Points" },
] as const;

describe("customer page in Chromium", () => {
  for (const lang of LANGUAGES) {
    test(`('${lang.locale}') shows address, products and points, and takes a tag and a correction`, async () => {
      const { context, page, errors } = await browser.openPage(lang.locale);
      await openTopCustomer(page);

      await expect.poll(() => page.getByTestId("profile-address").innerText(), { timeout: 15_000 }).toMatch(/\d{4,5} \S+/);
      await expect.poll(() => page.getByTestId("customer-products").locator("tr").count(), { timeout: 15_000 }).toBeGreaterThan(1);
      const balance = async () => Number((await page.getByTestId("loyalty-balance").innerText()).replace(/\D/g, ""));
      const before = await balance();

      await page.getByPlaceholder(lang.locale === "de-DE" ? "Neuer Tag" : "New tag").fill(lang.tag);
      await page.getByRole("button", { name: lang.locale === "de-DE" ? "Tag hinzufügen" : "Add tag" }).click();
      await expect.poll(() => page.getByTestId("customer-notice").innerText(), { timeout: 15_000 }).toContain(lang.saved);
      await expect.poll(() => page.getByTestId("customer-tag").allInnerTexts(), { timeout: 15_000 }).toContain(lang.tag);

      const loyalty = page.getByTestId("customer-loyalty");
      await loyalty.getByLabel(lang.locale === "de-DE" ? "Punkte (negativ zum Abziehen)" : "Points (negative to deduct)").fill("25");
      await loyalty.getByLabel(lang.locale === "de-DE" ? "Grund (der Kunde kann ihn sehen)" : "Reason (the customer may see it)").fill("E2E");
      await loyalty.getByRole("button", { name: lang.locale === "de-DE" ? "Punkte korrigieren" : "Adjust points" }).click();
      await expect.poll(() => page.getByTestId("customer-notice").innerText(), { timeout: 15_000 }).toContain(lang.adjusted);
      await expect.poll(balance, { timeout: 15_000 }).toBe(before + 25);
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
