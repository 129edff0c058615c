import type { Page } from "playwright-core";
import { expect } from "vitest";

// Steps in the demo's admin that several browser tests take on the way to what they test. Labels
// come in the page's language from the test's own table.

/** Waits until the page is hydrated: before, a click on a button of a form does nothing. */
export async function hydrated(page: Page): Promise<void> {
  // The first page of a run loads every asset cold, on a machine the other tests share.
  await page.waitForFunction(() => "__remixRouter" in window, undefined, { timeout: 90_000 });
}

/**
 * Waits until Remix has no navigation or revalidation in flight: a link clicked while one is
 * pending aborts it, and the browser logs the aborted fetch.
 */
export async function navigationIdle(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const router = (window as unknown as { __remixRouter?: { state: { navigation: { state: string }; revalidation: string } } }).__remixRouter;
    return router !== undefined && router.state.navigation.state === "idle" && router.state.revalidation === "idle";
  });
}

/** On the program page: switches the program on from today when it is off; whether it switched. */
export async function switchProgramOn(page: Page, switchOnLabel: string): Promise<boolean> {
  const status = page.getByTestId("loyalty-status");
  await expect.poll(() => status.count()).toBe(1);
  await hydrated(page);
  if ((await status.getAttribute("data-enabled")) === "true") return false;
  await page.getByRole("button", { name: switchOnLabel }).click();
  await expect.poll(() => status.getAttribute("data-enabled")).toBe("true");
  return true;
}

/** On the program settings page: saves the form and waits for its confirmation; what it says. */
export async function saveSettings(page: Page, saveLabel: string): Promise<string> {
  await page.getByRole("button", { name: saveLabel }).first().click();
  const saved = page.getByTestId("settings-saved");
  await expect.poll(() => saved.isVisible(), { timeout: 15_000 }).toBe(true);
  return saved.innerText();
}
