import { describe, expect, test } from "vitest";
import { DEMO_API_SECRET } from "~/config/env.server";
import { DEMO_SHOP } from "~/demo/demo-shop";
import { replaceAll, shopifyFixture } from "../helpers/fixtures";
import { shopifyWebhookRequest } from "../helpers/shopify-webhooks";
import { hydrated, saveSettings, switchProgramOn } from "./support/admin-steps";
import { demoBaseUrl, setUpChromium } from "./support/browser";

// The loyalty API end to end in the demo (see support/global-setup.ts): the merchant sets up an
// action of their own in the settings and an API key on the integrations page, a system of
// theirs grants the action's points over HTTP (a retry gets the first answer), the limit holds,
// and once the merchant revokes the key it is refused.

const browser = setUpChromium();
const baseUrl = demoBaseUrl();

const LANGUAGES = [
  {
    locale: "de-DE",
    switchOn: "Einschalten",
    addAction: "Aktion hinzufügen",
    label: "Name",
    key: "Schlüssel",
    points: "Punkte",
    count: "Höchstens (Mal pro Kunde)",
    period: "Innerhalb von",
    day: "beliebigen 24 Stunden",
    save: "Speichern",
    keyName: "Name",
    createKey: "Schlüssel anlegen",
    revoke: "Widerrufen",
    revoked: "Der API-Schlüssel wurde widerrufen.",
  },
  {
    locale: "en-US",
    switchOn: "Switch on",
    addAction: "Add action",
    label: "Name",
    key: "Key",
    points: "Points",
    count: "At most (times per customer)",
    period: "Within",
    day: "any 24 hours",
    save: "Save",
    keyName: "Name",
    createKey: "Create key",
    revoke: "Revoke",
    revoked: "The API key was revoked.",
  },
] as const;

/** A new customer account in the demo shop, as Shopify reports one; its platform id. */
async function newCustomer(run: string): Promise<string> {
  const platformId = `207119551${run}`;
  let body = shopifyFixture("customers/create");
  body = replaceAll(body, "207119551123456821", platformId);
  body = replaceAll(body, "207119551987654333", `207119552${run}`);
  body = replaceAll(body, "Dana.Example+shop@Example.com", `dana.${run}@example.com`);
  const request = shopifyWebhookRequest({ topic: "customers/create", shop: DEMO_SHOP.domain, body, secret: DEMO_API_SECRET });
  const response = await fetch(`${baseUrl}/webhooks/customers/create`, { method: "POST", headers: request.headers, body });
  expect(response.status).toBe(200);
  return platformId;
}

async function grant(secret: string, idempotencyKey: string, body: object) {
  const response = await fetch(`${baseUrl}/api/loyalty/actions`, {
    method: "POST",
    headers: { authorization: `Bearer ${secret}`, "idempotency-key": idempotencyKey, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, replayed: response.headers.get("idempotent-replayed"), body: (await response.json()) as Record<string, unknown> };
}

describe("the loyalty API in the demo", () => {
  test.each(LANGUAGES)("an action set up in the settings earns through an API key made on the integrations page, until the key is revoked ($locale)", async (lang) => {
    const run = String(Date.now()).slice(-9);
    const actionKey = `e2e_review_${lang.locale.slice(0, 2)}_${run}`;
    const { page, context, errors } = await browser.openPage(lang.locale);
    await page.goto(`${baseUrl}/app/loyalty`);
    await switchProgramOn(page, lang.switchOn);

    await page.goto(`${baseUrl}/app/loyalty/settings`);
    await hydrated(page);
    await page.getByRole("button", { name: lang.addAction }).click();
    const action = page.getByTestId("custom-action").last();
    await action.getByLabel(lang.label, { exact: true }).fill("Bewertung");
    await action.getByLabel(lang.key, { exact: true }).fill(actionKey);
    await action.getByLabel(lang.points, { exact: true }).fill("35");
    await action.getByLabel(lang.count, { exact: true }).fill("2");
    await action.getByLabel(lang.period, { exact: true }).selectOption({ label: lang.day });
    await saveSettings(page, lang.save);

    await page.goto(`${baseUrl}/app/integrations`);
    await hydrated(page);
    await page.locator("#api-key-name").fill(`Reviews ${run}`);
    await page.getByRole("button", { name: lang.createKey }).click();
    await expect.poll(() => page.getByTestId("api-key-secret").count(), { timeout: 15_000 }).toBe(1);
    const secret = await page.getByTestId("api-key-secret").innerText();
    expect(secret).toMatch(/^crm_/);
    const row = page.locator(`tr:has([data-testid="api-key-row"]:text-is("Reviews ${run}"))`);
    expect(await row.innerText()).toContain(secret.slice(0, 12));

    const platformId = await newCustomer(run);
    const request = { action: actionKey, customer: { platformId } };
    // Until the webhook is processed the customer is unknown; each try is a new request (a new key).
    let attempt = 0;
    let first = await grant(secret, `${run}-try-${attempt}`, request);
    for (const deadline = Date.now() + 30_000; first.status === 404 && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      first = await grant(secret, `${run}-try-${++attempt}`, request);
    }
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ action: actionKey, points: 35, customer: { id: expect.any(String) } });
    expect(first.body.balance).toBeGreaterThanOrEqual(35);

    const retry = await grant(secret, `${run}-try-${attempt}`, request);
    expect(retry).toEqual({ ...first, replayed: "true" });
    expect((await grant(secret, `${run}-second`, request)).status).toBe(200);
    expect(await grant(secret, `${run}-third`, request)).toMatchObject({ status: 422, body: { error: "limit_reached" } });

    await page.reload();
    await hydrated(page);
    await row.getByRole("button", { name: lang.revoke }).click();
    await expect.poll(() => page.getByTestId("integrations-notice").innerText(), { timeout: 15_000 }).toContain(lang.revoked);
    expect(await grant(secret, `${run}-after-revoke`, request)).toMatchObject({ status: 401, body: { error: "api_key_revoked" } });
    const revokedRow = page.locator(`[data-testid="api-key-row"]:text-is("Reviews ${run}")`);
    await expect.poll(() => revokedRow.getAttribute("data-revoked"), { timeout: 15_000 }).toBe("true");
    expect(errors).toEqual([]);
    await context.close();
  });
});
