import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { parseCsv } from "~/core/csv";
import { demoBaseUrl, setUpChromium } from "./support/browser";

// The balance import and members export in the demo admin (see support/global-setup.ts). The
// demo's members keep their balances: the files here either fail the check or import 0 points.

const browser = setUpChromium();
const baseUrl = demoBaseUrl();

async function openImportPage(locale: string): Promise<{ page: Page; errors: string[] }> {
  const { page, errors } = await browser.openPage(locale, { context: { acceptDownloads: true } });
  await page.goto(`${baseUrl}/app/loyalty/import`);
  await page.getByTestId("import-dropzone").waitFor();
  return { page, errors };
}

async function choose(page: Page, text: string): Promise<void> {
  await page
    .getByTestId("import-dropzone")
    .locator('input[type="file"]')
    .setInputFiles({ name: "punkte.csv", mimeType: "text/csv", buffer: Buffer.from(text, "utf8") });
}

/** A demo member with a customer account: their Shopify id from the members export. */
async function demoMemberId(page: Page): Promise<string> {
  const response = await page.request.get(`${baseUrl}/app/loyalty/export?locale=de`);
  expect(response.headers()["content-type"]).toBe("text/csv; charset=utf-8");
  const parsed = parseCsv(await response.text());
  if (!parsed.ok) throw new Error("the export is not readable CSV");
  const [header, ...rows] = parsed.records.map((record) => record.cells);
  expect(header?.slice(0, 4)).toEqual(["E-Mail", "Name", "Kunden-ID", "Punkte"]);
  const id = rows.find((row) => row[2] !== "")?.[2];
  if (!id) throw new Error("the demo has no member with a customer account");
  return id;
}

describe("loyalty balance import", () => {
  test("German: a file with problems lists them by line and column and imports nothing; a good one imports after the preview", async () => {
    const { page, errors } = await openImportPage("de-DE");
    const id = await demoMemberId(page);

    await choose(page, `Kunden-ID;Punkte\n${id};-5\n999999999999;10\n`);
    const table = page.getByTestId("import-error-table");
    await expect.poll(() => table.isVisible(), { timeout: 15_000 }).toBe(true);
    const rows = await table.locator("tbody tr").allInnerTexts();
    expect(rows.map((row) => row.split("\t").map((cell) => cell.trim()))).toEqual([
      ["2", "Punkte", "Punkte können nicht negativ sein."],
      ["3", "Kunden-ID", "Kein Kunde mit dieser E-Mail-Adresse oder ID im Shop. Importieren Sie zuerst die Kunden des Shops."],
    ]);
    expect(await page.getByTestId("import-errors").innerText()).toContain("2 Fehler gefunden: Es wird nichts importiert");
    expect(await page.getByRole("button", { name: /Punktestände importieren/ }).count()).toBe(0);

    await choose(page, `Kunden-ID;Punkte\n${id};0\n`);
    const apply = page.getByRole("button", { name: "1 Punktestände importieren" });
    await expect.poll(() => apply.isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await page.getByTestId("import-summary").innerText()).toContain("Bestehende Mitglieder (Punkte kommen hinzu)");
    await apply.click();
    await expect.poll(() => page.getByTestId("import-applied").isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await page.getByTestId("import-applied").innerText()).toContain("0 Punktestände mit insgesamt 0 Punkten importiert.");
    expect(errors).toEqual([]);
  });

  test("English: the members export downloads as a CSV file named for the shop", async () => {
    const { page, errors } = await openImportPage("en-US");
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export members (CSV)" }).click();
    expect((await download).suggestedFilename()).toMatch(/^loyalty-members-[a-z0-9-]+-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(errors).toEqual([]);
  });
});
