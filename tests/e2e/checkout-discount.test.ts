import { describe, expect, test } from "vitest";
import { hydrated } from "./support/admin-steps";
import { demoBaseUrl, setUpChromium } from "./support/browser";

// The loyalty program page's checkout discount card in the demo (see support/global-setup.ts):
// the demo shop has no Shopify store, so once its upkeep has run the card says that no automatic
// discount was made there, in the merchant's language, rather than showing one as active.

const browser = setUpChromium();
const baseUrl = demoBaseUrl();

const LANGUAGES = [
  { locale: "de-DE", title: "Rabatt an der Kasse", badge: "Demo", text: "Die Demo ist mit keinem Shopify-Shop verbunden" },
  { locale: "en-US", title: "Checkout discount", badge: "Demo", text: "The demo is not connected to a Shopify store" },
] as const;

describe("checkout discount card in Chromium", () => {
  test.each(LANGUAGES)("says the demo keeps no discount on a platform ($locale)", async (lang) => {
    const { page, context, errors } = await browser.openPage(lang.locale);
    await page.goto(`${baseUrl}/app/loyalty`);
    const card = page.getByTestId("checkout-discount");
    // The program may have been saved a moment ago by another test: its upkeep runs in the queue.
    await expect
      .poll(
        async () => {
          await page.reload();
          return card.getAttribute("data-state");
        },
        { timeout: 60_000, interval: 1_000 },
      )
      .toBe("demo");
    // What the page logs is judged on one load of its final state: a reload that cut short the
    // previous one's hydration while polling is not the page's fault.
    errors.length = 0;
    await page.reload();
    await hydrated(page);
    expect(await card.getAttribute("data-state")).toBe("demo");
    const text = await card.innerText();
    expect(text).toContain(lang.title);
    expect(text).toContain(lang.badge);
    expect(text).toContain(lang.text);
    await page.screenshot({ path: `/tmp/checkout-discount-${lang.locale}.png`, fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });
});
