import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { formatMonthDay } from "~/i18n/format";
import { demoBaseUrl, setUpChromium } from "./support/browser";

// A demo shopper gives their birthday in the loyalty panel (the launcher's dialog, by keyboard
// after choosing the day), is told when it earns, and sees it in the account's block after a
// reload. Each language takes a signed-in demo member who has not given theirs yet (the demo
// gives every fourth member one), so the two tests hold in any order.

const browser = setUpChromium();
const baseUrl = demoBaseUrl();

const LANGUAGES = [
  { name: "German", locale: "de", switchTo: null, launcher: "Prämien", signIn: /^Als .+ anmelden$/, day: "Tag", month: "Monat", given: "Ihr Geburtstag: ", saved: /^Vielen Dank! Ihre Geburtstagspunkte kommen am \d\d\.\d\d\.\d{4}\.$/ },
  { name: "English", locale: "en", switchTo: "en", launcher: "Rewards", signIn: /^Sign in as .+$/, day: "Day", month: "Month", given: "Your birthday: ", saved: /^Thank you! Your birthday points come on [A-Z][a-z]{2} \d{1,2}, \d{4}\.$/ },
] as const;

/** The account block's birthday section once the member's data has loaded. */
async function birthdaySection(page: Page) {
  const section = page.locator("[data-crm-inline] [data-crm=birthday]");
  await expect.poll(() => section.isVisible(), { timeout: 20_000 }).toBe(true);
  return section;
}

/** Signs in as the offered demo members from the end of the list until one has not given a birthday. */
async function signInWithoutBirthday(page: Page, signIn: RegExp): Promise<void> {
  for (let index = 9; index >= 0; index--) {
    await page.goto(`${baseUrl}/demo-store/account/login`);
    await page.getByRole("button", { name: signIn }).nth(index).click();
    await page.waitForURL(/\/demo-store\/account$/);
    if (await (await birthdaySection(page)).locator("[data-crm=birthday-form]").isVisible()) return;
  }
  throw new Error("Every offered demo member has given a birthday");
}

describe("birthday in the loyalty panel", () => {
  test.each(LANGUAGES)("$name: a shopper gives their birthday and is told when it earns", async (lang) => {
    const { context, page, errors } = await browser.openPage("de-DE");
    if (lang.switchTo) {
      await page.goto(`${baseUrl}/demo-store/account/login`);
      await page.locator(".store-locale select").selectOption(lang.switchTo);
      await page.locator(".store-locale button").click();
      await page.waitForSelector(`html[lang="${lang.switchTo}"]`);
    }
    await signInWithoutBirthday(page, lang.signIn);
    // The block invites with the program's birthday points.
    expect(await page.locator("[data-crm-inline] [data-crm=birthday-text]").textContent()).toMatch(/\d+/);

    // A day far enough ahead to earn this time.
    const birthday = new Date(Date.now() + 100 * 86_400_000);
    const month = birthday.getUTCMonth() + 1;
    const day = birthday.getUTCDate();

    await page.getByRole("button", { name: lang.launcher, exact: true }).click();
    const panel = page.getByRole("dialog");
    await expect.poll(() => panel.locator("[data-crm=birthday-form]").isVisible(), { timeout: 20_000 }).toBe(true);
    await panel.getByLabel(lang.day, { exact: true }).selectOption(String(day));
    await panel.getByLabel(lang.month, { exact: true }).selectOption(String(month));
    // From the month to the button with Tab, and saved with Enter.
    await panel.getByLabel(lang.month, { exact: true }).focus();
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("type"))).toBe("submit");
    await page.keyboard.press("Enter");

    const message = panel.locator("[data-crm=birthday-message]");
    await expect.poll(() => message.textContent(), { timeout: 20_000 }).toMatch(lang.saved);
    // The answer has the focus (the form is gone once the birthday is given).
    expect(await message.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await panel.locator("[data-crm=birthday-form]").isVisible()).toBe(false);
    expect(await panel.locator("[data-crm=birthday-text]").textContent()).toBe(`${lang.given}${formatMonthDay(lang.locale, month, day)}`);
    await page.keyboard.press("Escape");

    // Kept: after a reload the account's block shows the day, and no form.
    await page.reload();
    const section = await birthdaySection(page);
    await expect.poll(() => section.locator("[data-crm=birthday-text]").textContent(), { timeout: 20_000 }).toBe(`${lang.given}${formatMonthDay(lang.locale, month, day)}`);
    expect(await section.locator("[data-crm=birthday-form]").isVisible()).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  });
});
