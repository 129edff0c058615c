import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { demoBaseUrl, setUpChromium } from "./support/browser";

// The demo storefront (see support/global-setup.ts) from a newcomer's side: sign in as a demo
// member, redeem the cheapest reward in the loyalty panel, order with its code, and see the
// order earn pending points and use the reward; the demo platform counted the code's use, so the
// next checkout refuses it. Each language takes its own demo member, so the two tests hold in
// any order.

const browser = setUpChromium();
const baseUrl = demoBaseUrl();

const LANGUAGES = [
  { name: "German", switchTo: null, member: 0, launcher: "Prämien", signIn: /^Als .+ anmelden$/, add: "In den Warenkorb", code: "Rabattcode", apply: "Anwenden", placeOrder: "Bestellung aufgeben", refused: "Dieser Rabattcode ist nicht gültig.", usedUp: "Dieser Rabattcode wurde bereits verwendet.", adminLink: "Demo-Shop öffnen", earned: /Mit dieser Bestellung sammeln Sie ([\d.]+) Punkte\./, used: (code: string) => `Ihr Prämiencode ${code} wurde mit dieser Bestellung eingelöst.` },
  { name: "English", switchTo: "en", member: 1, launcher: "Rewards", signIn: /^Sign in as .+$/, add: "Add to cart", code: "Discount code", apply: "Apply", placeOrder: "Place order", refused: "This discount code is not valid.", usedUp: "This discount code has already been used.", adminLink: "Open the demo storefront", earned: /You collect ([\d,]+) points with this order\./, used: (code: string) => `Your reward code ${code} was used with this order.` },
] as const;

const digits = (text: string | null) => Number((text ?? "").replace(/\D/g, ""));

/** The account block's pending points once loaded (it loads by itself on the account page). */
async function pendingPoints(page: Page): Promise<number> {
  const pending = page.locator("[data-crm-inline] [data-crm=pending]");
  await expect.poll(() => pending.textContent(), { timeout: 20_000 }).not.toBe("–");
  return digits(await pending.textContent());
}

describe("demo storefront", () => {
  test.each(LANGUAGES)("$name: the admin's home links to it", async (lang) => {
    const { context, page } = await browser.openPage(lang.switchTo === "en" ? "en-US" : "de-DE");
    await page.goto(`${baseUrl}/app`);
    expect(await page.getByRole("link", { name: lang.adminLink }).getAttribute("href")).toBe("/demo-store");
    await context.close();
  });


  test.each(LANGUAGES)("$name: redeem a reward, order with its code, earn pending points", async (lang) => {
    // A German browser: the English run switches the language with the shop's own control.
    const { context, page, errors } = await browser.openPage("de-DE");

    await page.goto(`${baseUrl}/demo-store/account/login`);
    if (lang.switchTo) {
      await page.locator(".store-locale select").selectOption(lang.switchTo);
      await page.locator(".store-locale button").click();
      await page.waitForSelector(`html[lang="${lang.switchTo}"]`);
    }
    await page.getByRole("button", { name: lang.signIn }).nth(lang.member).click();
    await page.waitForURL(/\/demo-store\/account$/);
    const pendingBefore = await pendingPoints(page);

    // The launcher's panel: the cheapest reward the member can afford.
    await page.getByRole("button", { name: lang.launcher, exact: true }).click();
    const panel = page.getByRole("dialog");
    const items = panel.locator("[data-crm=rewards] li");
    await expect.poll(() => items.count(), { timeout: 20_000 }).toBeGreaterThan(0);
    const prices = await items.locator("[data-crm=price]").allTextContents();
    const enabled = await items.locator("[data-crm=redeem]").evaluateAll((buttons) => buttons.map((button) => !(button as HTMLButtonElement).disabled));
    const cheapest = prices.map((text, index) => ({ points: digits(text), index })).filter(({ index }) => enabled[index]).sort((a, b) => a.points - b.points)[0];
    expect(cheapest).toBeDefined();
    await items.nth(cheapest!.index).locator("[data-crm=redeem]").click();
    const codeValue = panel.locator("[data-crm=code-value]");
    await expect.poll(() => codeValue.textContent(), { timeout: 20_000 }).toMatch(/^[A-Z]+-[A-Z0-9]{5}-[A-Z0-9]{5}$/);
    const code = (await codeValue.textContent())!;
    await page.keyboard.press("Escape");

    // A product under the free-shipping threshold, so a free-shipping reward applies too.
    await page.goto(`${baseUrl}/demo-store`);
    await page.locator(".store-grid a").first().click();
    await expect.poll(() => page.locator(".crm-loyalty-earn").count()).toBe(1);
    await page.getByRole("button", { name: lang.add }).click();
    await page.waitForURL(/\/demo-store\/cart$/);
    await page.getByLabel(lang.code).fill("NICHT-GUELTIG");
    await page.getByRole("button", { name: lang.apply }).click();
    expect(await page.getByTestId("code-refused").textContent()).toBe(lang.refused);
    // Codes compare as Shopify compares them: in any case.
    await page.getByLabel(lang.code).fill(code.toLowerCase());
    await page.getByRole("button", { name: lang.apply }).click();
    await page.waitForSelector("[data-testid=discount]");
    expect(await page.locator("[data-testid=code-refused]").count()).toBe(0);
    await page.getByRole("button", { name: lang.placeOrder }).click();

    // The confirmation asks again until the app has processed the signed orders/create webhook.
    await page.waitForSelector("[data-testid=order-outcome]", { timeout: 60_000 });
    const earnedText = await page.getByTestId("order-earned").textContent();
    const earned = digits(earnedText?.match(lang.earned)?.[1] ?? "");
    expect(earned).toBeGreaterThan(0);
    expect(await page.getByTestId("order-reward-used").textContent()).toBe(lang.used(code));

    // The platform counted the single-use code's use: the next checkout refuses it.
    await page.goto(`${baseUrl}/demo-store`);
    await page.locator(".store-grid a").first().click();
    await page.getByRole("button", { name: lang.add }).click();
    await page.waitForURL(/\/demo-store\/cart$/);
    await page.getByLabel(lang.code).fill(code);
    await page.getByRole("button", { name: lang.apply }).click();
    expect(await page.getByTestId("code-refused").textContent()).toBe(lang.usedUp);

    // The account's block: the order's points are pending (the return period), the code is gone from the balance.
    await page.goto(`${baseUrl}/demo-store/account`);
    expect(await pendingPoints(page)).toBe(pendingBefore + earned);
    expect(errors).toEqual([]);
    await context.close();
  });

  test("signed out: the panel invites to sign in, and a guest's order collects no points", async () => {
    const { context, page, errors } = await browser.openPage("de-DE");
    await page.goto(`${baseUrl}/demo-store`);
    await page.getByRole("button", { name: "Prämien", exact: true }).click();
    const panel = page.getByRole("dialog");
    expect(await panel.getByRole("link", { name: "Anmelden" }).getAttribute("href")).toBe("/demo-store/account/login");
    await expect.poll(() => panel.locator("[data-crm=rewards] li").count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await panel.locator("[data-crm=redeem]").count()).toBe(0);
    await page.keyboard.press("Escape");

    await page.locator(".store-grid a").first().click();
    await page.getByRole("button", { name: "In den Warenkorb" }).click();
    await page.waitForURL(/\/demo-store\/cart$/);
    expect(await page.getByText("Sie sind nicht angemeldet").count()).toBe(1);
    await page.getByRole("button", { name: "Bestellung aufgeben" }).click();
    await page.waitForSelector("[data-testid=order-outcome]", { timeout: 30_000 });
    expect(await page.getByText("Mit dieser Bestellung sammeln Sie keine Punkte.").count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });
});
