import { readFileSync } from "node:fs";
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "playwright-core";
import { afterAll, beforeAll, inject } from "vitest";

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

export interface OpenedPage {
  page: Page;
  /** The page's own context (cookies, locale): closing it closes the page. */
  context: BrowserContext;
  /** Console errors and uncaught exceptions, as collectErrors gathers them. */
  errors: string[];
}

export interface FileBrowser {
  /** A page in a fresh context whose browser speaks `locale`. */
  openPage(locale: string, options?: { ignoreErrors?: RegExp[]; context?: BrowserContextOptions }): Promise<OpenedPage>;
}

/** One Chromium for the test file: launched before its tests, closed after them. */
export function setUpChromium(): FileBrowser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    async openPage(locale, options = {}) {
      if (!browser) throw new Error("Chromium starts in a hook: open pages inside tests");
      const context = await browser.newContext({ ...options.context, locale });
      const page = await context.newPage();
      return { page, context, errors: collectErrors(page, options.ignoreErrors) };
    },
  };
}
