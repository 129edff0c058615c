import { describe, expect, test } from "vitest";
import { demoBaseUrl, setUpChromium } from "./support/browser";

// The e-mails page in the demo admin (see support/global-setup.ts): the notices the demo history
// produced are listed as not sent under the demo banner, and one opens with its HTML in a
// sandboxed frame and its text version. Reads only.

const browser = setUpChromium();
const baseUrl = demoBaseUrl();

const LANGUAGES = [
  { locale: "de-DE", nav: "E-Mails", title: "E-Mails an Mitglieder", banner: "Demo-Modus: Diese E-Mails wären versendet worden", unsent: "Nicht versendet", earned: "Punkte gesammelt", text: "Textfassung", close: "Schließen" },
  { locale: "en-US", nav: "E-mails", title: "E-mails to members", banner: "Demo mode: these e-mails would have been sent", unsent: "Not sent", earned: "Points earned", text: "Text version", close: "Close" },
] as const;

describe("e-mails page in Chromium", () => {
  test.each(LANGUAGES)("lists the demo's notices as not sent and opens one ($locale)", async (lang) => {
    const { context, page, errors } = await browser.openPage(lang.locale);
    await page.goto(`${baseUrl}/app`);
    await page.getByTestId("demo-nav").getByRole("link", { name: lang.nav }).click();
    await page.waitForURL(/\/app\/notifications$/);
    await expect.poll(() => page.getByRole("heading", { name: lang.title }).first().isVisible()).toBe(true);
    expect(await page.getByTestId("mails-unsent").innerText()).toContain(lang.banner);

    // The history's mails are settled by the worker as they come: the first page fills up.
    await expect
      .poll(async () => {
        await page.reload();
        return page.locator('[data-testid="mail-row"][data-status="DEMO"][data-kind="points_earned"]').count();
      }, { timeout: 60_000 })
      .toBeGreaterThan(0);
    const row = page.locator('tr:has([data-testid="mail-row"][data-status="DEMO"][data-kind="points_earned"])').first();
    expect(await row.innerText()).toContain(lang.unsent);
    expect(await row.innerText()).toContain(lang.earned);
    expect(await row.innerText()).toMatch(/@/);

    const subject = await row.getByRole("link").innerText();
    await row.getByRole("link").click();
    await page.waitForURL(/\/app\/notifications\?mail=/);
    const detail = page.getByTestId("mail-detail");
    await expect.poll(() => detail.isVisible()).toBe(true);
    expect(await detail.getByRole("heading", { level: 2 }).innerText()).toBe(subject);
    // The HTML as the member sees it, in a frame that runs no scripts.
    expect(await page.getByTestId("mail-html").getAttribute("sandbox")).toBe("");
    const mailHeading = await page.frameLocator('[data-testid="mail-html"]').locator("h1").innerText();
    expect(mailHeading.length).toBeGreaterThan(0);
    await detail.getByText(lang.text).click();
    expect(await page.getByTestId("mail-text").innerText()).toContain(mailHeading);

    await detail.getByRole("link", { name: lang.close }).or(detail.getByRole("button", { name: lang.close })).first().click();
    await page.waitForURL(/\/app\/notifications$/);
    expect(errors).toEqual([]);
    await context.close();
  });
});
