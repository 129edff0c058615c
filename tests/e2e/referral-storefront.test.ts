import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { hydrated } from "./support/admin-steps";
import { demoBaseUrl, setUpChromium } from "./support/browser";

// The referral program on the demo storefront (see support/global-setup.ts), from both sides: a
// signed-in demo customer finds their link and code in the launcher's referral tab; a visitor who
// follows that link (/apps/crm/r/<code>, the app's redirect passed on by the demo's app proxy)
// lands on the shop with the offer open, claims with an e-mail address and gets a code of their
// own, which the demo's checkout honours once and then refuses to anyone else; once the demo's
// return window (a minute for orders placed now) has passed, the advocate sees the reward. The
// program is switched on in the admin first.

const browser = setUpChromium();
const baseUrl = demoBaseUrl();

/** On the referral settings page: switches the program on when it is off. */
async function switchReferralsOn(page: Page): Promise<void> {
  await page.goto(`${baseUrl}/app/referrals/settings`);
  const card = page.getByTestId("referral-switch");
  await expect.poll(() => card.count(), { timeout: 30_000 }).toBe(1);
  await hydrated(page);
  if ((await card.getByRole("button", { name: "Einschalten" }).count()) === 0) return;
  await card.getByRole("button", { name: "Einschalten" }).click();
  await expect.poll(() => card.getByRole("button", { name: "Ausschalten" }).count(), { timeout: 15_000 }).toBe(1);
}

/** The signed-in shopper's referral tab in the launcher, freshly loaded. */
async function openReferralTab(page: Page) {
  await page.goto(`${baseUrl}/demo-store/account`);
  await page.getByRole("button", { name: "Prämien", exact: true }).click();
  const panel = page.getByRole("dialog");
  const tab = panel.getByRole("tab", { name: "Freunde werben" });
  await expect.poll(() => tab.isVisible(), { timeout: 20_000 }).toBe(true);
  await tab.click();
  await expect.poll(() => panel.getByLabel("Ihr Link zum Teilen").inputValue(), { timeout: 20_000 }).not.toBe("");
  return { panel, tab };
}

const rewardLines = (panel: ReturnType<Page["getByRole"]>) => panel.locator("[data-crm-ref=rewards] li").allTextContents();

const activeElement = (page: Page, attribute: string) => page.evaluate((name) => document.activeElement?.getAttribute(name) ?? null, attribute);

describe("referrals on the demo storefront", () => {
  test("an advocate's link and code; a friend follows the link, claims a code and uses it, once", async () => {
    const admin = await browser.openPage("de-DE");
    await switchReferralsOn(admin.page);
    await admin.context.close();

    // The advocate: a demo customer (one the loyalty tests do not take), the launcher's referral tab.
    const advocate = await browser.openPage("de-DE", { context: { permissions: ["clipboard-read", "clipboard-write"] } });
    await advocate.page.goto(`${baseUrl}/demo-store/account/login`);
    await advocate.page.getByRole("button", { name: /^Als .+ anmelden$/ }).nth(2).click();
    await advocate.page.waitForURL(/\/demo-store\/account$/);
    const { panel, tab } = await openReferralTab(advocate.page);
    const rewardsBefore = await rewardLines(panel);
    const linkField = panel.getByLabel("Ihr Link zum Teilen");
    await expect.poll(() => linkField.inputValue(), { timeout: 20_000 }).toMatch(/^https:\/\/[^/]+\/apps\/crm\/r\/[A-Z]+-[A-Z2-9]{4}$/);
    const link = await linkField.inputValue();
    const code = link.split("/").pop()!;
    expect(await panel.locator("[data-crm-ref=code]").textContent()).toBe(code);
    expect(await panel.getByRole("link", { name: "Über WhatsApp teilen" }).getAttribute("href")).toMatch(/^https:\/\/wa\.me\/\?text=.*/);
    expect(decodeURIComponent((await panel.getByRole("link", { name: "Per E-Mail teilen" }).getAttribute("href"))!)).toContain(link);
    await panel.getByRole("button", { name: "Link kopieren" }).click();
    await expect.poll(() => panel.locator("[data-crm-ref=copied]").textContent()).toBe("Kopiert.");
    expect(await advocate.page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    // The tabs by keyboard: arrows move between them.
    await tab.focus();
    await advocate.page.keyboard.press("ArrowLeft");
    expect(await panel.getByRole("tab", { name: "Punkte" }).getAttribute("aria-selected")).toBe("true");
    expect(await linkField.isVisible()).toBe(false);
    expect(advocate.errors).toEqual([]);

    // The friend: the link leads to the shop's home with the offer open on the referral tab.
    const friend = await browser.openPage("de-DE", { context: { permissions: ["clipboard-read", "clipboard-write"] } });
    await friend.page.goto(`${baseUrl}/apps/crm/r/${code}`);
    // The code is taken out of the address bar (and kept in the browser's storage).
    await expect.poll(() => friend.page.url()).toBe(`${baseUrl}/demo-store`);
    const friendPanel = friend.page.getByRole("dialog");
    await expect.poll(() => friendPanel.isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await friendPanel.getByRole("tab", { name: "Freunde werben" }).getAttribute("aria-selected")).toBe("true");
    expect(await activeElement(friend.page, "data-crm-tab")).toBe("referrals");
    const offer = friendPanel.locator("[data-crm-ref=offer-text]");
    await expect.poll(() => offer.textContent(), { timeout: 20_000 }).not.toBe("");
    expect(await friend.page.evaluate(() => JSON.parse(localStorage.getItem("crm_ref") ?? "null")?.code)).toBe(code);

    await friendPanel.getByLabel("Ihre E-Mail-Adresse").fill(`freundin-${Date.now()}@example.org`);
    await friendPanel.getByRole("button", { name: "Meinen Rabattcode holen" }).click();
    const claimed = friendPanel.locator("[data-crm-ref=claimed-code]");
    await expect.poll(() => claimed.textContent(), { timeout: 20_000 }).toMatch(/^[A-Z0-9]+-[A-Z0-9]{10}$/);
    const friendCode = (await claimed.textContent())!;
    expect(await friendPanel.locator("[data-crm-ref=claimed-text]").textContent()).not.toBe("");
    expect(await activeElement(friend.page, "data-crm-ref")).toBe("claimed");
    await friendPanel.getByRole("button", { name: "Code kopieren" }).click();
    await expect.poll(() => friend.page.evaluate(() => navigator.clipboard.readText())).toBe(friendCode);

    // The demo platform made the code: the checkout takes it for an order above its minimum, once.
    await friend.page.keyboard.press("Escape");
    await friend.page.locator(".store-grid a").first().click();
    await friend.page.locator("input[name=quantity]").fill("20");
    await friend.page.getByRole("button", { name: "In den Warenkorb" }).click();
    await friend.page.waitForURL(/\/demo-store\/cart$/);
    await friend.page.getByLabel("Rabattcode").fill(friendCode);
    await friend.page.getByRole("button", { name: "Anwenden" }).click();
    await friend.page.waitForSelector("[data-testid=discount]");
    expect(await friend.page.getByTestId("code-refused").count()).toBe(0);
    await friend.page.getByRole("button", { name: "Bestellung aufgeben" }).click();
    await friend.page.waitForURL(/\/demo-store\/orders\/\d+/);
    expect(friend.errors).toEqual([]);
    await friend.context.close();

    // The advocate's reward: the friend's order converted the referral, and once the demo's return
    // window has passed without a refund, the points are theirs.
    // (The newest reward comes first; the list shows a few.)
    await expect
      .poll(async () => (await rewardLines((await openReferralTab(advocate.page)).panel))[0], { timeout: 180_000, interval: 10_000 })
      .not.toBe(rewardsBefore[0]);
    expect((await rewardLines(advocate.page.getByRole("dialog")))[0]).toContain("1.000 Punkte");
    expect(advocate.errors).toEqual([]);
    await advocate.context.close();

    // The code passed on to someone else: the demo's checkout refuses it, as Shopify would.
    const other = await browser.openPage("de-DE");
    await other.page.goto(`${baseUrl}/demo-store`);
    await other.page.locator(".store-grid a").first().click();
    await other.page.locator("input[name=quantity]").fill("20");
    await other.page.getByRole("button", { name: "In den Warenkorb" }).click();
    await other.page.waitForURL(/\/demo-store\/cart$/);
    await other.page.getByLabel("Rabattcode").fill(friendCode);
    await other.page.getByRole("button", { name: "Anwenden" }).click();
    expect(await other.page.getByTestId("code-refused").textContent()).toBe("Dieser Rabattcode wurde bereits verwendet.");
    await other.context.close();
  });
});
