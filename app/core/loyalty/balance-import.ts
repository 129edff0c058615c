import { parseCsv, type CsvRecord } from "~/core/csv";
import { normalizeEmail } from "~/core/customers/email";

// Reading a file of points balances that another loyalty app (Smile.io, LoyaltyLion, Yotpo, Joy)
// or a spreadsheet exported: which column is what, and every row checked, so the import either
// takes the whole file or shows the merchant each line to fix. Pure: the service matches the rows
// to customers and writes them.

export const MAX_IMPORT_POINTS = 10_000_000;
// One file is one transaction, written member by member through the ledger (about 12 ms a row on
// PostgreSQL, 28 ms on the embedded database, measured with 5,000 rows): larger member bases are
// imported in several files, each whole or not at all.
export const MAX_IMPORT_ROWS = 10_000;
const MAX_NOTE_LENGTH = 500;

export const IMPORT_ERROR_CODES = [
  // The file as a whole.
  "not_utf8",
  "empty_file",
  "no_rows",
  "too_many_rows",
  "unterminated_quote",
  "missing_points_column",
  "missing_customer_column",
  "duplicate_column",
  // One row.
  "customer_missing",
  "invalid_email",
  "invalid_customer_id",
  "points_missing",
  "points_negative",
  "points_not_integer",
  "points_too_large",
  "points_invalid",
  "invalid_date",
  "date_in_past",
  "note_too_long",
  "duplicate_customer",
  // Found by the service, matching rows to the shop's customers.
  "unknown_customer",
  "ambiguous_email",
] as const;
export type ImportErrorCode = (typeof IMPORT_ERROR_CODES)[number];

export interface ImportError {
  /** The file's line (1-based), the header being line 1. */
  line: number;
  /** The column's heading as the file has it; null for a problem of the whole file or row. */
  column: string | null;
  code: ImportErrorCode;
}

export interface ImportRow {
  line: number;
  /** Normalized; null when the row names the customer by id only. */
  email: string | null;
  /** The platform's customer id (digits); null when the row names the customer by e-mail only. */
  platformId: string | null;
  points: number;
  /** From the file; null: the program's expiry rule applies. */
  expiresAt: Date | null;
  note: string | null;
}

export interface ReadResult {
  rows: ImportRow[];
  errors: ImportError[];
  /** The headings of the columns recognized, by field (for the preview). */
  columns: Partial<Record<ImportField, string>>;
}

type ImportField = "email" | "platformId" | "points" | "expiresAt" | "note";

/** Headings compared without case, spaces, dashes, underscores or dots: "E-Mail" = "email". */
function headingKey(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[\s\-_.()#:]/g, "")
    .replace(/ä/g, "ae")
    .replace(/ö/g, "oe")
    .replace(/ü/g, "ue")
    .replace(/ß/g, "ss");
}

// The headings of this app's own export (German and English) and of the common loyalty apps'
// customer exports. Columns with other headings are ignored: exports carry many more.
const HEADINGS: Readonly<Record<ImportField, readonly string[]>> = {
  email: ["email", "e-mail", "email address", "e-mail-adresse", "emailadresse", "customer email", "kunden-e-mail", "mail"],
  platformId: [
    "customer_id",
    "customer id",
    "shopify customer id",
    "shopify_customer_id",
    "shopify-kunden-id",
    "kunden-id",
    "kundennummer",
    "merchant_id",
    "platform id",
  ],
  points: [
    "points",
    "punkte",
    "balance",
    "points balance",
    "points_balance",
    "point balance",
    "loyalty points",
    "points_approved",
    "available points",
    "punktestand",
    "punktekonto",
    "kontostand",
    "guthaben",
  ],
  expiresAt: [
    "expires_at",
    "expires at",
    "expiry",
    "expiry date",
    "expiration date",
    "points expiry date",
    "points expire at",
    "ablaufdatum",
    "gueltig bis",
    "verfaellt am",
    "laeuft ab am",
  ],
  note: ["note", "notes", "notiz", "bemerkung", "comment", "kommentar", "reason", "grund"],
};

const FIELD_BY_KEY: ReadonlyMap<string, ImportField> = new Map(
  Object.entries(HEADINGS).flatMap(([field, headings]) => headings.map((heading) => [headingKey(heading), field as ImportField] as const)),
);

/** The column each field is in; errors for a field named twice or a required one missing. */
function mapColumns(header: CsvRecord): { columns: Map<ImportField, number>; errors: ImportError[] } {
  const columns = new Map<ImportField, number>();
  const errors: ImportError[] = [];
  header.cells.forEach((heading, index) => {
    const field = FIELD_BY_KEY.get(headingKey(heading));
    if (field === undefined) return;
    if (columns.has(field)) errors.push({ line: header.line, column: heading.trim(), code: "duplicate_column" });
    else columns.set(field, index);
  });
  if (!columns.has("points")) errors.push({ line: header.line, column: null, code: "missing_points_column" });
  if (!columns.has("email") && !columns.has("platformId")) errors.push({ line: header.line, column: null, code: "missing_customer_column" });
  return { columns, errors };
}

export type FieldResult<T> = { ok: true; value: T } | { ok: false; code: ImportErrorCode };

/** A whole, non-negative number of points up to the limit; a blank cell is a missing value. */
export function parsePoints(raw: string): FieldResult<number> {
  const text = raw.trim();
  if (text === "") return { ok: false, code: "points_missing" };
  if (/^-\s*\d/.test(text)) return { ok: false, code: "points_negative" };
  if (/^\d+[.,]\d+$/.test(text)) {
    // "120.0" or "120,00" from a spreadsheet's number format is still a whole number; "1.234" as a
    // German thousands separator is not read as 1,234, because it cannot be told from 1.234 points.
    return /^\d+[.,]0+$/.test(text) ? checkPoints(Number(text.split(/[.,]/)[0])) : { ok: false, code: "points_not_integer" };
  }
  if (!/^\d+$/.test(text)) return { ok: false, code: "points_invalid" };
  return checkPoints(Number(text));
}

function checkPoints(points: number): FieldResult<number> {
  return points > MAX_IMPORT_POINTS ? { ok: false, code: "points_too_large" } : { ok: true, value: points };
}

/** Shopify's customer id, as digits or as its GraphQL id "gid://shopify/Customer/…". */
export function parseCustomerId(raw: string): FieldResult<string> {
  const text = raw.trim();
  const match = /^(?:gid:\/\/shopify\/Customer\/)?(\d{1,20})$/.exec(text);
  return match ? { ok: true, value: match[1]! } : { ok: false, code: "invalid_customer_id" };
}

const DAY_MS = 86_400_000;

/**
 * An expiry date: ISO ("2027-03-31", "2027-03-31T12:00:00Z") or German ("31.03.2027"). A date
 * without a time means through the end of that day (UTC): the points expire when the next begins.
 * US-style "03/31/2027" is refused, since it cannot be told from "31/03" in general.
 */
export function parseExpiry(raw: string): FieldResult<Date> {
  const text = raw.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  const day = iso ? calendarDay(+iso[1]!, +iso[2]!, +iso[3]!) : german ? calendarDay(+german[3]!, +german[2]!, +german[1]!) : null;
  if (iso || german) return day === null ? { ok: false, code: "invalid_date" } : { ok: true, value: new Date(day.getTime() + DAY_MS) };
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/.test(text)) {
    const at = new Date(text.replace(" ", "T"));
    if (!Number.isNaN(at.getTime()) && calendarDay(+text.slice(0, 4), +text.slice(5, 7), +text.slice(8, 10))) return { ok: true, value: at };
  }
  return { ok: false, code: "invalid_date" };
}

/** Midnight UTC of the day, or null when the day does not exist (31 February). */
function calendarDay(year: number, month: number, day: number): Date | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? date : null;
}

function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

const fileError = (code: ImportErrorCode, line = 1): ReadResult => ({ rows: [], errors: [{ line, column: null, code }], columns: {} });

/**
 * Reads a balance file (UTF-8, with or without BOM; "," or ";" separated): its rows, or every
 * problem found, each with its line and column. `now`: an expiry date already past is an error.
 */
export function readBalanceCsv(file: Uint8Array, now: Date): ReadResult {
  // Excel's plain "CSV" is Windows-1252 on most German computers; "CSV UTF-8" is what is asked for.
  const text = decodeUtf8(file);
  if (text === null) return fileError("not_utf8");
  const parsed = parseCsv(text);
  if (!parsed.ok) return fileError(parsed.code, parsed.line);
  const records = parsed.records.filter((record) => record.cells.some((cell) => cell.trim() !== ""));
  const [header, ...body] = records;
  if (!header) return fileError("empty_file");
  const { columns, errors } = mapColumns(header);
  const headings = Object.fromEntries([...columns].map(([field, index]) => [field, header.cells[index]!.trim()])) as ReadResult["columns"];
  if (errors.length > 0) return { rows: [], errors, columns: headings };
  if (body.length === 0) return { rows: [], errors: [{ line: header.line, column: null, code: "no_rows" }], columns: headings };
  if (body.length > MAX_IMPORT_ROWS) return { ...fileError("too_many_rows", body[MAX_IMPORT_ROWS]!.line), columns: headings };

  const rows: ImportRow[] = [];
  const seenEmails = new Set<string>();
  const seenIds = new Set<string>();
  for (const record of body) {
    const rowErrors: ImportError[] = [];
    const cell = (field: ImportField) => {
      const index = columns.get(field);
      return index === undefined ? "" : (record.cells[index] ?? "");
    };
    const fail = (field: ImportField | null, code: ImportErrorCode) =>
      rowErrors.push({ line: record.line, column: field === null ? null : (headings[field] ?? null), code });

    const rawEmail = cell("email").trim();
    const email = rawEmail === "" ? null : normalizeEmail(rawEmail);
    if (rawEmail !== "" && email === null) fail("email", "invalid_email");
    const rawId = cell("platformId").trim();
    const id = rawId === "" ? null : parseCustomerId(rawId);
    if (id && !id.ok) fail("platformId", id.code);
    if (rawEmail === "" && rawId === "") fail(columns.has("email") ? "email" : "platformId", "customer_missing");

    const points = parsePoints(cell("points"));
    if (!points.ok) fail("points", points.code);
    const rawExpiry = cell("expiresAt").trim();
    const expiry = rawExpiry === "" ? null : parseExpiry(rawExpiry);
    if (expiry && !expiry.ok) fail("expiresAt", expiry.code);
    if (expiry?.ok && expiry.value.getTime() <= now.getTime()) fail("expiresAt", "date_in_past");
    const note = cell("note").trim();
    if (note.length > MAX_NOTE_LENGTH) fail("note", "note_too_long");

    const platformId = id?.ok ? id.value : null;
    // The same customer twice would import twice or make one line win silently: the merchant decides.
    if ((platformId !== null && seenIds.has(platformId)) || (platformId === null && email !== null && seenEmails.has(email))) {
      fail(platformId !== null ? "platformId" : "email", "duplicate_customer");
    }
    if (platformId !== null) seenIds.add(platformId);
    if (email !== null) seenEmails.add(email);

    if (!points.ok || rowErrors.length > 0) {
      errors.push(...rowErrors);
      continue;
    }
    rows.push({
      line: record.line,
      email,
      platformId,
      points: points.value,
      expiresAt: expiry?.ok ? expiry.value : null,
      note: note === "" ? null : note,
    });
  }
  // The valid rows come back beside the errors so a preview can count them; nothing is applied
  // while any error stands.
  return { rows, errors, columns: headings };
}
