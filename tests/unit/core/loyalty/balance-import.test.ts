import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { renderCsv } from "~/core/csv";
import {
  MAX_IMPORT_POINTS,
  MAX_IMPORT_ROWS,
  parseCustomerId,
  parseExpiry,
  parsePoints,
  readBalanceCsv,
  type ImportRow,
} from "~/core/loyalty/balance-import";

// Reading another loyalty app's balance file: columns found by their headings in German or
// English, every row checked, each problem reported with its line and column.

const NOW = new Date("2026-12-04T12:00:00Z");
const utf8 = (text: string) => new TextEncoder().encode(text);
const read = (text: string) => readBalanceCsv(utf8(text), NOW);

describe("parsePoints", () => {
  it.each([
    ["0", 0],
    ["120", 120],
    [" 42 ", 42],
    ["007", 7],
    ["120.0", 120],
    ["120,00", 120],
    [String(MAX_IMPORT_POINTS), MAX_IMPORT_POINTS],
  ])("%j → %d", (raw, points) => {
    expect(parsePoints(raw)).toEqual({ ok: true, value: points });
  });

  it.each([
    ["", "points_missing"],
    ["   ", "points_missing"],
    ["-5", "points_negative"],
    ["- 5", "points_negative"],
    ["12.5", "points_not_integer"],
    ["1,234", "points_not_integer"],
    ["1.234", "points_not_integer"],
    [String(MAX_IMPORT_POINTS + 1), "points_too_large"],
    ["99999999999999999999999", "points_too_large"],
    ["abc", "points_invalid"],
    ["1e3", "points_invalid"],
    ["1 000", "points_invalid"],
    ["+5", "points_invalid"],
    ["0x10", "points_invalid"],
  ])("%j is refused as %s", (raw, code) => {
    expect(parsePoints(raw)).toEqual({ ok: false, code });
  });

  it("reads every whole number in range as itself", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: MAX_IMPORT_POINTS }), (points) => {
      expect(parsePoints(String(points))).toEqual({ ok: true, value: points });
    }));
  });
});

describe("parseCustomerId", () => {
  it.each([
    ["207119551123456783", "207119551123456783"],
    [" 42 ", "42"],
    ["gid://shopify/Customer/207119551123456783", "207119551123456783"],
  ])("%j → %j", (raw, id) => {
    expect(parseCustomerId(raw)).toEqual({ ok: true, value: id });
  });

  it.each(["2.07119551123457E+17", "abc", "gid://shopify/Order/1", "-1", "12 34"])("%j is refused", (raw) => {
    expect(parseCustomerId(raw)).toEqual({ ok: false, code: "invalid_customer_id" });
  });
});

describe("parseExpiry", () => {
  it.each([
    ["2027-03-31", "2027-04-01T00:00:00.000Z"],
    ["31.03.2027", "2027-04-01T00:00:00.000Z"],
    ["1.4.2027", "2027-04-02T00:00:00.000Z"],
    ["2028-02-29", "2028-03-01T00:00:00.000Z"],
    ["2027-03-31T12:30:00Z", "2027-03-31T12:30:00.000Z"],
    ["2027-03-31T12:30:00+02:00", "2027-03-31T10:30:00.000Z"],
    ["2027-03-31 12:30:00.123Z", "2027-03-31T12:30:00.123Z"],
  ])("%j → %s", (raw, iso) => {
    const parsed = parseExpiry(raw);
    expect(parsed.ok && parsed.value.toISOString()).toBe(iso);
  });

  it.each(["31.02.2027", "2027-02-29", "2027-13-01", "03/31/2027", "31/03/2027", "tomorrow", "2027-03-31T25:00:00Z", "2027-03-31T12:00", "20270331"])(
    "%j is refused",
    (raw) => {
      expect(parseExpiry(raw)).toEqual({ ok: false, code: "invalid_date" });
    },
  );
});

describe("readBalanceCsv: columns", () => {
  it.each([
    ["email,points", ","],
    ["E-Mail;Punkte", ";"],
    ["Email;Points balance", ";"],
    ["Customer Email,Loyalty Points", ","],
    ["E-Mail-Adresse;Punktestand", ";"],
    ["EMAIL , POINTS_BALANCE", ","],
  ])("finds e-mail and points under %j", (header, separator) => {
    const result = read(`${header}\nana@example.com${separator}120\n`);
    expect(result.errors).toEqual([]);
    expect(result.rows).toEqual([{ line: 2, email: "ana@example.com", platformId: null, points: 120, expiresAt: null, note: null }]);
  });

  it("reads a LoyaltyLion-style export by its Shopify id, ignoring the columns it does not know", () => {
    const result = read("id,merchant_id,email,points_approved,points_pending,tier\n9,207119551123456783,,300,20,Gold\n");
    expect(result.errors).toEqual([]);
    expect(result.rows).toEqual([{ line: 2, email: null, platformId: "207119551123456783", points: 300, expiresAt: null, note: null }]);
  });

  it("reads every optional column in German", () => {
    const result = read("\uFEFFShopify-Kunden-ID;E-Mail;Punkte;Ablaufdatum;Notiz\n42;Jörg@Example.DE;1500;31.12.2027;aus Smile.io\n");
    expect(result.errors).toEqual([]);
    expect(result.columns).toEqual({ platformId: "Shopify-Kunden-ID", email: "E-Mail", points: "Punkte", expiresAt: "Ablaufdatum", note: "Notiz" });
    expect(result.rows[0]).toEqual({
      line: 2,
      email: "jörg@example.de",
      platformId: "42",
      points: 1500,
      expiresAt: new Date("2028-01-01T00:00:00Z"),
      note: "aus Smile.io",
    });
  });

  it("refuses a file without a points column or without a customer column", () => {
    expect(read("email;name\na@b.de;Ana\n").errors).toEqual([{ line: 1, column: null, code: "missing_points_column" }]);
    expect(read("name;points\nAna;5\n").errors).toEqual([{ line: 1, column: null, code: "missing_customer_column" }]);
  });

  it("refuses a column given twice", () => {
    expect(read("email;points;Punkte\na@b.de;5;6\n").errors).toEqual([{ line: 1, column: "Punkte", code: "duplicate_column" }]);
  });
});

describe("readBalanceCsv: the file", () => {
  it.each([
    ["", "empty_file"],
    ["\n;;\n\n", "empty_file"],
    ["email;points\n", "no_rows"],
    ["email;points\n;\n", "no_rows"],
  ])("%j → %s", (text, code) => {
    expect(read(text).errors).toEqual([{ line: 1, column: null, code }]);
  });

  it("refuses a file that is not UTF-8 (Excel's plain CSV on a German computer)", () => {
    const windows1252 = Uint8Array.from([...utf8("email;points\nj"), 0xf6, ...utf8("rg@example.de;5\n")]);
    expect(readBalanceCsv(windows1252, NOW).errors).toEqual([{ line: 1, column: null, code: "not_utf8" }]);
  });

  it("says where a quote is left open", () => {
    expect(read('email;points\na@b.de;5\n"c@d.de;6\n').errors).toEqual([{ line: 3, column: null, code: "unterminated_quote" }]);
  });

  it("refuses more rows than one import takes", () => {
    const text = `email;points\n${Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, i) => `c${i}@example.com;1`).join("\n")}`;
    expect(read(text).errors).toEqual([{ line: MAX_IMPORT_ROWS + 2, column: null, code: "too_many_rows" }]);
  });

  it("skips blank lines, keeping the file's line numbers", () => {
    const result = read("email,points\r\n\r\na@b.de,1\r\n,\r\nc@d.de,2\r\n");
    expect(result.rows.map((row) => [row.line, row.email])).toEqual([
      [3, "a@b.de"],
      [5, "c@d.de"],
    ]);
  });
});

describe("readBalanceCsv: rows", () => {
  it("reports each problem with its line and the column's heading as the file has it", () => {
    const result = read(
      [
        "E-Mail;Kunden-ID;Punkte;Ablaufdatum;Notiz",
        "ana@example.com;;100;;",
        "kein-at-zeichen;;5;;",
        ";;5;;",
        "bo@example.com;;-3;;",
        "cy@example.com;;2,5;;",
        "di@example.com;1.2E+17;viele;2026-12-01;",
        `ed@example.com;;1;31.02.2027;${"x".repeat(501)}`,
        "ANA@example.com ;;7;;",
        ";77;1;;",
        ";77;1;;",
      ].join("\n"),
    );
    expect(result.errors).toEqual([
      { line: 3, column: "E-Mail", code: "invalid_email" },
      { line: 4, column: "E-Mail", code: "customer_missing" },
      { line: 5, column: "Punkte", code: "points_negative" },
      { line: 6, column: "Punkte", code: "points_not_integer" },
      { line: 7, column: "Kunden-ID", code: "invalid_customer_id" },
      { line: 7, column: "Punkte", code: "points_invalid" },
      { line: 7, column: "Ablaufdatum", code: "date_in_past" },
      { line: 8, column: "Ablaufdatum", code: "invalid_date" },
      { line: 8, column: "Notiz", code: "note_too_long" },
      { line: 9, column: "E-Mail", code: "duplicate_customer" },
      { line: 11, column: "Kunden-ID", code: "duplicate_customer" },
    ]);
    // The valid rows are still counted for the preview.
    expect(result.rows.map((row) => row.line)).toEqual([2, 10]);
  });

  it("names a customer missing in the id column when the file has no e-mail column", () => {
    expect(read("customer_id,points\n,5\n").errors).toEqual([{ line: 2, column: "customer_id", code: "customer_missing" }]);
  });

  it("reads a quoted note with separators, quotes and a line break", () => {
    const result = read('email;points;note\nana@example.com;5;"Umzug; ""Gold"" bei\nSmile"\nbo@example.com;6;\n');
    expect(result.rows.map((row) => [row.line, row.note])).toEqual([
      [2, 'Umzug; "Gold" bei\nSmile'],
      [4, null],
    ]);
  });
});

describe("readBalanceCsv: what the CSV writer writes, it reads back", () => {
  // E-mails as normalizeEmail keeps them, including local parts Excel would take for formulas.
  const email = fc
    .tuple(fc.stringMatching(/^[a-z0-9=+\-@'._]{0,3}[a-z0-9]{1,8}$/), fc.constantFrom("example.com", "rösterei.de", "shop.co.uk"))
    .filter(([local]) => !local.includes("@") && !local.startsWith(".") && !local.includes(".."))
    .map(([local, domain]) => `${local}@${domain}`);
  const row = fc.record({
    email: fc.option(email, { nil: null }),
    platformId: fc.option(fc.bigInt({ min: 1n, max: 10n ** 18n }).map(String), { nil: null }),
    points: fc.integer({ min: 0, max: MAX_IMPORT_POINTS }),
    expiresAt: fc.option(fc.integer({ min: 1, max: 3_650 }).map((days) => new Date(Date.UTC(2026, 11, 5 + days))), { nil: null }),
    note: fc.option(fc.string({ unit: fc.constantFrom(..."ab ;,\"\n=+-@ü☕"), minLength: 1, maxLength: 20 }).filter((text) => text.trim() === text && text !== ""), {
      nil: null,
    }),
  });
  const uniqueRows = fc
    .array(row, { minLength: 1, maxLength: 20 })
    .map((rows) => rows.filter((r) => r.email !== null || r.platformId !== null))
    .filter((rows) => rows.length > 0)
    .filter((rows) => new Set(rows.map((r) => r.platformId ?? `@${r.email}`)).size === rows.length)
    .filter((rows) => new Set(rows.filter((r) => r.email !== null).map((r) => r.email)).size === rows.filter((r) => r.email !== null).length);

  const headers = {
    de: ["E-Mail", "Shopify-Kunden-ID", "Punkte", "Ablaufdatum", "Notiz"],
    en: ["Email", "Shopify customer ID", "Points", "Expires at", "Note"],
  } as const;
  // The expiry as either kind of date the reader takes: the day before, through its end.
  const dayBefore = (date: Date, locale: "de" | "en") => {
    const day = new Date(date.getTime() - 86_400_000);
    const [y, m, d] = day.toISOString().slice(0, 10).split("-");
    return locale === "de" ? `${d}.${m}.${y}` : `${y}-${m}-${d}`;
  };

  it("for any rows, in German with ';' and in English with ','", () => {
    fc.assert(
      fc.property(fc.constantFrom("de" as const, "en" as const), uniqueRows, (locale, rows) => {
        const text = renderCsv(
          [
            headers[locale],
            ...rows.map((r) => [r.email ?? "", r.platformId ?? "", String(r.points), r.expiresAt ? dayBefore(r.expiresAt, locale) : "", r.note ?? ""]),
          ],
          locale === "de" ? ";" : ",",
        );
        const result = readBalanceCsv(utf8(text), NOW);
        expect(result.errors).toEqual([]);
        expect(result.rows.map(({ line: _line, ...rest }): Omit<ImportRow, "line"> => rest)).toEqual(rows);
      }),
      { numRuns: 200 },
    );
  });
});

describe("readBalanceCsv: any input", () => {
  it("never throws, and every problem points at a line of the file", () => {
    const text = fc.string({ unit: fc.constantFrom(..."email;points,\"\n\r 0123456789-.@a"), maxLength: 200 });
    fc.assert(
      fc.property(fc.oneof(text.map((t) => `email;points\n${t}`), text), (input) => {
        const result = readBalanceCsv(utf8(input), NOW);
        const lines = input.split("\n").length;
        for (const error of result.errors) {
          expect(error.line).toBeGreaterThanOrEqual(1);
          expect(error.line).toBeLessThanOrEqual(lines);
        }
        for (const row of result.rows) expect(row.points).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 500 },
    );
  });
});
