import { describe, expect, test } from "vitest";
import { hydrated, saveSettings } from "./support/admin-steps";
import { demoBaseUrl, setUpChromium } from "./support/browser";

// The referral program's admin in the demo (see support/global-setup.ts). The demo's referral
// history puts a household pair in the review queue; the merchant selects it, approves it with
// the bulk action and finds it waiting for its return window. The settings page saves an amount
// typed the German way and says in German what it cannot read; the test puts the friend's reward
// back as it found it.

const browser = setUpChromium();
const baseUrl = demoBaseUrl();

const DE = {
  locale: "de-DE",
  nav: "Empfehlungen",
  approve: "Freigeben",
  approved: "Freigegeben: 1.",
  pending: "Rückgabefrist läuft",
  amount: "Betrag (EUR)",
  save: "Speichern",
  saved: "Die Einstellungen sind gespeichert.",
  amountError: "Geben Sie einen Betrag ein, zum Beispiel 5,00.",
} as const;

describe("referrals admin in Chromium", () => {
  test("approves a referral of the review queue in bulk and finds it in the return window", async () => {
    const { context, page, errors } = await browser.openPage(DE.locale);
    await page.goto(`${baseUrl}/app`);
    await page.getByTestId("demo-nav").getByRole("link", { name: DE.nav, exact: true }).click();
    await page.waitForURL(/\/app\/referrals$/);
    const queue = page.getByTestId("review-queue");
    const waiting = queue.locator('[data-testid="referral-row"]');
    // The demo's referral history is played after the orders are processed: reload until it waits.
    await expect
      .poll(
        async () => {
          await page.reload();
          return waiting.count();
        },
        { timeout: 120_000, interval: 2_000 },
      )
      .toBeGreaterThan(0);
    await hydrated(page);
    const row = waiting.first();
    const referralId = await row.getAttribute("data-referral-id");
    const friendCode = await row.getAttribute("data-friend-code");
    const tableRow = queue.locator(`tr:has([data-referral-id="${referralId}"])`);
    // Its fraud reasons in words, with the household to allow-list.
    expect(await tableRow.getByTestId("referral-reason").first().innerText()).toMatch(/Lieferadresse|Telefonnummer|Name/);
    expect(await tableRow.getByTestId("referral-status").getAttribute("data-status")).toBe("REVIEW");

    await tableRow.locator(".Polaris-IndexTable-Checkbox__Wrapper").click();
    const bulkApprove = queue.locator(".Polaris-BulkActions__BulkActionButton").getByRole("button", { name: DE.approve }).filter({ visible: true });
    await expect.poll(() => bulkApprove.count()).toBe(1);
    await bulkApprove.click();
    await expect.poll(() => page.getByTestId("referrals-outcome").isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await page.getByTestId("referrals-outcome").innerText()).toContain(DE.approved);
    await expect.poll(() => queue.locator(`[data-referral-id="${referralId}"]`).count()).toBe(0);

    // The status tab and the search find it waiting for its return window.
    await page.goto(`${baseUrl}/app/referrals?status=PENDING&q=${encodeURIComponent(friendCode ?? "")}`);
    const listed = page.getByTestId("referral-list").locator(`tr:has([data-referral-id="${referralId}"])`);
    await expect.poll(() => listed.count()).toBe(1);
    expect(await listed.getByTestId("referral-status").getAttribute("data-status")).toBe("PENDING");
    expect(await listed.innerText()).toContain(DE.pending);
    expect(errors).toEqual([]);
    await context.close();
  });

  test("the settings page saves an amount typed the German way and names what it cannot read", async () => {
    // A refused save answers 400 on purpose; the browser reports that as a failed resource.
    const { context, page, errors } = await browser.openPage(DE.locale, { ignoreErrors: [/status of 400/] });
    await page.goto(`${baseUrl}/app/referrals/settings`);
    await hydrated(page);
    const amount = page.getByLabel(DE.amount, { exact: true }).first();
    const before = await amount.inputValue();

    await amount.fill("zehn");
    await page.getByRole("button", { name: DE.save }).first().click();
    const fieldError = page.locator('[id="field-friendReward.value.amountMinorError"]');
    await expect.poll(() => fieldError.isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await fieldError.innerText()).toContain(DE.amountError);
    expect(await page.getByTestId("settings-invalid").isVisible()).toBe(true);

    await amount.fill("12,50");
    expect(await saveSettings(page, DE.save)).toContain(DE.saved);
    await page.reload();
    await hydrated(page);
    await expect.poll(() => page.getByLabel(DE.amount, { exact: true }).first().inputValue()).toBe("12,50");

    await page.getByLabel(DE.amount, { exact: true }).first().fill(before);
    await saveSettings(page, DE.save);
    expect(errors).toEqual([]);
    await context.close();
  });
});
