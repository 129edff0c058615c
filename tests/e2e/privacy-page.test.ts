import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { demoBaseUrl, setUpChromium } from "./support/browser";

// The privacy page in the demo admin (see support/global-setup.ts). The demo history holds three
// data requests, the oldest 22 days old and so urgent, and an erasure. Each test answers the
// urgent request and reopens it, leaving the shop as it found it.

const browser = setUpChromium();
const baseUrl = demoBaseUrl();

const LANGUAGES = [
  {
    locale: "de-DE",
    nav: "Datenschutz",
    title: "Datenschutzanfragen",
    urgent: "Dringend",
    answered: "Beantwortet",
    markAnswered: "Als beantwortet markieren",
    reopen: "Wieder öffnen",
    redactionDone: "Abgeschlossen",
    filePrefix: "datenauskunft",
    csvHeader: "Datensatz;Bestellung;Datum;Feld;Wert;Menge;Betrag;Status",
  },
  {
    locale: "en-US",
    nav: "Privacy",
    title: "Privacy requests",
    urgent: "Urgent",
    answered: "Answered",
    markAnswered: "Mark as answered",
    reopen: "Reopen",
    redactionDone: "Completed",
    filePrefix: "data-request",
    csvHeader: "Record type,Order,Date,Field,Value,Quantity,Amount,Status",
  },
] as const;

async function downloaded(page: Page, click: () => Promise<void>) {
  const [download] = await Promise.all([page.waitForEvent("download"), click()]);
  const file = await download.path();
  return { name: download.suggestedFilename(), bytes: await readFile(file) };
}

describe("privacy page in Chromium", () => {
  test.each(LANGUAGES)("shows the urgent data request, downloads its export and marks it answered ($locale)", async (lang) => {
    const { context, page, errors } = await browser.openPage(lang.locale);
    await page.goto(`${baseUrl}/app`);
    await page.getByTestId("demo-nav").getByRole("link", { name: lang.nav }).click();
    await page.waitForURL(/\/app\/privacy$/);
    await expect.poll(() => page.getByTestId("demo-nav").locator(".Polaris-Navigation__Item--selected").innerText()).toBe(lang.nav);
    await expect.poll(() => page.getByRole("heading", { name: lang.title }).first().isVisible()).toBe(true);

    const requests = page.locator('tr:has([data-testid="data-request-row"])');
    await expect.poll(() => requests.count()).toBeGreaterThanOrEqual(3);
    // The most pressing request is on top: the urgent one, with the customer's name and email.
    const urgent = requests.first();
    expect(await urgent.locator('[data-testid="data-request-row"]').getAttribute("data-urgency")).toBe("urgent");
    expect(await urgent.innerText()).toContain(lang.urgent);
    expect(await urgent.innerText()).toMatch(/@/);
    const requestId = await urgent.locator('[data-testid="data-request-row"]').getAttribute("data-request-id");
    const row = page.locator(`tr:has([data-request-id="${requestId}"])`);

    const csv = await downloaded(page, () => row.getByRole("button", { name: "CSV (Excel)" }).click());
    expect(csv.name).toMatch(new RegExp(`^${lang.filePrefix}-alpenroester-demo-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.bytes.toString("utf8").slice(1).split("\r\n")[0]).toBe(lang.csvHeader);

    const json = await downloaded(page, () => row.getByRole("button", { name: "JSON" }).click());
    expect(json.name).toMatch(new RegExp(`^${lang.filePrefix}-alpenroester-demo-[\\d-]+\\.json$`));
    const exported = JSON.parse(json.bytes.toString("utf8")) as { customers: unknown[]; orders: unknown[] };
    expect(exported.customers.length).toBe(1);
    expect(exported.orders.length).toBeGreaterThanOrEqual(2);

    await row.getByRole("button", { name: lang.markAnswered }).click();
    await expect.poll(() => row.locator('[data-testid="data-request-row"]').getAttribute("data-urgency")).toBe("answered");
    expect(await row.innerText()).toContain(lang.answered);
    // Answered requests go below the open ones.
    expect(await requests.last().locator('[data-testid="data-request-row"]').getAttribute("data-request-id")).toBe(requestId);

    await row.getByRole("button", { name: lang.reopen }).click();
    await expect.poll(() => row.locator('[data-testid="data-request-row"]').getAttribute("data-urgency")).toBe("urgent");

    // The erasure: a status and counts, no person.
    const redactions = page.locator('tr:has([data-testid="redaction-row"])');
    await expect.poll(() => redactions.count()).toBe(1);
    await expect.poll(() => redactions.first().innerText()).toContain(lang.redactionDone);
    expect(await redactions.first().innerText()).not.toMatch(/@/);

    expect(errors).toEqual([]);
    await context.close();
  });
});
