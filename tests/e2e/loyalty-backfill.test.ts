import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { demoBaseUrl, setUpChromium } from "./support/browser";

// The program page's Past orders card in the demo (see support/global-setup.ts): the merchant
// chooses how far back, is asked to confirm (it cannot be undone), starts the backfill and sees
// it finish. The demo's program runs since the history's first day, so a run finds few or no
// orders before it; running again credits nothing twice, so the tests hold in any order.

const browser = setUpChromium();
const baseUrl = demoBaseUrl();

const LANGUAGES = [
  {
    locale: "de-DE",
    title: "Frühere Bestellungen",
    explain: "Das Programm hat am",
    span: "Bestellungen ab",
    start: "Frühere Bestellungen Punkte sammeln lassen",
    confirm: "Das lässt sich nicht rückgängig machen",
    cancel: "Abbrechen",
    yes: "Starten",
    started: /Gestartet: \d+ Bestellungen werden geprüft\./,
    done: /Abgeschlossen am .+: \d+ Bestellungen geprüft\./,
  },
  {
    locale: "en-US",
    title: "Past orders",
    explain: "The program started on",
    span: "Orders from",
    start: "Let past orders earn points",
    confirm: "This cannot be undone",
    cancel: "Cancel",
    yes: "Start",
    started: /Started: \d+ orders are being looked at\./,
    done: /Finished on .+: \d+ orders looked at\./,
  },
] as const;

/** The card once no run is under way (a run of an earlier test may still be finishing). */
async function idleCard(page: Page) {
  const card = page.getByTestId("loyalty-backfill");
  await expect
    .poll(
      async () => {
        await page.goto(`${baseUrl}/app/loyalty`);
        return card.getAttribute("data-state");
      },
      { timeout: 60_000, interval: 1_000 },
    )
    .not.toBe("running");
  await page.waitForFunction(() => "__remixRouter" in window, undefined, { timeout: 90_000 });
  return card;
}

describe("past orders card in Chromium", () => {
  test.each(LANGUAGES)("lets past orders earn after a confirmation and shows the run finished ($locale)", async (lang) => {
    const { context, page, errors } = await browser.openPage(lang.locale);
    const card = await idleCard(page);
    expect(await card.innerText()).toContain(lang.title);
    expect(await card.innerText()).toContain(lang.explain);

    await card.getByLabel(lang.span).selectOption("90_days");
    await card.getByRole("button", { name: lang.start }).click();
    expect(await card.innerText()).toContain(lang.confirm);
    // Cancelled, nothing starts.
    await card.getByRole("button", { name: lang.cancel }).click();
    expect(await card.innerText()).not.toContain(lang.confirm);

    await card.getByRole("button", { name: lang.start }).click();
    await card.getByRole("button", { name: lang.yes, exact: true }).click();
    await expect.poll(() => card.innerText(), { timeout: 15_000 }).toMatch(lang.started);

    await idleCard(page);
    expect(await card.getAttribute("data-state")).toBe("done");
    expect(await card.innerText()).toMatch(lang.done);
    await page.screenshot({ path: `/tmp/loyalty-backfill-${lang.locale}.png`, fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });
});
