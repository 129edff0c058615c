import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { demoBaseUrl, setUpChromium } from "./support/browser";

// The integrations page in the demo admin (see support/global-setup.ts): the merchant adds an
// endpoint on this machine, copies the secret shown once, sends a test event, sees it delivered
// in the log, and removes the endpoint again, leaving the shop as it found it.

const browser = setUpChromium();
let receiver: Server;
let receiverUrl: string;
const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
const baseUrl = demoBaseUrl();

beforeAll(async () => {
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});

afterAll(async () => {
  await new Promise((resolve) => receiver?.close(resolve));
});

const LANGUAGES = [
  {
    locale: "de-DE",
    nav: "Integrationen",
    title: "Integrationen",
    insecure: "Die URL muss mit https:// beginnen",
    onlyTier: "Stufe geändert",
    others: ["Punkte gesammelt", "Punkte eingelöst", "Punkte verfallen bald"],
    add: "Endpunkt hinzufügen",
    created: "Endpunkt hinzugefügt",
    test: "Testereignis senden",
    delivered: "Zugestellt",
    remove: "Entfernen",
    empty: "Noch keine Endpunkte.",
  },
  {
    locale: "en-US",
    nav: "Integrations",
    title: "Integrations",
    insecure: "The URL must start with https://",
    onlyTier: "Tier changed",
    others: ["Points earned", "Points redeemed", "Points expiring"],
    add: "Add endpoint",
    created: "Endpoint added",
    test: "Send test event",
    delivered: "Delivered",
    remove: "Remove",
    empty: "No endpoints yet.",
  },
] as const;

describe("integrations page in Chromium", () => {
  test.each(LANGUAGES)("adds an endpoint, shows its secret once, delivers a signed test event and removes it ($locale)", async (lang) => {
    const { context, page, errors } = await browser.openPage(lang.locale);
    await page.goto(`${baseUrl}/app`);
    await page.getByTestId("demo-nav").getByRole("link", { name: lang.nav }).click();
    await page.waitForURL(/\/app\/integrations$/);
    await expect.poll(() => page.getByRole("heading", { name: lang.title }).first().isVisible()).toBe(true);

    // Plain http to another machine is refused, with the reason.
    await page.locator("#endpoint-url").fill("http://hooks.example.com/crm");
    await page.getByRole("button", { name: lang.add }).click();
    await expect.poll(() => page.getByText(lang.insecure).isVisible()).toBe(true);

    await page.locator("#endpoint-url").fill(receiverUrl);
    for (const other of lang.others) await page.getByText(other, { exact: true }).click();
    await page.getByRole("button", { name: lang.add }).click();
    await expect.poll(() => page.getByTestId("endpoint-created").innerText()).toContain(lang.created);
    const secret = await page.getByTestId("endpoint-secret").innerText();
    expect(secret).toMatch(/^whsec_/);
    const row = page.locator(`tr:has([data-testid="endpoint-row"]:text-is("${receiverUrl}"))`);
    expect(await row.innerText()).toContain(lang.onlyTier);
    expect(await row.innerText()).not.toContain(lang.others[0]);

    const before = received.length;
    await row.getByRole("button", { name: lang.test }).click();
    await expect.poll(() => received.length, { timeout: 20_000 }).toBe(before + 1);
    const request = received[before]!;
    expect(request.headers["x-crm-topic"]).toBe("test");
    const timestamp = String(request.headers["x-crm-timestamp"]);
    const expected = createHmac("sha256", secret).update(`${timestamp}.${request.body}`).digest();
    expect(timingSafeEqual(Buffer.from(String(request.headers["x-crm-signature"]), "hex"), expected)).toBe(true);
    // The secret is not shown again.
    await page.reload();
    expect(await page.getByTestId("endpoint-secret").count()).toBe(0);
    await expect
      .poll(async () => {
        await page.reload();
        return page.locator(`tr:has([data-testid="delivery-row"][data-status="DELIVERED"])`).first().innerText();
      }, { timeout: 20_000 })
      .toContain(lang.delivered);

    await page.locator(`tr:has([data-testid="endpoint-row"]:text-is("${receiverUrl}"))`).getByRole("button", { name: lang.remove }).click();
    await expect.poll(() => page.getByText(lang.empty).isVisible()).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});
