import { readFileSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { inject } from "vitest";

/** The shared demo app's address (see global-setup.ts). */
export const demoBaseUrl = () => inject("demoBaseUrl");

/** What the shared demo server has printed so far. */
export const demoServerLog = () => readFileSync(inject("demoLogFile"), "utf8");

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
  });
}

/** Console errors and uncaught exceptions of a page (React hydration errors among them). */
export function collectErrors(page: Page, ignore: RegExp[] = []): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && !ignore.some((pattern) => pattern.test(message.text()))) errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}
