import { describe, expect, it } from "vitest";
import { csvCell } from "~/core/csv";
import { DataExportSchema, renderExportCsv } from "~/core/privacy/export-csv";

/** Reads CSV as Excel does (RFC 4180): quoted cells may hold separators, quotes and newlines. */
function parseCsv(text: string, separator: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === separator) {
      row.push(cell);
      cell = "";
    } else if (char === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += char;
  }
  if (cell !== "" || row.length > 0) throw new Error(`unterminated last line: ${JSON.stringify(row)}`);
  return rows;
}

/** An export as exportCustomerData writes it (BigInt amounts as strings, dates as ISO). */
const EXPORT = {
  customers: [
    {
      id: "0e4b1c52-0000-4000-8000-000000000001",
      shopId: "0e4b1c52-0000-4000-8000-0000000000aa",
      platformId: "207119551123456783",
      email: "ana.example@example.com",
      emailNormalized: "ana.example@example.com",
      firstName: "Ana",
      lastName: 'Müller "Die Röster"; Köln',
      phone: "+41791234567",
      emailMarketingConsent: "SUBSCRIBED",
      tags: ["VIP", "Newsletter"],
      isGuest: false,
      addressCity: "Zürich",
      totalSpentMinor: "123456",
      sourceCreatedAt: "2025-01-15T10:00:00.000Z",
      shippingStreet: "Bahnhofstrasse 1",
      redactedAt: null,
      createdAt: "2025-01-15T10:00:01.000Z",
    },
  ],
  orders: [
    {
      id: "x",
      platformId: "450789469123456781",
      name: "#1001",
      processedAt: "2026-11-20T08:15:00.000Z",
      totalMinor: "4990",
      currency: "EUR",
      financialStatus: "paid",
      fulfillmentStatus: "fulfilled",
      cancelledAt: null,
      lineItems: [
        { title: "Espresso Bohnen", variantTitle: "1 kg", sku: "=HYPERLINK(\"http://evil\")", quantity: 2, unitPriceMinor: "1995", currency: "EUR" },
      ],
      discountCodes: [{ code: "WELCOME10", amountMinor: "500", currency: "EUR" }],
      refunds: [{ processedAt: "2026-11-25T09:00:00.000Z", note: "Glas zerbrochen,\nneu geschickt", amountMinor: "1995", currency: "EUR" }],
    },
  ],
  timeline: [
    {
      id: "t1",
      kind: "order.placed",
      occurredAt: "2026-11-20T08:15:00.000Z",
      data: { name: "#1001", totalMinor: "4990", currency: "EUR" },
    },
  ],
};

const csv = (locale: "de" | "en", exported: unknown = EXPORT) =>
  renderExportCsv(DataExportSchema.parse(exported), locale, "EUR");
// Intl separates amount and currency (and time and AM) with no-break spaces; compared as spaces.
const rowsOf = (locale: "de" | "en", exported: unknown = EXPORT) =>
  parseCsv(csv(locale, exported).slice(1), locale === "de" ? ";" : ",").map((r) => r.map((cell) => cell.replace(/[\u00a0\u202f]/g, " ")));
const row = (rows: string[][], first: string, field: string) => rows.find((r) => r[0] === first && r[3] === field);

describe("csvCell", () => {
  it.each([
    ["plain", ";", "plain"],
    ["a;b", ";", '"a;b"'],
    ["a;b", ",", "a;b"],
    ["a,b", ",", '"a,b"'],
    ['say "hi"', ";", '"say ""hi"""'],
    ["two\nlines", ";", '"two\nlines"'],
    ["carriage\rreturn", ";", '"carriage\rreturn"'],
    ["", ";", ""],
    ["=1+1", ";", "'=1+1"],
    ["+49 30 123", ";", "'+49 30 123"],
    ["-5", ";", "'-5"],
    ["@SUM(A1)", ";", "'@SUM(A1)"],
    ["\tcmd", ";", "'\tcmd"],
    ['=HYPERLINK("x";"y")', ";", '"\'=HYPERLINK(""x"";""y"")"'],
    ["a=b", ";", "a=b"],
    ["Müller ☕", ";", "Müller ☕"],
  ])("%j with %j → %j", (value, separator, expected) => {
    expect(csvCell(value, separator)).toBe(expected);
  });
});

describe("renderExportCsv", () => {
  it("starts with a UTF-8 BOM and ends every line with CRLF", () => {
    const text = csv("de");
    expect(text.startsWith("\uFEFF")).toBe(true);
    expect(Buffer.from(text, "utf8").subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text.replaceAll("\r\n", "").includes("\r")).toBe(false);
  });

  it("uses semicolons and German headings in German", () => {
    const rows = rowsOf("de");
    expect(rows[0]).toEqual(["Datensatz", "Bestellung", "Datum", "Feld", "Wert", "Menge", "Betrag", "Status"]);
    expect(rows.every((r) => r.length === 8)).toBe(true);
    expect(row(rows, "Kunde", "Vorname")?.[4]).toBe("Ana");
    expect(row(rows, "Kunde", "E-Mail-Marketing")?.[4]).toBe("Angemeldet");
    expect(row(rows, "Kunde", "Gastbestellung")?.[4]).toBe("Nein");
    expect(row(rows, "Kunde", "Umsatz gesamt")?.[4]).toBe("1.234,56 €");
  });

  it("uses commas and English headings in English", () => {
    const rows = rowsOf("en");
    expect(rows[0]).toEqual(["Record type", "Order", "Date", "Field", "Value", "Quantity", "Amount", "Status"]);
    expect(rows.every((r) => r.length === 8)).toBe(true);
    expect(row(rows, "Customer", "First name")?.[4]).toBe("Ana");
    expect(row(rows, "Customer", "Guest checkout")?.[4]).toBe("No");
    expect(row(rows, "Customer", "Total spent")?.[4]).toBe("€1,234.56");
  });

  it("keeps quotes, separators and newlines inside one cell", () => {
    for (const locale of ["de", "en"] as const) {
      const rows = rowsOf(locale);
      expect(rows.some((r) => r[4] === 'Müller "Die Röster"; Köln')).toBe(true);
      expect(rows.some((r) => r[3] === "Glas zerbrochen,\nneu geschickt")).toBe(true);
    }
  });

  it("neutralizes cells Excel would run as formulas", () => {
    const rows = rowsOf("de");
    const line = rows.find((r) => r[0] === "Position");
    expect(line?.[4]).toBe("'=HYPERLINK(\"http://evil\")");
    expect(row(rows, "Kunde", "Telefon")?.[4]).toBe("'+41791234567");
    expect(rows.flat().some((cell) => /^[=+\-@]/.test(cell))).toBe(false);
  });

  it("lists orders with number, date, total and status, their lines, codes and refunds, and the history", () => {
    const de = rowsOf("de");
    expect(de.find((r) => r[0] === "Bestellung")).toEqual(["Bestellung", "#1001", "20.11.2026, 09:15", "", "", "", "49,90 €", "Bezahlt, Versandt"]);
    expect(de.find((r) => r[0] === "Position")).toEqual(["Position", "#1001", "", "Espresso Bohnen – 1 kg", "'=HYPERLINK(\"http://evil\")", "2", "39,90 €", ""]);
    expect(de.find((r) => r[0] === "Rabattcode")?.slice(3)).toEqual(["WELCOME10", "", "", "5,00 €", ""]);
    expect(de.find((r) => r[0] === "Erstattung")?.[6]).toBe("19,95 €");
    expect(de.find((r) => r[0] === "Verlauf")).toEqual(["Verlauf", "#1001", "20.11.2026, 09:15", "Bestellung #1001 aufgegeben (49,90 €)", "", "", "", ""]);
    const en = rowsOf("en");
    expect(en.find((r) => r[0] === "Order")?.slice(1)).toEqual(["#1001", "Nov 20, 2026, 9:15 AM", "", "", "", "€49.90", "Paid, Fulfilled"]);
    expect(en.find((r) => r[0] === "Refund")?.[6]).toBe("€19.95");
  });

  it("leaves out the store's internal keys and empty fields, keeps fields it has no label for", () => {
    const cells = rowsOf("de").flat();
    expect(cells).not.toContain("0e4b1c52-0000-4000-8000-000000000001");
    expect(cells).not.toContain("emailNormalized");
    expect(cells).not.toContain("Gelöscht am");
    expect(row(rowsOf("de"), "Kunde", "shippingStreet")?.[4]).toBe("Bahnhofstrasse 1");
    expect(row(rowsOf("de"), "Kunde", "Tags")?.[4]).toBe("VIP, Newsletter");
  });

  it("gives only the heading for an export that found nothing", () => {
    expect(rowsOf("en", { customers: [], orders: [], timeline: [] })).toHaveLength(1);
  });
});

/** The loyalty part as loyaltyExport (~/core/privacy/loyalty-export.server) writes it. */
const LOYALTY = {
  members: [
    {
      memberSince: "2026-01-10T09:00:00.000Z",
      balance: 366,
      available: 266,
      pending: 100,
      tier: { id: "silver", name: { de: "Silber", en: "Silver" } },
      tierSince: "2026-11-20T08:15:00.000Z",
      birthday: { month: 3, day: 15, setAt: "2026-02-01T10:00:00.000Z" },
      lastActivityAt: "2026-11-20T08:15:00.000Z",
      entries: [
        { kind: "EARN", points: 266, occurredAt: "2026-11-20T08:15:00.000Z", availableAt: "2026-12-04T08:15:00.000Z", expiresAt: "2027-12-04T08:15:00.000Z", reason: null, orderName: "#1001" },
        { kind: "ADJUST", points: 600, occurredAt: "2026-11-21T10:00:00.000Z", availableAt: null, expiresAt: null, reason: "Goodwill: late parcel", orderName: null },
        { kind: "EARN", points: 100, occurredAt: "2026-03-15T00:00:00.000Z", availableAt: "2026-03-15T00:00:00.000Z", expiresAt: null, reason: "birthday", orderName: null },
        { kind: "REDEEM", points: -500, occurredAt: "2026-11-22T10:00:00.000Z", availableAt: null, expiresAt: null, reason: null, orderName: null },
      ],
      rewards: [
        {
          reward: { id: "five-off", title: { de: "5 € Rabatt", en: "€5 off" } },
          points: 500,
          code: "TREUE-7KQ2-M4XD",
          status: "ISSUED",
          createdAt: "2026-11-22T10:00:00.000Z",
          expiresAt: "2027-02-20T10:00:00.000Z",
          usedAt: null,
        },
      ],
    },
  ],
  mails: [
    {
      kind: "points_earned",
      locale: "de",
      to: "ana.example@example.com",
      subject: "Sie haben 266 Punkte gesammelt",
      text: "Hallo Ana, …",
      status: "SENT",
      createdAt: "2026-11-20T08:16:00.000Z",
      sentAt: "2026-11-20T08:17:00.000Z",
    },
  ],
};

describe("renderExportCsv: the loyalty program", () => {
  const withLoyalty = { ...EXPORT, loyalty: LOYALTY };

  it("shows the membership, each entry, the reward and the mail, in German", () => {
    const rows = rowsOf("de", withLoyalty);
    expect(rows.every((r) => r.length === 8)).toBe(true);
    expect(row(rows, "Treueprogramm", "Punkte")?.[4]).toBe("366");
    expect(row(rows, "Treueprogramm", "Verfügbar")?.[4]).toBe("266");
    expect(row(rows, "Treueprogramm", "Stufe")?.[4]).toBe("Silber");
    expect(row(rows, "Treueprogramm", "Geburtstag")?.[4]).toBe("15. März");
    expect(row(rows, "Treueprogramm", "Geburtstag angegeben am")?.[4]).toBe("01.02.2026, 11:00");
    expect(row(rows, "Treueprogramm", "Mitglied seit")?.[4]).toBe("10.01.2026, 10:00");
    const points = rows.filter((r) => r[0] === "Treuepunkte");
    expect(points).toEqual([
      ["Treuepunkte", "#1001", "20.11.2026, 09:15", "Gesammelt", "", "266", "", "Verfügbar ab 04.12.2026, 09:15 · Verfällt am 04.12.2027, 09:15"],
      ["Treuepunkte", "", "21.11.2026, 11:00", "Korrigiert", "Goodwill: late parcel", "600", "", ""],
      ["Treuepunkte", "", "15.03.2026, 01:00", "Gesammelt", "Geburtstagspunkte", "100", "", ""],
      ["Treuepunkte", "", "22.11.2026, 11:00", "Eingelöst", "", "'-500", "", ""],
    ]);
    expect(rows.find((r) => r[0] === "Prämie")).toEqual(["Prämie", "", "22.11.2026, 11:00", "5 € Rabatt", "TREUE-7KQ2-M4XD", "500", "", "Ausgegeben · Gültig bis 20.02.2027, 11:00"]);
    expect(rows.find((r) => r[0] === "E-Mail")).toEqual(["E-Mail", "", "20.11.2026, 09:16", "Sie haben 266 Punkte gesammelt", "ana.example@example.com", "", "", "Gesendet am 20.11.2026, 09:17"]);
  });

  it("shows them in English", () => {
    const rows = rowsOf("en", withLoyalty);
    expect(row(rows, "Loyalty program", "Points")?.[4]).toBe("366");
    expect(row(rows, "Loyalty program", "Pending (return window)")?.[4]).toBe("100");
    expect(row(rows, "Loyalty program", "Tier")?.[4]).toBe("Silver");
    expect(row(rows, "Loyalty program", "Birthday")?.[4]).toBe("March 15");
    expect(rows.find((r) => r[0] === "Loyalty points" && r[1] === "#1001")?.slice(3)).toEqual([
      "Earned",
      "",
      "266",
      "",
      "Available from Dec 4, 2026, 9:15 AM · Expires on Dec 4, 2027, 9:15 AM",
    ]);
    expect(rows.find((r) => r[0] === "Reward")?.slice(3)).toEqual(["€5 off", "TREUE-7KQ2-M4XD", "500", "", "Issued · Valid until Feb 20, 2027, 11:00 AM"]);
    expect(rows.find((r) => r[0] === "Email")?.[7]).toBe("Sent on Nov 20, 2026, 9:17 AM");
  });

  it("names what the shop no longer has by its id, a used reward by when, a mail not sent by its state", () => {
    const [member] = LOYALTY.members;
    const changed = {
      ...EXPORT,
      loyalty: {
        members: [{ ...member, tier: { id: "platinum", name: null }, birthday: null, rewards: [{ ...member!.rewards[0], reward: { id: "old-reward", title: null }, status: "USED", usedAt: "2026-11-25T10:00:00.000Z" }] }],
        mails: [{ ...LOYALTY.mails[0], status: "FAILED", sentAt: null }],
      },
    };
    const rows = rowsOf("en", changed);
    expect(row(rows, "Loyalty program", "Tier")?.[4]).toBe("platinum");
    expect(row(rows, "Loyalty program", "Birthday")).toBeUndefined();
    expect(rows.find((r) => r[0] === "Reward")?.slice(3)).toEqual(["old-reward", "TREUE-7KQ2-M4XD", "500", "", "Used on Nov 25, 2026, 11:00 AM"]);
    expect(rows.find((r) => r[0] === "Email")?.[7]).toBe("Not delivered");
  });

  it("renders an export stored before the loyalty part as before", () => {
    expect(DataExportSchema.parse(EXPORT).loyalty).toEqual({ members: [], mails: [] });
    expect(csv("de")).toBe(csv("de", { ...EXPORT, loyalty: { members: [], mails: [] } }));
    expect(rowsOf("en").some((r) => ["Loyalty program", "Loyalty points", "Reward", "Email"].includes(r[0]!))).toBe(false);
  });
});
