import { describe, expect, it } from "vitest";
import type { TimelineItem } from "~/core/customers/customer-queries.server";
import { formatDate, formatDateTime, formatMoney, formatNumber } from "~/i18n/format";
import {
  customerDisplayName,
  financialStatusLabel,
  fulfillmentStatusLabel,
  timelineLabel,
} from "~/i18n/labels";
import { createTranslator, interpolate, isMessageKey, placeholdersOf, translate } from "~/i18n/translate";

// Intl separates currency and amount with a no-break space; compare on plain spaces.
const plain = (text: string | null) => text?.replace(/[\u00a0\u202f]/g, " ");

describe("translate", () => {
  it("looks messages up in the requested language", () => {
    expect(translate("de", "nav.customers")).toBe("Kunden");
    expect(translate("en", "nav.customers")).toBe("Customers");
  });

  it("fills {name} placeholders", () => {
    expect(translate("en", "common.page", { page: "3" })).toBe("Page 3");
    expect(translate("de", "customers.emptySearch", { query: "anna" })).toBe("Keine Kunden gefunden für „anna“.");
    expect(interpolate("{a} and {b} and {a}", "en", { a: "x", b: "y" })).toBe("x and y and x");
  });

  it("formats number values for the language", () => {
    expect(translate("de", "home.counts.guests", { count: 12345 })).toBe("davon 12.345 Gäste");
    expect(translate("en", "home.counts.guests", { count: 12345 })).toBe("12,345 of them guests");
  });

  it("leaves a placeholder without a value visible", () => {
    expect(translate("en", "common.page")).toBe("Page {page}");
    expect(interpolate("Hi {name}", "en", { other: 1 })).toBe("Hi {name}");
  });

  it("does not interpret values as placeholders or patterns", () => {
    expect(interpolate("Search: {query}", "en", { query: "{page} $& $1" })).toBe("Search: {page} $& $1");
  });

  it("ignores inherited properties as variables", () => {
    expect(interpolate("{toString}", "en", {})).toBe("{toString}");
  });

  it("binds a translator to one language", () => {
    const t = createTranslator("de");
    expect(t("nav.orders")).toBe("Bestellungen");
  });

  it("knows which data-built keys exist", () => {
    expect(isMessageKey("deliveryStatus.DEAD")).toBe(true);
    expect(isMessageKey("deliveryStatus.UNKNOWN_STATUS")).toBe(false);
    expect(isMessageKey("constructor")).toBe(false);
  });

  it("lists placeholders", () => {
    expect(placeholdersOf("{b} x {a}")).toEqual(["a", "b"]);
    expect(placeholdersOf("none")).toEqual([]);
  });
});

describe("formatting", () => {
  it("formats minor units exactly in the locale", () => {
    expect(plain(formatMoney("de", 123456, "EUR"))).toBe("1.234,56 €");
    expect(plain(formatMoney("en", 123456, "EUR"))).toBe("€1,234.56");
    expect(plain(formatMoney("de", -5, "EUR"))).toBe("-0,05 €");
    expect(plain(formatMoney("en", 500, "JPY"))).toBe("¥500");
    // 2^53 - 1 minor units: a float division would print a wrong last cent.
    expect(plain(formatMoney("en", 9007199254740991, "USD"))).toBe("$90,071,992,547,409.91");
  });

  it("does not throw on an unknown currency", () => {
    expect(formatMoney("de", 100, "XX")).toBe("100 XX");
  });

  it("formats dates in the Berlin time zone", () => {
    // 23:30 UTC on 31 December is already 1 January in Berlin.
    expect(formatDate("de", "2024-12-31T23:30:00.000Z")).toBe("01.01.2025");
    expect(formatDate("en", "2024-12-31T23:30:00.000Z")).toBe("Jan 1, 2025");
    expect(plain(formatDateTime("de", "2025-06-01T10:05:00.000Z"))).toBe("01.06.2025, 12:05");
    expect(formatDate("de", null)).toBeNull();
  });

  it("formats plain numbers", () => {
    expect(formatNumber("de", 1234.56, 1)).toBe("1.234,6");
    expect(formatNumber("en", 1234)).toBe("1,234");
  });
});

describe("labels", () => {
  const t = createTranslator("de");

  it("names a customer by name, email, or a pseudonym", () => {
    const id = "0f8fad5b-d9cb-469f-a165-70867728950e";
    expect(customerDisplayName(t, { id, name: "Anna Schmidt", email: "a@example.com", redacted: false })).toBe(
      "Anna Schmidt",
    );
    expect(customerDisplayName(t, { id, name: null, email: "a@example.com", redacted: false })).toBe("a@example.com");
    expect(customerDisplayName(t, { id, name: null, email: null, redacted: false })).toBe("Ohne Namen");
    expect(customerDisplayName(t, { id, name: "x", email: "y", redacted: true })).toBe("Anonymisierter Kunde 0f8fad5b");
  });

  it("translates statuses in either spelling and shows unknown ones as stored", () => {
    expect(financialStatusLabel(t, "paid")).toBe("Bezahlt");
    expect(financialStatusLabel(t, "PARTIALLY_REFUNDED")).toBe("Teilweise erstattet");
    expect(financialStatusLabel(t, "something_new")).toBe("something_new");
    expect(fulfillmentStatusLabel(t, null)).toBe("Nicht versandt");
    expect(fulfillmentStatusLabel(t, "PARTIALLY_FULFILLED")).toBe("Teilweise versandt");
    expect(fulfillmentStatusLabel(t, "partial")).toBe("Teilweise versandt");
  });

  const item = (overrides: Partial<TimelineItem>): TimelineItem => ({
    id: "e1",
    kind: "order.placed",
    occurredAt: "2025-01-01T00:00:00.000Z",
    orderName: "#1001",
    amountMinor: 4990,
    currency: "EUR",
    consentFrom: null,
    consentTo: null,
    cancelReason: null,
    points: null,
    tier: null,
    referralRole: null,
    referralStatus: null,
    ...overrides,
  });

  it("describes every timeline kind", () => {
    expect(plain(timelineLabel(t, "de", item({})))).toBe("Bestellung #1001 aufgegeben (49,90 €)");
    const en = createTranslator("en");
    expect(plain(timelineLabel(en, "en", item({})))).toBe("Placed order #1001 (€49.90)");
    expect(plain(timelineLabel(t, "de", item({ kind: "order.refunded", amountMinor: 1000 })))).toBe(
      "10,00 € für Bestellung #1001 erstattet",
    );
    expect(timelineLabel(t, "de", item({ kind: "order.cancelled", cancelReason: "customer" }))).toBe(
      "Bestellung #1001 storniert (Grund: Wunsch des Kunden)",
    );
    expect(timelineLabel(t, "de", item({ kind: "order.cancelled" }))).toBe("Bestellung #1001 storniert");
    expect(
      timelineLabel(t, "de", item({ kind: "customer.consent_changed", consentFrom: "NOT_SUBSCRIBED", consentTo: "SUBSCRIBED" })),
    ).toBe("E-Mail-Marketing geändert von „Nicht angemeldet“ zu „Angemeldet“");
    expect(timelineLabel(t, "de", item({ kind: "customer.created" }))).toBe("Kundenkonto angelegt");
    expect(timelineLabel(t, "de", item({ kind: "customer.deleted" }))).toBe("Kundenkonto im Shop gelöscht");
    expect(timelineLabel(t, "de", item({ kind: "loyalty.points_earned", points: 120 }))).toBe("120 Punkte gesammelt");
    expect(timelineLabel(t, "de", item({ kind: "loyalty.points_clawed_back", points: 1200 }))).toBe(
      "1.200 Punkte nach Erstattung oder Stornierung zurückgenommen",
    );
    expect(timelineLabel(t, "de", item({ kind: "loyalty.tier_changed", tier: "gold" }), (id) => id.toUpperCase())).toBe("Stufe GOLD erreicht");
    expect(timelineLabel(t, "de", item({ kind: "loyalty.tier_changed", tier: null }))).toBe("Treuestufen verlassen");
    expect(timelineLabel(t, "de", item({ kind: "referral.converted", referralRole: "friend", referralStatus: "PENDING" }))).toBe(
      "Erste Bestellung über die Empfehlung einer Freundin oder eines Freundes",
    );
    expect(timelineLabel(t, "de", item({ kind: "referral.converted", referralRole: "advocate", referralStatus: "REVIEW" }))).toContain("zur Prüfung zurück");
    expect(timelineLabel(en, "en", item({ kind: "referral.converted", referralRole: "advocate", referralStatus: "REJECTED" }))).toContain("rejected the referral");
    expect(timelineLabel(en, "en", item({ kind: "referral.converted", referralRole: "advocate", referralStatus: "PENDING" }))).toContain("after the return window");
    expect(timelineLabel(t, "de", item({ kind: "referral.voided", cancelReason: "cancelled" }))).toContain("storniert");
    expect(timelineLabel(t, "de", item({ kind: "referral.voided", cancelReason: "refunded" }))).toContain("erstattet");
    expect(timelineLabel(t, "de", item({ kind: "referral.rewarded", points: 1000 }))).toBe("Für eine Empfehlung mit 1.000 Punkten belohnt");
    expect(timelineLabel(en, "en", item({ kind: "referral.rewarded" }))).toBe("Rewarded for a referral with a discount code");
    expect(timelineLabel(t, "de", item({ kind: "loyalty.earned" }))).toBe("Ereignis „loyalty.earned“");
    expect(timelineLabel(t, "de", item({ orderName: null }))).toContain("(ohne Nummer)");
  });
});
