import type { Locale } from "~/i18n/translate";

// CSV as merchants exchange it with Excel: written so a double click opens it correctly, read back
// from what Excel, Numbers, LibreOffice or another app saved.
//
// Excel reads a double-clicked CSV with the list separator of the computer's region: ";" wherever
// the decimal separator is a comma (Germany, Austria, Switzerland), "," in English-speaking ones.
// A file follows the merchant's language, which is the best guess of that region available; a
// "sep=;" first line would force it, but makes Excel ignore the BOM and garble umlauts. The BOM is
// what makes Excel read the file as UTF-8 at all.

export type CsvSeparator = ";" | ",";

const SEPARATORS: Readonly<Record<Locale, CsvSeparator>> = { de: ";", en: "," };
export const CSV_BOM = "\uFEFF";
// RFC 4180 and Excel both end records with CRLF; a newline inside a quoted cell stays as it is.
const LINE_END = "\r\n";

/**
 * Cells Excel (and other spreadsheets) would run as a formula: "=HYPERLINK(…)", "+1+1", "@SUM".
 * Also those that already start with apostrophes before one, so that taking the guard's one
 * apostrophe off when reading gives back exactly what was written.
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;
/** A cell as the guard wrote it: the guard's apostrophe first. */
const GUARDED = /^'+[=+\-@\t\r]/;

export function csvSeparator(locale: Locale): CsvSeparator {
  return SEPARATORS[locale];
}

/** One cell: formula starts neutralized with a leading apostrophe, quoted when it must be. */
export function csvCell(value: string, separator: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  const mustQuote = safe.includes(separator) || /["\r\n]/.test(safe);
  return mustQuote ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One record, line end included. */
export function csvLine(cells: readonly string[], separator: string): string {
  return cells.map((cell) => csvCell(cell, separator)).join(separator) + LINE_END;
}

/** A whole file: BOM, then one line per row (the first is usually the header). */
export function renderCsv(rows: ReadonlyArray<readonly string[]>, separator: string): string {
  return CSV_BOM + rows.map((row) => csvLine(row, separator)).join("");
}

export interface CsvRecord {
  /** The file's line (1-based) the record starts on; a quoted cell may span more. */
  line: number;
  cells: string[];
}

export type CsvParseResult =
  | { ok: true; separator: CsvSeparator; records: CsvRecord[] }
  | { ok: false; code: "unterminated_quote"; line: number };

/**
 * The separator of a file: whichever of ";" and "," its first line that is not blank (outside
 * quotes) holds more of. A one-column file has neither and is read with ",".
 */
export function detectSeparator(text: string): CsvSeparator {
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (const char of text.trimStart()) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === "\n" || char === "\r")) break;
    else if (!quoted && char === ";") semicolons++;
    else if (!quoted && char === ",") commas++;
  }
  return semicolons > commas ? ";" : ",";
}

/**
 * Reads CSV text (RFC 4180: quoted cells may hold separators, doubled quotes and newlines; lines
 * end with CRLF or LF). A leading BOM is dropped, and so is the apostrophe `csvCell` put before a
 * formula start, so what this module wrote reads back as it was.
 */
export function parseCsv(input: string): CsvParseResult {
  const text = input.startsWith(CSV_BOM) ? input.slice(1) : input;
  const separator = detectSeparator(text);
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let quoteLine = 1;
  const endCell = () => {
    cells.push(GUARDED.test(cell) ? cell.slice(1) : cell);
    cell = "";
  };
  const endRecord = () => {
    endCell();
    records.push({ line: recordLine, cells });
    cells = [];
    recordLine = line;
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else {
        if (char === "\n") line++;
        cell += char;
      }
    } else if (char === '"' && cell === "") {
      // Only a quote that opens a cell quotes it; one inside (5" Tasse) is text, as Excel reads it.
      quoted = true;
      quoteLine = line;
    } else if (char === separator) endCell();
    else if (char === "\n" || (char === "\r" && text[i + 1] === "\n")) {
      if (char === "\r") i++;
      line++;
      endRecord();
    } else cell += char;
  }
  if (quoted) return { ok: false, code: "unterminated_quote", line: quoteLine };
  // The last record needs no line end.
  if (cell !== "" || cells.length > 0) endRecord();
  return { ok: true, separator, records };
}
