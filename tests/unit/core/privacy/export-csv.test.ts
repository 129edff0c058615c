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
