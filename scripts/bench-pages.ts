import { chromium, type Page } from "playwright-core";
import { startDemoServer } from "./lib/demo-server";

// npm run bench:pages — how the admin's pages feel to a merchant, measured in Chromium on the demo
// shop as `npm start` serves it: Largest Contentful Paint and Cumulative Layout Shift of each page
// loaded cold (new browser context), and the Interaction to Next Paint of one typical interaction
// on it (a sort header, a filter, a link), in German and English. Medians over BENCH_PAGE_RUNS
// (default 3) loads. The demo's size: BENCH_DEMO_CUSTOMERS / BENCH_DEMO_ORDERS (default the full
// demo). Chromium's web-vitals thresholds: LCP good ≤ 2.5 s, CLS ≤ 0.1, INP ≤ 200 ms.

const RUNS = Number(process.env.BENCH_PAGE_RUNS ?? 3);
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

interface Vitals {
  lcpMs: number | null;
  cls: number;
  inpMs: number | null;
}

/** Records LCP, layout shifts and event timings from the first byte on (runs before the page's scripts). */
function observeVitals() {
  const vitals = { lcp: null as number | null, cls: 0, inp: null as number | null };
  (window as unknown as { __vitals: typeof vitals }).__vitals = vitals;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) vitals.lcp = entry.startTime;
  }).observe({ type: "largest-contentful-paint", buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as Array<PerformanceEntry & { value: number; hadRecentInput: boolean }>) {
      if (!entry.hadRecentInput) vitals.cls += entry.value;
    }
  }).observe({ type: "layout-shift", buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as Array<PerformanceEntry & { interactionId: number }>) {
      if (entry.interactionId > 0) vitals.inp = Math.max(vitals.inp ?? 0, entry.duration);
    }
  }).observe({ type: "event", buffered: true, durationThreshold: 16 } as PerformanceObserverInit);
}

interface PageCase {
  name: string;
  path: string | ((page: Page, baseUrl: string) => Promise<string>);
  /** The interaction whose INP is measured. */
  interact(page: Page): Promise<void>;
}

const clickFirst = (selector: string) => async (page: Page) => {
  await page.locator(selector).first().click();
};

/** The href of the first link matching `selector` on `listPath`. */
const firstLinkOn = (listPath: string, selector: string) => async (page: Page, baseUrl: string) => {
  await page.goto(`${baseUrl}${listPath}`);
  const href = await page.locator(selector).first().getAttribute("href");
  if (!href) throw new Error(`No link ${selector} on ${listPath}`);
  return href;
};

const PAGES: PageCase[] = [
  { name: "home", path: "/app", interact: clickFirst("nav a, [data-testid=demo-nav] a") },
  { name: "customers", path: "/app/customers", interact: clickFirst("th button") },
  { name: "customer", path: firstLinkOn("/app/customers", 'a[href^="/app/customers/"]'), interact: clickFirst("nav a, [data-testid=demo-nav] a") },
  { name: "orders", path: "/app/orders", interact: clickFirst("th button") },
  { name: "order", path: firstLinkOn("/app/orders", 'a[href^="/app/orders/"]'), interact: clickFirst("nav a, [data-testid=demo-nav] a") },
];

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? null : sorted[Math.floor(sorted.length / 2)]!;
};

async function measure(baseUrl: string, locale: string, pageCase: PageCase): Promise<Vitals[]> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox", "--disable-gpu"] });
  const results: Vitals[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext({ locale, viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      const path = typeof pageCase.path === "string" ? pageCase.path : await pageCase.path(page, baseUrl);
      await page.addInitScript(observeVitals);
      await page.goto(`${baseUrl}${path}`, { waitUntil: "networkidle" });
      await pageCase.interact(page);
      await page.waitForTimeout(500);
      const vitals = await page.evaluate(() => (window as unknown as { __vitals: { lcp: number | null; cls: number; inp: number | null } }).__vitals);
      results.push({ lcpMs: vitals.lcp, cls: vitals.cls, inpMs: vitals.inp });
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return results;
}

async function main() {
  const customers = process.env.BENCH_DEMO_CUSTOMERS ? Number(process.env.BENCH_DEMO_CUSTOMERS) : undefined;
  const orders = process.env.BENCH_DEMO_ORDERS ? Number(process.env.BENCH_DEMO_ORDERS) : undefined;
  const server = await startDemoServer({ customers, orders });
  try {
    console.log(`page          locale  LCP ms  CLS     INP ms   (medians of ${RUNS} cold loads)`);
    for (const locale of ["de-DE", "en-US"]) {
      for (const pageCase of PAGES) {
        const runs = await measure(server.baseUrl, locale, pageCase);
        const lcp = median(runs.flatMap((run) => (run.lcpMs === null ? [] : [run.lcpMs])));
        const cls = median(runs.map((run) => run.cls));
        const inp = median(runs.flatMap((run) => (run.inpMs === null ? [] : [run.inpMs])));
        console.log(
          `${pageCase.name.padEnd(13)} ${locale}  ${String(lcp === null ? "—" : Math.round(lcp)).padStart(6)}  ${(cls ?? 0).toFixed(3)}  ${String(inp === null ? "<16" : Math.round(inp)).padStart(6)}`,
        );
      }
    }
  } finally {
    await server.stop();
  }
}

await main();
