import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createEndpoint } from "~/core/integrations/endpoints.server";
import { setBirthday } from "~/core/loyalty/birthday.server";
import { createLoyaltyDueJobs } from "~/core/loyalty/due.job.server";
import { appendEntries, lockMember } from "~/core/loyalty/ledger.server";
import { memberProfile } from "~/core/loyalty/member-profile.server";
import { ledgerOptions } from "~/core/loyalty/member-tier.server";
import { DEFAULT_PROGRAM_SETTINGS, type ProgramSettings } from "~/core/loyalty/program-settings";
import { activeProgram, saveProgram } from "~/core/loyalty/program.server";
import { redactCustomer } from "~/core/privacy/privacy.server";
import { recordInstall } from "~/core/shops/shops.server";
import { JobQueue } from "~/jobs/queue.server";
import { loader as memberLoader } from "~/routes/proxy.loyalty.member";
import { action as birthdayAction } from "~/routes/proxy.loyalty.birthday";
import type { Runtime } from "~/runtime.server";
import { askProxy, type AppProxyRequestOptions } from "../helpers/app-proxy";
import { startTestRuntime } from "../helpers/test-runtime";

// Birthday points end to end on the store: the shopper gives their birthday through the app
// proxy (a signed query names them), the program's clock (loyalty.due, on the test's clock) wakes
// the member on the day and pays once, and neither a change of date nor a date given too late
// pays more than the rules allow.

const SHOP = "birthday-shop.myshopify.com";
const KIM = "7001";
const DAY = 86_400_000;

let runtime: Runtime;
let queue: JobQueue;
let clock: Date;
/** An outbound webhooks receiver that takes everything. */
let receiver: Server;

beforeAll(async () => {
  runtime = await startTestRuntime();
  queue = new JobQueue(runtime.db, { concurrency: 1, retryBaseMs: 0 }).register({ ...runtime.jobHandlers, ...createLoyaltyDueJobs(() => clock) });
  receiver = createServer((_request, response) => response.end());
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
});
afterAll(async () => {
  await new Promise((resolve) => receiver.close(resolve));
  await runtime.close();
});

let shopId: string;
let customerId: string;

beforeEach(async () => {
  clock = new Date("2024-01-01T00:00:00Z");
  await runtime.db.job.deleteMany();
  await runtime.db.shop.deleteMany();
  const shop = await recordInstall(runtime.db, { platform: "SHOPIFY", domain: SHOP, sealedAccessToken: runtime.secretBox.seal("shpat_birthday"), scopes: "", currency: "EUR" });
  shopId = shop.id;
  customerId = (await runtime.db.customer.create({ data: { shopId, platformId: KIM, email: "kim@example.org" } })).id;
});

async function startProgram(overrides: Partial<ProgramSettings> = {}, startedAt = new Date("2020-01-01T00:00:00Z")) {
  const settings: ProgramSettings = { ...DEFAULT_PROGRAM_SETTINGS, ...overrides };
  await runtime.db.$transaction((tx) => saveProgram(tx, shopId, { settings, enabled: true, startedAt }));
}

const member = () => runtime.db.loyaltyMember.findFirstOrThrow({ where: { customerId }, include: { entries: { orderBy: { occurredAt: "asc" } } } });
const birthdayEntries = async () => (await member()).entries.filter((entry) => entry.reason === "birthday");

/** The program's clock at `iso`: one run of loyalty.due. */
async function runClockAt(iso: string) {
  clock = new Date(iso);
  await runtime.db.job.create({ data: { kind: "loyalty.due", payload: {} } });
  await queue.drain();
}

const postBirthday = (body: unknown, options: Partial<AppProxyRequestOptions> = {}) =>
  askProxy(runtime, birthdayAction, { shop: SHOP, customerId: KIM, path: "/proxy/loyalty/birthday", method: "POST", body, ...options });

const memberView = async (locale: "de" | "en") =>
  (
    await askProxy(runtime, memberLoader, { shop: SHOP, customerId: KIM, path: "/proxy/loyalty/member", query: { locale } })
  ).body.member as { birthday: Record<string, unknown> | null; history: Array<{ text: string; points: number }> };

/** A month and day `days` from the real now (the route runs on the real clock). */
function dayFromNow(days: number) {
  const date = new Date(Date.now() + days * DAY);
  return { month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

describe("giving the birthday through the app proxy", () => {
  test("a signed-in customer gives it; the panel shows it; the same day again changes nothing; another day is refused for a year", async () => {
    await startProgram();
    const birthday = dayFromNow(100);
    const saved = await postBirthday(birthday, { query: { locale: "de" } });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ birthday, skipsThisYear: false, message: expect.stringMatching(/^Vielen Dank! Ihre Geburtstagspunkte kommen am \d\d\.\d\d\.\d{4}\.$/) });
    const row = await member();
    expect(row).toMatchObject({ birthMonth: birthday.month, birthDay: birthday.day, balance: 0 });
    // The clock will wake the member on the day.
    expect(row.nextDueAt?.toISOString()).toBe(saved.body.pointsOn);

    const view = await memberView("en");
    expect(view.birthday).toMatchObject({ month: birthday.month, day: birthday.day, canChange: false, text: expect.stringMatching(/^Your birthday: [A-Z][a-z]+ \d+$/) });
    expect(view.birthday!.changeText).toMatch(/^You can change it again from /);

    const again = await postBirthday(birthday);
    expect(again.status).toBe(200);
    expect((await member()).birthdaySetAt).toEqual(row.birthdaySetAt);

    const changed = await postBirthday(dayFromNow(120), { query: { locale: "en" } });
    expect(changed).toMatchObject({ status: 409, body: { error: "locked", message: expect.stringMatching(/^Your birthday can be changed once a year\. You can change it again from .+\.$/) } });
    expect(await member()).toMatchObject({ birthMonth: birthday.month, birthDay: birthday.day });
  });

  test("a birthday less than 30 days away is saved, and the shopper is told it earns nothing this time", async () => {
    await startProgram();
    const saved = await postBirthday(dayFromNow(10), { query: { locale: "en" } });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ skipsThisYear: true, message: expect.stringMatching(/^Thank you! Your birthday is less than 30 days away, so it earns no points this time\. Your first birthday points come on .+\.$/) });
    expect(new Date(saved.body.pointsOn as string).getTime()).toBeGreaterThan(Date.now() + 300 * DAY);
  });

  test("days that do not exist and malformed bodies are refused in the shopper's language", async () => {
    await startProgram();
    for (const body of [{ month: 2, day: 30 }, { month: 13, day: 1 }, { month: 4, day: 31 }, { month: "3", day: 1 }, null]) {
      const refused = await postBirthday(body, { query: { locale: "de" } });
      expect(refused).toEqual({ status: 400, body: { error: "invalid_date", message: "Bitte wählen Sie einen Tag, den es gibt (den 30. Februar zum Beispiel nicht)." }, cache: "no-store" });
    }
    expect(await runtime.db.loyaltyMember.count()).toBe(0);
    // 29 February is a birthday.
    expect((await postBirthday({ month: 2, day: 29 })).status).toBe(200);
  });

  test("only a signed-in customer, with a signed query and a JSON body, of a program that gives birthday points", async () => {
    await startProgram({ actions: { ...DEFAULT_PROGRAM_SETTINGS.actions, birthday: 0 } });
    expect(await postBirthday({ month: 5, day: 5 }, { query: { locale: "en" } })).toEqual({
      status: 422,
      body: { error: "no_birthday_points", message: "This shop gives no birthday points at the moment." },
      cache: "no-store",
    });
    expect((await memberView("en")).birthday).toBeNull();
    await startProgram();
    expect((await postBirthday({ month: 5, day: 5 }, { customerId: "" })).status).toBe(403);
    expect((await postBirthday({ month: 5, day: 5 }, { signature: "0".repeat(64) })).status).toBe(401);
    expect((await postBirthday({ month: 5, day: 5 }, { customerId: "999" })).body).toMatchObject({ error: "not_a_member" });
    expect((await postBirthday(undefined, { form: { month: "5", day: "5" } })).status).toBe(415);
    expect(await runtime.db.loyaltyMember.count()).toBe(0);
  });

  test("a member who has not given it is invited with the points it earns", async () => {
    await startProgram();
    expect((await memberView("de")).birthday).toEqual({
      month: null,
      day: null,
      text: "Verraten Sie uns Ihren Geburtstag und erhalten Sie jedes Jahr an diesem Tag 100 Punkte.",
      note: null,
      canChange: true,
      changeText: null,
    });
  });
});

describe("the clock pays the birthday", () => {
  const give = (month: number, day: number, at: string) => setBirthday(runtime.db, { shopId, customerId, birthday: { month, day } }, new Date(at));

  test("on the day, once: available at once, expiring as the program's lots do, with its event, timeline entry and history line", async () => {
    await startProgram();
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    await createEndpoint(runtime.db, runtime.secretBox, shopId, { url, topics: ["loyalty.points_earned"] });
    await give(3, 15, "2024-01-01T10:00:00Z");
    expect((await member()).nextDueAt).toEqual(new Date("2024-03-15T00:00:00Z"));

    await runClockAt("2024-03-14T23:50:00Z");
    expect(await birthdayEntries()).toEqual([]);

    await runClockAt("2024-03-15T00:05:00Z");
    await runClockAt("2024-03-15T00:15:00Z");
    const entries = await birthdayEntries();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      kind: "EARN",
      points: 100,
      sourceKey: `birthday:${(await member()).id}:2024`,
      occurredAt: new Date("2024-03-15T00:00:00Z"),
      availableAt: new Date("2024-03-15T00:00:00Z"),
      expiresAt: new Date(new Date("2024-03-15T00:00:00Z").getTime() + 365 * DAY),
    });
    expect(await member()).toMatchObject({ balance: 100, available: 100, pending: 0, nextDueAt: new Date("2025-02-13T00:00:00Z") });
    expect(await runtime.db.timelineEvent.count({ where: { customerId, kind: "loyalty.points_earned" } })).toBe(1);
    const events = await runtime.db.outboundWebhookDelivery.findMany({ where: { shopId, topic: "loyalty.points_earned" } });
    expect(events.map((event) => event.payload)).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ reason: "birthday", points: 100, order: null, entryId: entries[0]!.id, balance: 100, available: 100 }) }),
    ]);

    expect((await memberView("en")).history[0]).toMatchObject({ text: "Birthday points", points: 100 });
    expect((await memberView("de")).history[0]).toMatchObject({ text: "Geburtstagspunkte" });

    // The merchant sees the day and the entry on the customer's page.
    const profile = (await memberProfile(runtime.db, shopId, customerId)).member!;
    expect(profile.birthday).toEqual({ month: 3, day: 15, setAt: "2024-01-01T10:00:00.000Z" });
    expect(profile.entries).toEqual([expect.objectContaining({ kind: "EARN", points: 100, reason: "birthday" })]);

    // The next year's comes on its day.
    await runClockAt("2025-03-15T00:05:00Z");
    expect((await birthdayEntries()).map((entry) => entry.sourceKey.split(":")[2])).toEqual(["2024", "2025"]);
  });

  test("an entry written on the day before the clock came does not make the member miss it", async () => {
    await startProgram({ expiry: { kind: "never" } });
    await give(3, 15, "2024-01-01T10:00:00Z");
    const program = (await activeProgram(runtime.db, shopId))!;
    const at = new Date("2024-03-15T00:01:00Z");
    await runtime.db.$transaction(async (tx) => {
      const row = await lockMember(tx, shopId, customerId);
      await appendEntries(tx, row, [{ kind: "import", points: 40, occurredAt: at, sourceKey: `import:${customerId}` }], at, ledgerOptions(program));
    });
    expect((await member()).nextDueAt).toEqual(new Date("2024-03-15T00:00:00Z"));
    await runClockAt("2024-03-15T02:00:00Z");
    expect(await birthdayEntries()).toHaveLength(1);
    expect(await member()).toMatchObject({ balance: 140, nextDueAt: new Date("2025-03-15T00:00:00Z") });
  });

  test("a change of date after the year's points pays nothing more that year, and pays the new day the next year", async () => {
    await startProgram({ expiry: { kind: "never" } });
    await give(3, 15, "2023-01-01T10:00:00Z");
    await runClockAt("2024-03-15T00:05:00Z");
    expect(await birthdayEntries()).toHaveLength(1);

    const changed = await give(6, 20, "2024-04-01T00:00:00Z");
    expect(changed).toMatchObject({ ok: true, changed: true, pointsOn: new Date("2025-06-20T00:00:00Z") });
    expect((await member()).nextDueAt).toEqual(new Date("2025-06-20T00:00:00Z"));
    await runClockAt("2024-06-20T00:05:00Z");
    expect(await birthdayEntries()).toHaveLength(1);
    await runClockAt("2025-06-20T00:05:00Z");
    expect((await birthdayEntries()).map((entry) => entry.occurredAt.toISOString())).toEqual(["2024-03-15T00:00:00.000Z", "2025-06-20T00:00:00.000Z"]);
  });

  test("a birthday given less than 30 days before it pays nothing that year, then pays the next", async () => {
    await startProgram({ expiry: { kind: "never" } });
    expect(await give(3, 15, "2024-03-01T00:00:00Z")).toMatchObject({ ok: true, skipsThisYear: true, pointsOn: new Date("2025-03-15T00:00:00Z") });
    expect((await member()).nextDueAt).toEqual(new Date("2025-03-15T00:00:00Z"));
    await runClockAt("2024-03-15T00:05:00Z");
    expect(await birthdayEntries()).toEqual([]);
    await runClockAt("2025-03-15T00:05:00Z");
    expect(await birthdayEntries()).toHaveLength(1);
  });

  test("a birthday the clock reaches more than a week late waits for the next year; one before the program's start pays nothing", async () => {
    await startProgram({ expiry: { kind: "never" } }, new Date("2024-03-20T00:00:00Z"));
    await give(3, 15, "2024-01-01T00:00:00Z");
    expect((await member()).nextDueAt).toEqual(new Date("2025-03-15T00:00:00Z"));
    await runClockAt("2024-03-15T00:05:00Z");
    expect(await birthdayEntries()).toEqual([]);
    await runClockAt("2025-03-23T00:00:00Z");
    expect(await birthdayEntries()).toEqual([]);
    expect((await member()).nextDueAt).toEqual(new Date("2026-03-15T00:00:00Z"));
  });

  test("birthday points switched off and on again: the clock kept visiting, so the next birthday pays", async () => {
    await startProgram({ expiry: { kind: "never" } });
    await give(3, 15, "2024-01-01T10:00:00Z");
    await startProgram({ expiry: { kind: "never" }, actions: { ...DEFAULT_PROGRAM_SETTINGS.actions, birthday: 0 } });
    await runClockAt("2024-03-15T00:05:00Z");
    expect(await birthdayEntries()).toEqual([]);
    expect((await member()).nextDueAt).toEqual(new Date("2025-03-15T00:00:00Z"));
    await startProgram({ expiry: { kind: "never" } });
    await runClockAt("2025-03-15T00:05:00Z");
    expect((await birthdayEntries()).map((entry) => entry.sourceKey.split(":")[2])).toEqual(["2025"]);
  });

  test("a customer's erasure erases the birthday they gave; their points stay", async () => {
    await startProgram({ expiry: { kind: "never" } });
    await give(3, 15, "2023-01-01T10:00:00Z");
    await runClockAt("2024-03-15T00:05:00Z");
    await runtime.db.$transaction((tx) => redactCustomer(tx, { id: shopId, domain: SHOP }, { customerPlatformId: KIM, email: null, phone: null, orderPlatformIds: [] }));
    expect(await member()).toMatchObject({ birthMonth: null, birthDay: null, birthdaySetAt: null, balance: 100 });
  });
});
