import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvLine, detectSeparator, parseCsv, renderCsv } from "~/core/csv";

// The shared CSV writer and reader: what one writes, the other reads back cell for cell.

const records = (text: string) => {
  const parsed = parseCsv(text);
  if (!parsed.ok) throw new Error(`unreadable: ${parsed.code} at ${parsed.line}`);
  return parsed.records;
};
const cellsOf = (text: string) => records(text).map((record) => record.cells);

describe("detectSeparator", () => {
  it.each([
    ["email;points\r\n", ";"],
    ["email,points\r\n", ","],
    ["E-Mail;Punkte;Notiz", ";"],
    ['"a,b";c\n1,2,3', ";"],
    ['"a;b;c",d\n', ","],
    ["points\n1;2;3", ","],
    ["", ","],
  ])("%j → %j", (text, separator) => {
    expect(detectSeparator(text)).toBe(separator);
  });
});

describe("parseCsv", () => {
  it("reads CRLF and LF lines, with or without a final line end", () => {
    expect(cellsOf("a;b\r\n1;2\r\n")).toEqual([["a", "b"], ["1", "2"]]);
    expect(cellsOf("a,b\n1,2")).toEqual([["a", "b"], ["1", "2"]]);
  });

  it("drops the BOM", () => {
    expect(cellsOf("\uFEFFemail;points\n")).toEqual([["email", "points"]]);
  });

  it("keeps separators, doubled quotes and newlines inside quoted cells", () => {
    expect(cellsOf('a;b\n"x;y";"say ""hi"""\n"two\nlines";z\n')).toEqual([
      ["a", "b"],
      ["x;y", 'say "hi"'],
      ["two\nlines", "z"],
    ]);
  });

  it("reads a quote inside an unquoted cell as text", () => {
    expect(cellsOf('a;b\n5" Tasse;1\n')).toEqual([["a", "b"], ['5" Tasse', "1"]]);
  });

  it("numbers records by the line they start on", () => {
    expect(records('h;i\n"multi\nline";1\nnext;2\n\nlast;3').map((record) => record.line)).toEqual([1, 2, 4, 5, 6]);
  });

  it("keeps empty cells and empty lines as records", () => {
    expect(cellsOf("a;b;c\n;;\n\n")).toEqual([["a", "b", "c"], ["", "", ""], [""]]);
  });

  it("says where a quote is never closed", () => {
    expect(parseCsv('a;b\n1;2\n"open;3\n4;5\n')).toEqual({ ok: false, code: "unterminated_quote", line: 3 });
  });

  it("takes back the apostrophe the writer put before a formula start, and no other", () => {
    const cells = ["=1+1", "+49 30", "-5", "@x", "'quoted", "it's", "'=already", "''-twice"];
    expect(cellsOf(csvLine(cells, ";"))).toEqual([cells]);
  });
});

describe("renderCsv", () => {
  it("writes the BOM, quotes what must be quoted, ends lines with CRLF", () => {
    expect(renderCsv([["a", "b;c"], ['"q"', ""]], ";")).toBe('\uFEFFa;"b;c"\r\n"""q""";\r\n');
  });

  it("reads back what it wrote, for any cells, with either separator", () => {
    // Cells of printable text, separators, quotes, newlines and formula starts; at least two
    // columns and a first cell that is not empty, as a header has.
    const cell = fc.string({ unit: fc.constantFrom(..."aZ9 ;,\"'\n\r\t=+-@äß☕"), maxLength: 12 });
    fc.assert(
      fc.property(
        fc.constantFrom(";" as const, "," as const),
        fc.integer({ min: 2, max: 5 }).chain((width) =>
          fc.array(fc.array(cell, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 8 }),
        ),
        (separator, rows) => {
          // The header decides the separator: it carries one more of the file's separator.
          const header = Array.from({ length: rows[0]!.length }, (_, index) => `h${index}`);
          const parsed = parseCsv(renderCsv([header, ...rows], separator));
          expect(parsed.ok && parsed.separator).toBe(separator);
          expect(parsed.ok && parsed.records.map((record) => record.cells)).toEqual([header, ...rows]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
