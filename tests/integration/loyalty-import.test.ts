import { setUpValidSession } from "@shopify/shopify-api/test-helpers";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { DEFAULT_SCOPES } from "~/config/env.server";
import { parseCsv } from "~/core/csv";
import { importBalances, importSourceKey } from "~/core/loyalty/balance-import.server";
import { appendEntries, lockMember } from "~/core/loyalty/ledger.server";
import { EXPORT_PAGE_SIZE, membersCsv } from "~/core/loyalty/members-export.server";
import { DEFAULT_PROGRAM_SETTINGS, type ProgramSettings } from "~/core/loyalty/program-settings";
import { saveProgram } from "~/core/loyalty/program.server";
import { recordInstall } from "~/core/shops/shops.server";
import { loader as exportLoader } from "~/routes/app.loyalty.export";
import { action as importAction } from "~/routes/app.loyalty.import";
import type { Runtime } from "~/runtime.server";
import { signedAdminRequest } from "../helpers/admin-requests";
import { startTestRuntime, TEST_ENV, testRuntime } from "../helpers/test-runtime";

// Balances from another loyalty app: a file is checked against the shop's customers, written only
// when every row is right and then all at once; the same file twice changes nothing; the members
// export shows what was imported.

const STORE = "kaffee-kontor";
const SHOP = `${STORE}.myshopify.com`;
const OTHER_SHOP = "tee-haus.myshopify.com";
const NOW = new Date("2026-12-04T10:00:00Z");
const DAY = 86_400_000;

let runtime: Runtime;
let shopId: string;
let otherShopId: string;

const utf8 = (text: string) => new TextEncoder().encode(text);
const db = () => testRuntime().db;

async function install(domain: string): Promise<string> {
  const shop = await recordInstall(runtime.db, {
    platform: "SHOPIFY",
    domain,
    sealedAccessToken: runtime.secretBox.seal("shpat_test"),
    scopes: DEFAULT_SCOPES.join(","),
    currency: "EUR",
  });
  return shop.id;
}

async function startProgram(id: string, overrides: Partial<ProgramSettings> = {}) {
  await runtime.db.$transaction((tx) =>
    saveProgram(tx, id, { settings: { ...DEFAULT_PROGRAM_SETTINGS, expiry: { kind: "lot_age", days: 365 }, ...overrides }, enabled: true }),
  );
}

async function customer(id: string, data: { platformId?: string | null; email?: string | null; firstName?: string; isGuest?: boolean; redactedAt?: Date }) {
  const email = data.email ?? null;
  return runtime.db.customer.create({
    data: { shopId: id, platformId: data.platformId ?? null, email, emailNormalized: email?.toLowerCase() ?? null, firstName: data.firstName ?? null, isGuest: data.isGuest ?? false, redactedAt: data.redactedAt ?? null },
  });
}

beforeAll(async () => {
  runtime = await startTestRuntime();
  shopId = await install(SHOP);
  otherShopId = await install(OTHER_SHOP);
  await runtime.shopify.sessionStorage!.storeSession(
    setUpValidSession({ shop: SHOP, expires: undefined, scope: DEFAULT_SCOPES.join(","), accessToken: "shpat_test" }),
  );
});
afterAll(async () => {
  await runtime.close();
});
beforeEach(async () => {
  await db().loyaltyEntry.deleteMany();
  await db().loyaltyMember.deleteMany();
  await db().customer.deleteMany();
  await db().loyaltyProgram.deleteMany();
  await startProgram(shopId);
  await startProgram(otherShopId);
});

async function entriesOf(customerId: string) {
  return db().loyaltyEntry.findMany({ where: { member: { customerId } }, orderBy: { occurredAt: "asc" } });
}

describe("importBalances", () => {
  test("a file with a problem in any row is shown, and nothing is written, not even in apply mode", async () => {
    const ana = await customer(shopId, { platformId: "1001", email: "ana@example.com" });
    const file = utf8("E-Mail;Punkte\nana@example.com;150\nniemand@example.com;80\nana@example.com;5\n");
    for (const mode of ["preview", "apply"] as const) {
      const outcome = await importBalances(db(), shopId, file, mode, NOW);
      expect(outcome).toEqual({
        status: "invalid",
        errors: [
          { line: 3, column: "E-Mail", code: "unknown_customer" },
          { line: 4, column: "E-Mail", code: "duplicate_customer" },
        ],
        errorCount: 2,
        summary: { rows: 1, newMembers: 1, existingMembers: 0, alreadyImported: 0, points: 150 },
      });
    }
    expect(await db().loyaltyMember.count()).toBe(0);
    expect(await entriesOf(ana.id)).toEqual([]);
  });

  test("the preview says what would happen and writes nothing", async () => {
    const ana = await customer(shopId, { platformId: "1001", email: "ana@example.com" });
    await customer(shopId, { platformId: "1002", email: "bo@example.com" });
    await db().$transaction(async (tx) => {
      const member = await lockMember(tx, shopId, ana.id);
      await appendEntries(tx, member, [{ kind: "adjust", points: 10, occurredAt: NOW, sourceKey: "before" }], NOW, { inactivityDays: null });
    });
    const outcome = await importBalances(db(), shopId, utf8("customer_id,email,points\n1001,,150\n,BO@example.com,80\n"), "preview", NOW);
    expect(outcome).toEqual({ status: "ready", summary: { rows: 2, newMembers: 1, existingMembers: 1, alreadyImported: 0, points: 230 } });
    expect(await db().loyaltyMember.count()).toBe(1);
    expect(await db().loyaltyEntry.count()).toBe(1);
  });

  test("apply writes one IMPORT lot per member: the file's expiry, else the program's rule; existing balances grow", async () => {
    const ana = await customer(shopId, { platformId: "1001", email: "ana@example.com" });
    const bo = await customer(shopId, { platformId: "1002", email: "bo@example.com" });
    const cy = await customer(shopId, { platformId: "1003", email: "cy@example.com" });
    await db().$transaction(async (tx) => {
      const member = await lockMember(tx, shopId, ana.id);
      await appendEntries(tx, member, [{ kind: "adjust", points: 10, occurredAt: NOW, sourceKey: "before" }], NOW, { inactivityDays: null });
    });
    const text = "\uFEFFShopify-Kunden-ID;E-Mail;Punkte;Ablaufdatum;Notiz\n1001;;150;31.12.2027;aus Smile.io\n;bo@example.com;80;;\n;cy@example.com;0;;\n";
    const outcome = await importBalances(db(), shopId, utf8(text), "apply", NOW);
    expect(outcome).toEqual({
      status: "applied",
      summary: { rows: 3, newMembers: 2, existingMembers: 1, alreadyImported: 0, points: 230 },
      imported: 2,
      points: 230,
    });

    const anaImport = (await entriesOf(ana.id)).find((entry) => entry.kind === "IMPORT");
    expect(anaImport).toMatchObject({ points: 150, expiresAt: new Date("2028-01-01T00:00:00Z"), reason: "aus Smile.io" });
    const [boImport] = await entriesOf(bo.id);
    expect(boImport).toMatchObject({ kind: "IMPORT", points: 80, expiresAt: new Date(NOW.getTime() + 365 * DAY), reason: null });
    const hash = boImport!.sourceKey.split(":")[1]!;
    expect(boImport!.sourceKey).toBe(importSourceKey(hash, bo.id));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);

    const members = await db().loyaltyMember.findMany({ where: { shopId }, select: { customerId: true, balance: true, available: true, pending: true } });
    expect(members.sort((a, b) => a.balance - b.balance)).toEqual([
      { customerId: cy.id, balance: 0, available: 0, pending: 0 },
      { customerId: bo.id, balance: 80, available: 80, pending: 0 },
      { customerId: ana.id, balance: 160, available: 160, pending: 0 },
    ]);
    expect(await entriesOf(cy.id)).toEqual([]);
  });

  test("importing the same file twice changes nothing the second time", async () => {
    const ana = await customer(shopId, { platformId: "1001", email: "ana@example.com" });
    const file = utf8("email,points\nana@example.com,150\n");
    await importBalances(db(), shopId, file, "apply", NOW);
    expect(await importBalances(db(), shopId, file, "preview", NOW)).toMatchObject({ status: "ready", summary: { alreadyImported: 1, existingMembers: 1 } });
    const again = await importBalances(db(), shopId, file, "apply", new Date(NOW.getTime() + DAY));
    expect(again).toMatchObject({ status: "applied", imported: 0, points: 0 });
    expect((await entriesOf(ana.id)).map((entry) => entry.points)).toEqual([150]);
    expect(await db().loyaltyMember.findUniqueOrThrow({ where: { customerId: ana.id } })).toMatchObject({ balance: 150 });
  });

  test("another shop's customers, guests and erased customers never match", async () => {
    const foreign = await customer(otherShopId, { platformId: "2001", email: "fremd@example.com" });
    await customer(shopId, { email: "gast@example.com", isGuest: true });
    await customer(shopId, { platformId: "1009", email: null, redactedAt: NOW });
    const outcome = await importBalances(db(), shopId, utf8("customer_id;email;points\n2001;;5\n;fremd@example.com;5\n;gast@example.com;5\n1009;;5\n"), "apply", NOW);
    expect(outcome).toMatchObject({
      status: "invalid",
      errors: [
        { line: 2, column: "customer_id", code: "unknown_customer" },
        { line: 3, column: "email", code: "unknown_customer" },
        { line: 4, column: "email", code: "unknown_customer" },
        { line: 5, column: "customer_id", code: "unknown_customer" },
      ],
    });
    expect(await entriesOf(foreign.id)).toEqual([]);
    expect(await db().loyaltyMember.count()).toBe(0);
  });

  test("two rows that turn out to be the same customer are refused", async () => {
    await customer(shopId, { platformId: "1001", email: "ana@example.com" });
    const outcome = await importBalances(db(), shopId, utf8("customer_id;email;points\n;ana@example.com;5\n1001;;7\n"), "preview", NOW);
    expect(outcome).toMatchObject({ status: "invalid", errors: [{ line: 3, column: "customer_id", code: "duplicate_customer" }] });
  });

  test("without program settings nothing is read", async () => {
    await db().loyaltyProgram.deleteMany({ where: { shopId } });
    expect(await importBalances(db(), shopId, utf8("email,points\na@b.de,1\n"), "apply", NOW)).toEqual({ status: "no_program" });
  });
});

async function exported(locale: "de" | "en", id = shopId): Promise<string[][]> {
  let text = "";
  for await (const piece of membersCsv(db(), id, locale)) text += piece;
  const parsed = parseCsv(text);
  if (!parsed.ok) throw new Error("unreadable export");
  return parsed.records.map((record) => record.cells);
}

describe("members export", () => {
  test("lists the imported balances with e-mail, name, id and tier in the merchant's language", async () => {
    await customer(shopId, { platformId: "1001", email: "ana@example.com", firstName: "Ana" });
    await customer(shopId, { platformId: "1002", email: "bo@example.com" });
    await customer(otherShopId, { platformId: "2001", email: "fremd@example.com" });
    await importBalances(db(), shopId, utf8("email;points\nana@example.com;150\nbo@example.com;80\n"), "apply", NOW);
    await importBalances(db(), otherShopId, utf8("email;points\nfremd@example.com;9\n"), "apply", NOW);
    await db().loyaltyMember.updateMany({ where: { customer: { platformId: "1002" } }, data: { tierId: "silver", lastActivityAt: NOW } });

    const de = await exported("de");
    expect(de[0]).toEqual(["E-Mail", "Name", "Kunden-ID", "Punkte", "Verfügbar", "Ausstehend", "Stufe", "Letzte Aktivität"]);
    expect(de.slice(1).sort()).toEqual([
      // The import is the member's last activity (it starts their inactivity clock).
      ["ana@example.com", "Ana", "1001", "150", "150", "0", "", "04.12.2026, 11:00"],
      ["bo@example.com", "", "1002", "80", "80", "0", "Silber", "04.12.2026, 11:00"],
    ]);
    const en = await exported("en");
    expect(en[0]).toEqual(["Email", "Name", "Customer ID", "Points", "Available", "Pending", "Tier", "Last activity"]);
    expect(en.find((row) => row[2] === "1002")?.slice(6)).toEqual(["Silver", "Dec 4, 2026, 11:00 AM"]);
    expect(en).toHaveLength(3);
  });

  test("reads the members a page at a time and lists each once", async () => {
    const count = EXPORT_PAGE_SIZE * 2 + 3;
    await db().customer.createMany({
      data: Array.from({ length: count }, (_, i) => ({ shopId, platformId: String(5000 + i), email: `c${i}@example.com`, emailNormalized: `c${i}@example.com` })),
    });
    const customers = await db().customer.findMany({ where: { shopId }, select: { id: true } });
    await db().loyaltyMember.createMany({ data: customers.map((c, i) => ({ shopId, customerId: c.id, balance: i })) });
    const rows = (await exported("en")).slice(1);
    expect(rows).toHaveLength(count);
    expect(new Set(rows.map((row) => row[2])).size).toBe(count);
  });

  test("an exported file imports elsewhere: its columns are the import's", async () => {
    await customer(shopId, { platformId: "1001", email: "ana@example.com" });
    await customer(otherShopId, { platformId: "1001", email: "ana@example.com" });
    await importBalances(db(), shopId, utf8("email;points\nana@example.com;150\n"), "apply", NOW);
    let text = "";
    for await (const piece of membersCsv(db(), shopId, "de")) text += piece;
    expect(await importBalances(db(), otherShopId, utf8(text), "apply", NOW)).toMatchObject({ status: "applied", imported: 1, points: 150 });
  });
});

describe("routes", () => {
  const importUrl = `${TEST_ENV.SHOPIFY_APP_URL}/app/loyalty/import`;
  async function upload(intent: "preview" | "apply", text: string) {
    const form = new FormData();
    form.set("intent", intent);
    form.set("file", new File([text], "balances.csv", { type: "text/csv" }));
    const request = await signedAdminRequest(STORE, new Request(importUrl, { method: "POST", body: form }));
    return importAction({ request, params: {}, context: { runtime } });
  }

  test("the import page previews, then imports, for the shop of the session token", async () => {
    const ana = await customer(shopId, { platformId: "1001", email: "ana@example.com" });
    const file = "E-Mail;Punkte\nana@example.com;150\n";
    expect(await upload("preview", file)).toMatchObject({ status: "ready", summary: { rows: 1, points: 150 } });
    expect(await db().loyaltyMember.count()).toBe(0);
    expect(await upload("apply", file)).toMatchObject({ status: "applied", imported: 1 });
    expect(await db().loyaltyMember.findUniqueOrThrow({ where: { customerId: ana.id } })).toMatchObject({ balance: 150 });
  });

  test("the import page reports row errors and refuses a request without a file", async () => {
    expect(await upload("apply", "E-Mail;Punkte\nniemand@example.com;-1\n")).toMatchObject({
      status: "invalid",
      errors: [{ line: 2, column: "Punkte", code: "points_negative" }],
    });
    const form = new FormData();
    form.set("intent", "apply");
    const request = await signedAdminRequest(STORE, new Request(importUrl, { method: "POST", body: form }));
    const refused = await importAction({ request, params: {}, context: { runtime } }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(400);
  });

  test("a file over 10 MB is refused before it is read", async () => {
    expect(await upload("preview", `email;points\n${"x".repeat(10 * 1024 * 1024)}`)).toEqual({ status: "too_large" });
  });

  test("the export is an attachment that is never cached, in the admin's language", async () => {
    await customer(shopId, { platformId: "1001", email: "ana@example.com" });
    await importBalances(db(), shopId, utf8("email;points\nana@example.com;150\n"), "apply", NOW);
    const request = await signedAdminRequest(STORE, new Request(`${TEST_ENV.SHOPIFY_APP_URL}/app/loyalty/export?locale=de-DE`));
    const response = await exportLoader({ request, params: {}, context: { runtime } });
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="treueprogramm-mitglieder-kaffee-kontor-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    // The BOM, for Excel (Response.text() would drop it).
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const body = new TextDecoder().decode(bytes);
    expect(body.startsWith("E-Mail;Name;Kunden-ID;Punkte")).toBe(true);
    expect(body).toContain("ana@example.com;;1001;150;150;0;;");
  });
});
